"""Datelines ("BEIRUT (Reuters) -"), agency names and publication dates stated in bylines.

Works on prose ("WASHINGTON (AP) --", "LONDON, March 3 (Reuters) -") and on lowercased, tokenized
text ("beirut ( reuters ) -", "london , march 3 ( reuters ) -").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.text.boilerplate import player_close
from storyline.text.calendar import MONTHS, TIME_ZONES, WEEKDAYS
from storyline.text.casing import lowercased
from storyline.text.lists import entries, place_names

if TYPE_CHECKING:
    from storyline.model import Article, Sentence

# Agency name (lowercase) -> the source it stands for, from data/agencies.txt: "associated press" -> "AP".
AGENCIES = {form.lower(): source or form for form, source, mark in entries("agencies") if mark != "casing"}

# a month as datelines write it ("Sept.", "Jan", "March"); MONTHS knows each by its first three letters
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

# A date in a dateline: "March 3", "Jan. 22", "22 January", optionally with a year.
_DATELINE_DATE = rf"(?:{_MONTH}\s+{_DAY}(?:\s*,\s*{_YEAR})?|{_DAY}\s+{_MONTH}(?:\s*,?\s*{_YEAR})?)"
_WORD = r"[^\W\d_][\w.'’&-]*"
_PLACES = rf"{_WORD}(?:\s+{_WORD}){{0,4}}?(?:\s*\\?/\s*{_WORD}(?:\s+{_WORD}){{0,3}}?)?"  # "NEW YORK/SAN FRANCISCO"
_PARTS = rf"(?P<place>{_PLACES})(?:\s*,\s*(?!{_MONTH})(?P<region>{_WORD}(?:\s+{_WORD}){{0,2}}?)(?:\s+\.)?)?"  # "wyo ." tokenized
_DASH = r"(?:--?|—|–|_|:)"

# PLACE[, Region][, Date] (Agency) [dash]
_WITH_AGENCY = re.compile(
    rf"{_PARTS}(?:\s*,\s*(?P<date>{_DATELINE_DATE}))?\s*\(\s*(?P<agency>[^()\d]{{1,40}}?)\s*\)\s*(?P<dash>{_DASH}(?=\s|$))?\s*",
    re.IGNORECASE,
)
# [Date] (Agency) dash, the place left out, as after a web page's stamp: "Jan 11 (Reuters) - The BP ...",
# "(Reuters) - Health officials ..."
_DATE_AGENCY = re.compile(
    rf"(?:(?P<date>{_DATELINE_DATE})\s*\(\s*(?P<dated>[^()\d]{{1,40}}?)\s*\)\s*{_DASH}(?=\s)"
    rf"|\(\s*(?P<agency>[^()\d]{{1,40}}?)\s*\)\s*(?:{_DASH}(?=\s)|(?=[\"“‘'A-Za-z])))\s*",
    re.IGNORECASE,
)  # ... or, with no date, no dash: "(CNN) Investigators ...", "(CNN)Investigators ..." (the agency a known one)
_LISTED_PLACE = re.compile(rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,2}})\s+(?:--?|—|–)\s+")
# PLACE[, Region][, Date] dash, with the place in capitals: "WASHINGTON —" (prose only)
_PLACE_ONLY = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:\\?/[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})?)"
    rf"(?:,\s*(?!(?i:{_MONTH}))(?P<region>{_WORD}(?:\s+{_WORD}){{0,2}}?))?"
    rf"(?:,\s*(?P<date>(?i:{_DATELINE_DATE})))?\s+(?P<dash>--?|—|–|_)\s+",
)
# Capitals before a dash that are no place: wire slugs ("EXCLUSIVE -"), a word a hyphen joins to
# the next ("NATO - led forces") and, with no region or date after them, initialisms ("U.S. - China
# talks", "UN - Peacekeepers"); "HUE, Vietnam —" is a place.
_SLUGS = frozenset(
    "exclusive breaking analysis factbox update insight corrected correction refile wrapup preview timeline"
    " interview column editorial urgent flash explainer scenarios feature opinion commentary advisory"
    " bulletin alert live".split()
)
_INITIALISM = re.compile(r"(?:[A-Z]\.)+|[A-Z]{1,3}")
_JOINED = re.compile(r"(\s+and\s+|\s*&\s*|\s*/\s*)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# words no dateline's place holds; a time zone ends a page's stamp before it ("7:50 pm EDT HALVERN (Reuters) -")
_NOT_PLACE = frozenset("the a an said says and in on at to for from with by as of he she it they we".split()) | set(TIME_ZONES)
_PARTICLES = frozenset("au aux de del des du da di la le les al el es of on upon and y".split())

# A full date in a byline: "Saturday , 25 April 2009", "March 3, 2017", "2017-03-03".
_FULL_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s*,?\s*)?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y1>{_YEAR})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\s*,?\s*(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})-(?P<m3>\d\d)-(?P<d3>\d\d))\b",
    re.IGNORECASE,
)
# What may stand just before a byline date: nothing, a separator, a clock time, or a byline word.
_BYLINE_LEAD = re.compile(
    r"(?:^|[|,:;–—-]|\b\d{1,2}\s*:\s*\d\d(?:\s*[ap]\.?m\.?)?|\b(?:[ap]\.?m|gmt|utc|bst|cet|est|edt|pst|pdt|time)\.?"
    r"|\b(?:published|updated|posted|dated|modified|created|last updated))\s*$",
    re.IGNORECASE,
)
_BYLINE_SPAN = 240  # characters at the start of a text where a byline date may stand
# A web page's stamp at the start of its first sentence: a clock time with "pm" or its zone, after a
# full date, a numeric one, a "|" or a word such as "updated" ("HALVERN | Tue Mar 11, 2031 6:20 pm EDT",
# "14 October 2031 Last updated at 08:17 GMT", "Tamsin Reed | 10:42 UK time, Monday, 6 June 2033").
_ZONE = r"(?:gmt|utc|bst|cest|cet|edt|est|cdt|cst|pdt|pst|et|pt|jst|ist|uk(?:\s+time)?)\b\.?"
_CLOCK_ZONE = re.compile(
    rf"\b\d{{1,2}}\s*[:.]\s*\d\d(?:\s*[ap]\.?m\b\.?(?:\s*{_ZONE})?|\s*{_ZONE})", re.IGNORECASE
)
# a stamp whose clock time names no zone, opening the sentence ("8 November 2031 Last updated at 06:28")
_BARE_STAMP = re.compile(
    rf"(?:{_FULL_DATE.pattern})?\s*(?:last\s+)?(?:updated|published|posted)\s+(?:at\s+)?\d{{1,2}}:\d\d\b(?!\s*[:.]?\d)",
    re.IGNORECASE,
)
_STAMP_LEAD = re.compile(r"\||\b(?:published|updated|posted|modified)\b|^[\d\s/.-]+$", re.IGNORECASE)  # or a numeric date
_STAMP_SPAN = 100  # characters before the clock time
_STAMP_MORE = re.compile(r"[\s,|]*(?:(?:last\s+)?(?:published|updated|posted|modified|added)(?:\s+at)?\s*:?\s*)?", re.IGNORECASE)
DATELINE_REACH = 3  # sentences at the start of an article where a dateline may stand (after a byline)
# A byline run into the sentence it opens: "By Ann Lee and Tom Hart" before a capital, or with a
# title and an outlet ("By Ann Lee Environment correspondent, BBC News, Texas ...") and a known place
_EDITORS_NOTE = re.compile(
    r"\(\s*(?:recasts|adds|updates|corrects|repeats|refiles|changes|writes through|for (?:a|an|full|more|other|related)\b)"
    r"(?:[^()]|\([^()]*\))*\)\s+",
    re.IGNORECASE,
)
_WRITER = rf"(?!(?i:{'|'.join([*MONTHS, *WEEKDAYS])})\b)[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){{1,2}}?"  # not "By Tuesday Morning"
_BYLINE = re.compile(
    rf"By {_WRITER}(?:\s*,?\s+and {_WRITER})?"
    r"(?:[^.!?]{0,50}?\b(?P<outlet>BBC(?: World)? News|BBC World Service|Reuters|Associated Press|CNN)\b"
    r"(?:\s+(?:Staff\s+)?(?:Writer|Correspondent|Reporter))?\s*,?)?"
    r"\s+(?=[A-Z\"'‘“(])",
)
_DATELINE_SPAN = 160  # characters at the start of a sentence where a dateline may stand
# an agency's credit for the page's photo, before the sentence it opens: "(AP Photo)", "(Reuters Photo/Ann Lee)"
_PHOTO_CREDIT = re.compile(r"\(\s*(?P<agency>[^()/]{1,40}?)\s+photos?(?:\s*/[^()]{0,60})?\s*\)\s*", re.IGNORECASE)
# a digest's item mark, or a dash a dateline left ("(Xinhua) --The ..."); "-" and "_" items are list items
_BULLET = re.compile(r"^\s*(?:--|[—–])(?:\s+(?=\S)|(?=[A-Z]))")


@dataclass(slots=True, frozen=True)
class Dateline:
    place: str | None
    agency: str | None
    date: dt.date | None  # only when the dateline states a full date with its year
    end: int  # where the sentence proper starts


def parse_dateline(sentence: str, *, tokenized: bool = False) -> Dateline | None:
    """The dateline at the start of a sentence, if there is one."""
    sentence = sentence[:_DATELINE_SPAN]
    m = _WITH_AGENCY.match(sentence)
    if m and _plausible(m, tokenized):
        place = m["place"]
        return Dateline(
            place=normalize_place(place.lower() if tokenized and not place.istitle() else place),  # "San bernardino"
            agency=normalize_agency(m["agency"], tokenized=tokenized),
            date=_date_from(m["date"]),
            end=m.end(),
        )
    m = _DATE_AGENCY.match(sentence)
    agency = m and (m["agency"] or m["dated"])
    if agency and agency.lower() in AGENCIES:
        return Dateline(None, normalize_agency(agency, tokenized=tokenized), _date_from(m["date"]), m.end())
    if not tokenized:
        m = _PLACE_ONLY.match(sentence)
        if m and _plausible_place(m):
            return Dateline(place=normalize_place(m["place"]), agency=None, date=_date_from(m["date"]), end=m.end())
    else:  # a place in lowercase, known to the lists, then a dash: "washington -- ", "Tokyo — " (lowercased prose)
        m = _LISTED_PLACE.match(sentence)
        if m and m["place"].lower() in place_names():
            return Dateline(place=normalize_place(m["place"].lower()), agency=None, date=None, end=m.end())
    return None


def _plausible(m: re.Match, tokenized: bool) -> bool:
    words = m["place"].split()
    if _NOT_PLACE & {w.lower() for w in words}:
        return False
    agency = m["agency"]
    if agency.lower() not in AGENCIES and (not m["dash"] or len(agency.split()) > 4 or not _LETTER.search(agency)):
        return False
    if tokenized:
        return True
    # prose: every word of the place capitalised (particles aside)
    return all(w[0].isupper() or w.split("-")[0].lower() in _PARTICLES for w in words)


def _plausible_place(m: re.Match) -> bool:
    words = set(m["place"].lower().split())
    if words & (_NOT_PLACE | _SLUGS) or (m["dash"] == "-" and m.string[m.end() : m.end() + 1].islower()):
        return False
    return bool(m["region"] or m["date"]) or not _INITIALISM.fullmatch(m["place"])


def without_dateline(sentence: str, *, tokenized: bool = False) -> str:
    """The sentence after its leading dateline ("BERLIN (AP) _ The bank ..." -> "The bank ...");
    the sentence as it is when it has no dateline or nothing follows the dateline."""
    d = parse_dateline(sentence, tokenized=tokenized)
    rest = sentence[d.end :].lstrip() if d else ""
    if not rest:
        return sentence
    return rest if tokenized else rest[0].upper() + rest[1:]


def without_note(sentence: str) -> str:
    """The sentence after a wire editor's note that opens it ("(Recasts; adds quotes)", "(For a
    factbox, click (ID: nLG76170))"); the sentence as it is when it has none or little follows it."""
    m = _EDITORS_NOTE.match(sentence)
    return sentence if m is None or len(sentence[m.end() :].split()) < 4 else sentence[m.end() :]


