"""Web and wire furniture in a sentence: credits, links, sharing prompts, photo captions, media
notices, readers' comments, cookie notices and a page's notices about the browser (JavaScript, ad
blockers). Written from what such pages say, not learned from a data set.
Summaries and timelines leave such sentences out, and a story is never named by one."""

from __future__ import annotations

import re

# matched on lowercased text, as whole words ("subscribe", not "subscribers")
PHRASES = (
    "all rights reserved", "(c) ", "click here", "subscribe", "follow us", "follow him on", "follow her on",
    "http:", "https:", "www.", "&#", "| ",
    "toggle caption", "enlarge this image", "photo:", "image caption", "reporting by", "editing by",
    "writing by", "contributed to this report", "associated press writer",
    "story continued below", "see also", "file photo", "getty images",
    "photo gallery", "media caption", "media playback", "email this", "click on", "click below", "click the link", "click the button",
    "is not responsible for the content", "opinions expressed are", "this live page", "this page is", "this page will",
    # cookie and consent notices, newsletter sign-ups and page tools
    "use cookies", "uses cookies", "accept cookies", "accept all cookies", "cookie policy", "cookie settings",
    "breaking news emails", "breaking news alerts", "delivered weekday mornings", "views expressed in",
    "get push notifications", "get email notifications", "your notification", "delivered to your inbox",
    "notifications are only sent",
    "we welcome comments", "copy the url", "skip to main content", "skip to content", "skip to a day",
    "full article", "click next", "may not be reproduced", "non-commercial use only", "presentation-ready copies",
    # video players and page tools run into the text
    "story highlights", "autoplay", "skip ad", "loading video", "to play this content", "flash player",
    "share this story", "focused crawls",
    # notices of a page that its browser cannot show
    "javascript is disabled", "javascript is not enabled", "javascript is turned off", "javascript must be",
    "javascript is required", "javascript enabled", "enable javascript", "turn on javascript",
    "ad blocker", "adblock", "ad-blocker",
    # social widgets and archive banners
    "tweet with a location", "as an interest to stay", "cookies policy", "crawls are part of", "crawl data",
    "warc files", "added to the wayback machine", "404 not found",
)
# words news also uses ("a copyright case", "Millions sign up for ...", "a TV advertisement"): furniture
# only in the forms a page gives them
_SHAPED = (
    r"copyright\s*(?:©|\(c\)|\d{4})|(?:image|photo|picture) copyright\b|^\W*copyright(?:\W+[\w.-]+){0,3}\W*$",
    r"^\W*(?:photo\s+)?advertisement\b|\badvertisement\W*$|\badvertisement\W+continue reading",
    r"\bsign up(?: here| now| today| for (?:our|free|e-?mail|breaking|daily|weekly|the latest|updates|news)"
    r"| to (?:receive|get|our)| you will)\b|^\W*sign up\b",
    r"\bread more\b(?<!^read more)|^\W*read more(?:\W*$|\W*(?:about|at|here|on)\b|\s*[^\w\s])",
    r"(?:our|free|e-?mail|daily|weekly)\s+(?:\w+\s+)?newsletters?\b|\bnewsletters?\s+sign|\bnewsletter!",
    r"^\W*for more information\b",
    r"^\W*a version (?:of this (?:article|story) )?appeared (?:on p\.?\s?\d|in print)",  # a paper's print note
    # a wire desk's note where a corrected version takes up the previous one ("The plane, 5th graf pvs.")
    r"\b(?:\d+(?:st|nd|rd|th)|pick up) grafs?\b|\bgrafs?(?: \d+)?\W*pvs\b",
)
_WORDS = re.compile(
    "|".join((r"(?<!\w)" if p[0].isalnum() else "") + re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in PHRASES)
    + "|" + "|".join(_SHAPED)
)
_HINTS = (*PHRASES, "copyright", "advertisement", "sign up", "read more", "newsletter", "for more information", "a version ",
          "graf")
# an opening that labels the sentence as a notice, or a byline alone
_START = re.compile(r"\W*(?:related|update)\b|\W*(?:please\s+)?note\s*:|\W*(?:by|from) [a-z'-]+(?: [a-z]\.)* [a-z'-]+\W*$")
# a reader's comment under a page: "At 4:27 pm on 18 Sep 2031, Name wrote: ...", also after the text of
# the comment before it where the page's lines ran together ("... will the levee hold ??? At 8:14 pm on ...")
_COMMENT = re.compile(
    r"\bat \d{1,2}\s*:\s*\d\d\s*(?:[ap]\.?m\.?\s*)?(?:on\s+)?\d{1,2}\w*\s+\w+\.?\s+\d{4}\s*,\s*[^,:]{1,40}\swrote\s*:"
)
_EMAIL = re.compile(r"\S@\S")
# a photo or video caption: "In this aerial photo taken ...", "This undated handout photo provided by ...",
# "This image made from video of the Halvern levee ...", "... in this image captured from a live feed"
_CAPTION = re.compile(
    r"\bin this (?:[a-z]+ ){0,3}(?:photo|image|picture|photograph|aerial view|video grab)(?![\w-])"
    r"|\bthis (?:undated |handout |file )+(?:photo|image|picture|photograph)(?![\w-])"
    r"|\bthis image (?:from|made from|taken from|captured from) video\b"
    r"|\b(?:photo|image|picture|photograph) (?:provided|released|distributed) by\b"
)


def boilerplate(text: str) -> bool:
    """True when the sentence is page or wire furniture rather than news."""
    low = text.lower()
    return (
        (any(p in low for p in _HINTS) and bool(_WORDS.search(low)))
        or bool(_START.match(low))
        or ("@" in low and bool(_EMAIL.search(low)))
        or (" wrote" in low and bool(_COMMENT.search(low)))
    )


def caption(text: str) -> bool:
    """True for a photo or video caption written as a sentence ("In this aerial photo taken ...").
    A story is never named by one. Summaries and timelines may still quote it: leaving such
    sentences out of them costs ROUGE on the dev sets."""
    low = text.lower()
    return ("this " in low or " by" in low) and bool(_CAPTION.search(low))


# A video player's "Close" button read as the first word of a page's text, before the video's caption
# ("Close President Obama announced ..."; in text that came lowercased, "Close president obama ...").
# After these words "Close" is the lead's own: "Close to 300 people ...", "Close aides to ...".
_CLOSE = re.compile(r"Close (\S+) ")
_CLOSE_GOES_ON = frozenset(
    "to by behind enough call calls encounter encounters range quarters race races vote votes contest scrutiny "
    "attention examination inspection ties links relations relationship cooperation allies ally aides aide "
    "friends friend family relatives relative associates associate advisers adviser advisors advisor confidants "
    "confidant observers watchers contacts colleagues".split()
)


def player_close(sentence: str, lowercased: bool) -> bool:
    """Whether the sentence that opens a page starts with a video player's "Close": the word after it
    is capitalised, or the article came ``lowercased`` (text.casing.lowercased) and the word is none
    that "Close" goes on with."""
    m = _CLOSE.match(sentence)
    if m is None:
        return False
    after = m[1]
    return after[:1].isupper() or lowercased and after.lower().strip("'\"‘“,") not in _CLOSE_GOES_ON
