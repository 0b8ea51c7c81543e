"""Words of web-page chrome rather than news: cookie and subscription notices, log-in walls, social
media buttons, comment boxes, archive banners, photo captions. Written from what such pages say,
not learned from a data set. An article most of whose words are these is boilerplate (the
tracker's ``chrome_share``; a summary's ``Summarizer.chrome_share``)."""

from collections.abc import Iterable

from storyline.text.tokens import stem

WORDS = """
cookie cookies javascript browser browsers browse browsing enable enabled disabled adblock
subscribe subscribed subscriber subscribers subscription unsubscribe newsletter newsletters inbox
email emails login logged log sign signup password account username register registration
facebook twitter tweet tweets tweeted retweet retweets instagram pinterest youtube linkedin reddit
tumblr snapchat whatsapp hashtag followers follow share shares shared like likes comment comments
commenting reply replies replying upvote upvotes downvote click clicks link links bio profile
page pages site sites website websites homepage url webpage internet online archive archived
archives crawl crawls crawled crawler webcrawl web domain subdomain wayback alexa embargo privacy policy terms cookie
advertisement advertisements advertising ads ad sponsored promo video videos player playback
download app apps install trial notice legal copyright reserved rights loading refresh reload
caption captions toggle enlarge gallery slideshow photo photos image images thumbnail
verified verify items menu search content continue proceed legacy location
""".split()

STEMS = frozenset(stem(w) for w in WORDS)


def share(stems: Iterable[str]) -> float:
    """The share of these content stems (with repeats) that are words of web-page chrome."""
    n = hits = 0
    for s in stems:
        n += 1
        hits += s in STEMS
    return hits / n if n else 0.0