def without_byline(sentence: str) -> str:
    """The sentence after a byline that opens it (_BYLINE), and after a known place that follows its
    outlet; the sentence as it is when it has none or little follows it."""
    m = _BYLINE.match(sentence)
    if m is None:
        return sentence
    rest = sentence[m.end() :]
    if m["outlet"] and sentence[: m.end()].rstrip().endswith(","):
        words = rest.split()
        for n in (3, 2, 1):  # "New Orleans Brook had meant to sail": the place, when the lists know it
            if len(words) > n and " ".join(words[:n]).lower() in place_names():
                rest = rest.split(None, n)[n]
                break
    return sentence if len(rest.split()) < 4 else rest


def without_stamp(sentence: str) -> str:
    """The sentence after a web page's stamp that opens it (a date and clock time: _CLOCK_ZONE, or a
    bare clock time after "updated at": _BARE_STAMP); the sentence as it is when it has none or little
    follows it."""
    m = _CLOCK_ZONE.search(sentence, 0, _DATELINE_SPAN)
    if m is None or m.start() > _STAMP_SPAN:
        m = _BARE_STAMP.match(sentence)
        if m is None:
            return sentence
    elif not (_STAMP_LEAD.search(sentence, 0, m.start()) or _FULL_DATE.search(sentence, 0, m.start())):
        return sentence
    end = m.end()
    # what may follow: a date, another clock time, an "updated:" stamp ("10:42 UK time, Monday, 6 June 2033")
    while more := _STAMP_MORE.match(sentence, end):
        found = _FULL_DATE.match(sentence, more.end()) or _CLOCK_ZONE.match(sentence, more.end())
        if found is None:
            break
        end = found.end()
    rest = sentence[end:].lstrip(" ,|-–—:")
    return rest if len(rest.split()) >= 2 else sentence


def without_credit(sentence: str) -> str:
    """The sentence after a news agency's photo credit that opens it ("(AP Photo) President ..." ->
    "President ..."); the sentence as it is when it has none or little follows it."""
    m = _PHOTO_CREDIT.match(sentence)
    if m is None or m["agency"].lower() not in AGENCIES or len(sentence[m.end() :].split()) < 4:
        return sentence
    return _capitalised(sentence[m.end() :])


def without_opening(sentence: str) -> str:
    """The sentence after a page's stamp, an editor's note and a byline that may open it, in the order
    quoted() reads them: where an article's dateline stands ("2031 04 25 08:50 JST By Ada Brook PORT
    ALDER (Reuters) - ...")."""
    sentence = without_stamp(sentence)
    if sentence.startswith("("):
        sentence = without_note(sentence)
    return without_byline(sentence) if sentence.startswith("By ") else sentence


def quoted(article: Article, sentence: Sentence) -> tuple[str, str]:
    """(text, display) of a sentence as a summary quotes it: without a video player's "Close" before
    the article's first sentence (text.boilerplate.player_close), without the page stamp and the dateline
    that may open one of the article's first sentences (the citation names the article, its source
    and date), without the slug of an item in an editors' digest ("GOP-FORBES (Undated) _ Steve
    Forbes ...") and without a digest's dash bullet ("-- A fourth mine ..."). A wire editor's note,
    a byline or an agency's photo credit there leaves the display only: the text analysed keeps it
    (cut there too, it scores a little lower on the Timeline17 dev topics: docs/decisions.md)."""
    text, display = sentence.text, sentence.display or sentence.text
    if sentence.index == 0 and display.startswith("Close ") and player_close(text, lowercased(article.text, words=1)):
        text, display = text.partition(" ")[2], _capitalised(display.partition(" ")[2])
    if sentence.index < DATELINE_REACH and (stamped := without_stamp(display)) != display:
        text, display = without_stamp(text), _capitalised(stamped)
    if sentence.index < DATELINE_REACH and display.startswith("(") and (unsigned := without_note(display)) != display:
        display = unsigned
    if sentence.index < DATELINE_REACH and display.startswith("By ") and (unsigned := without_byline(display)) != display:
        display = unsigned
    if sentence.index < DATELINE_REACH and display.startswith("(") and (uncredited := without_credit(display)) != display:
        display = uncredited
    if sentence.index < DATELINE_REACH or _digest_item(text, article.tokenized):
        # tokenized text, and prose that came lowercased, write a place in lowercase: "san francisco (AP) --"
        loose = article.tokenized or sentence.index < DATELINE_REACH and lowercased(article.text)
        text, cut = without_dateline(text, tokenized=loose), without_dateline(display, tokenized=loose)
        display = display if cut == display else _capitalised(cut)
    if _BULLET.match(display):
        text, display = _BULLET.sub("", text, count=1), _capitalised(_BULLET.sub("", display, count=1))
    return text, display


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _digest_item(sentence: str, tokenized: bool) -> bool:
    """A slug line past an article's opening: "SLUG (Place) _ ..." with the wire's underscore, which prose never uses."""
    if "_" not in sentence[:_DATELINE_SPAN]:
        return False
    d = parse_dateline(sentence, tokenized=tokenized)
    return d is not None and sentence[: d.end].rstrip().endswith("_")


def is_dateline_only(sentence: str, *, tokenized: bool = False) -> bool:
    """True when the whole sentence is a dateline, e.g. syntok cut "LONDON (AP)" off its sentence."""
    d = parse_dateline(sentence, tokenized=tokenized)
    return d is not None and d.end >= len(sentence.rstrip())


def normalize_agency(name: str, *, tokenized: bool = False) -> str:
    """The usual form of an agency name ("associated press" -> "AP"); unknown names kept as written,
    or, when lowercased, as short names in capitals and long ones in title case ("wspa and ap" -> "WSPA and AP")."""
    name = " ".join(name.split())
    known = AGENCIES.get(name.lower())
    if known:
        return known
    parts = _JOINED.split(name)
    if len(parts) > 1:  # "wspa and ap", "wrdw/wagt": each name on its own, separators kept
        return "".join(p if i % 2 else normalize_agency(p, tokenized=tokenized) for i, p in enumerate(parts))
    if tokenized or name.islower():
        return name.upper() if len(name) <= 4 and " " not in name else title_case(name)
    return name


def normalize_place(place: str) -> str:
    """Readable place name: "NEW YORK" / "new york" -> "New York", "PORT-AU-PRINCE" -> "Port-au-Prince",
    "HOUSTON/WASHINGTON" -> "Houston/Washington"."""
    place = " ".join(place.split()).strip(" ,")
    if "/" in place:
        return "/".join(normalize_place(p) for p in place.replace("\\/", "/").split("/"))
    if place.isupper() or place.islower():
        return title_case(place)
    return place


_INITIALS = re.compile(r"(?:[a-z]\.){2,}")


def title_case(text: str, particles: frozenset[str] = _PARTICLES) -> str:
    """Each word and hyphenated part capitalised but the particles after the first ("Port-au-Prince"),
    after a "Mc" ("McAllen") and in initials ("U.N.")."""
    words = []
    for i, word in enumerate(text.lower().split(" ")):
        parts = word.split("-")
        parts = [p if (i or j) and p in particles else _capitalised(p) for j, p in enumerate(parts)]
        words.append("-".join(parts))
    return " ".join(words)


def _capitalised(word: str) -> str:
    if _INITIALS.fullmatch(word):
        return word.upper()
    if word.startswith("mc") and len(word) > 4 and word[2:].isalpha():
        return "Mc" + word[2].upper() + word[3:]
    return word[:1].upper() + word[1:]


def stated_date(text: str) -> dt.date | None:
    """A full publication date stated in a byline at the start of a text, e.g. "Saturday, 25 April 2009".

    The date must open the text or follow a separator ("|", ",", "-", ":"), a clock time or a word such
    as "Published"; "the August 17, 1999 earthquake" or "off Louisiana April 22, 2010" are events.
    """
    head = text[:_BYLINE_SPAN]
    for m in _FULL_DATE.finditer(head):
        before = head[: m.start()].rstrip()
        if _BYLINE_LEAD.search(before):
            found = _match_date(m)
            if found:
                return found
    return None


def _match_date(m: re.Match) -> dt.date | None:
    try:
        if m["y1"]:
            return dt.date(int(m["y1"]), _month(m["m1"]), int(m["d1"]))
        if m["y2"]:
            return dt.date(int(m["y2"]), _month(m["m2"]), int(m["d2"]))
        return dt.date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
    except ValueError:  # e.g. February 30
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower()[:3]]


def _date_from(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = _FULL_DATE.fullmatch(text.strip())
    return _match_date(m) if m else None


def canonical_source(name: str) -> str:
    """A source as given, with known agency names in their usual form ("reuters" -> "Reuters")."""
    name = " ".join(name.split())
    return AGENCIES.get(name.lower(), name)


def parse_date(value: object) -> dt.date | None:
    """A date from metadata: ISO ("2017-03-03", "2017-03-03T10:00:00Z"), RFC 2822 or "March 3, 2017"."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    import email.utils  # (imported here: 11 ms of every start)

    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    m = _FULL_DATE.search(value)
    return _match_date(m) if m else None
