"""Date expressions in a sentence, resolved against the article's publication date.

Explicit dates ("sept . 5", "September 5, 2017", "5 April 2009", "2017-09-05", "in june",
"since 2013") and relative ones ("on sunday", "yesterday", "this week", "last month", "three
days ago"). Works on cased prose and on lowercased tokenized text alike. Hand-written regular
expressions, compiled once: a general date parser is both slower and far more eager to read
numbers and verbs ("2,000 troops", "they may") as dates.

News conventions: a bare weekday is the most recent such day on or before publication, or the
next one when the clause speaks of the future ("will meet on sunday", "planned to go on
thursday", "is due to arrive", "said he would visit"), of an invitation ("called both sides to
talks on saturday"), of a planned event ("a meeting on saturday", with nothing past in the
clause), of a timetable in the present ("the vote is on sunday", "the inquiry opens on monday",
"ministers are meeting on monday", with nothing past in the clause) or of a deadline ("by monday",
unless "by monday 200 had died"); "after sunday" is forward only after a sure cue of the future
("will reopen after sunday's vote"); a clause that opens with its day ("On Wednesday, X will
meet ...", "On Wednesday, X said it would ...") is read up to its first verb. A month-day without
a year takes the year named after it ("25 June last year"), else, as a month, the year that puts
it nearest the publication date, the past winning ties.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator

from storyline.model import DateMention
from storyline.text.calendar import MONTH_NAMES, MONTHS, WEEKDAYS
from storyline.text.speech import REPORTED

# "week" is a fourth granularity: "this week" is neither a day nor a month.
WEEK = "week"

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
AMBIGUOUS_MONTHS = {"may", "march", "mar"}  # also verbs ("they may", "to march")

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_MONTH = "|".join((*MONTH_NAMES, "sept"))
_DOT = r"(?:\s?\.)?"  # "sept." and tokenized "sept ."
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|,\d{3}|\.\d)"
_YEAR = r"(?P<y>1[7-9]\d\d|20\d\d)(?![\d%]|[,.]\d|\s?(?:percent|per cent)\b)"
_SEP = r"\s*,?\s*"
_EDGE = r"(?<![\w$£€.,])"  # a number not glued to another one ("2,000", "$2014")

_ISO = re.compile(r"(?<![\d/-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})\b{_DOT}\s*{_EDGE}{_DAY}(?:{_SEP}{_YEAR})?", re.I
)
_DAY_MONTH = re.compile(
    rf"{_EDGE}{_DAY}\s+(?:of\s+)?(?P<m>{_MONTH})\b(?:{_DOT}{_SEP}{_YEAR})?", re.I
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\b{_DOT}{_SEP}{_EDGE}{_YEAR}", re.I)
_PERIOD_PART = r"(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+|(?:early|late|mid)[\s-]*)?"
# A bare month ("in may", "since early june"): found by its month word, then the word before it
# (one pattern anchored on every "in" and "of" of a sentence is slow).
_BARE_MONTH_WORD = re.compile(rf"\b(?P<m>{_FULL_MONTH})\b(?!{_DOT}\s*\d)", re.I)
_BARE_MONTH_BEFORE = re.compile(
    r"\b(?P<p>in|since|until|till|by|from|during|through|before|after|of|last|next|this|"
    rf"early|late|mid|between|and|to|or)[\s-]+{_PERIOD_PART}\Z",
    re.I,
)
_BEFORE_REACH = 80  # characters before a month word where its preposition may start
_COUNTED = (  # "in 2000 people": a number of things, not a year
    r"people|persons|troops|soldiers|civilians|residents|workers|cases|deaths|homes|houses|barrels|"
    r"gallons|tons|tonnes|dollars|pounds|euros|miles|km|kilometres|kilometers|feet|metres|meters|more|others|of"
)
_YEAR_CONTEXT = re.compile(
    r"\b(?P<p>in|since|by|until|till|from|before|after|during|between|through|throughout|year|"
    r"(?:summer|spring|autumn|fall|winter)(?:\s+of)?)\s+(?:the\s+)?(?:(?:end|start|beginning|middle)\s+of\s+)?"
    rf"(?:(?:early|late|mid)[\s-]*)?{_EDGE}{_YEAR}(?!s\b|\s+(?:{_COUNTED})\b)",
    re.I,
)
_YEAR_RANGE_TAIL = re.compile(rf"\s*(?:-|–|to|and|until|through)\s*{_EDGE}{_YEAR}", re.I)
_WEEKDAY = re.compile(
    r"\b(?:(?P<p>on|last|this|next|early|late|by|since|until|from|before|after)\s+)?"
    rf"(?P<w>{'|'.join(WEEKDAYS)})\b(?!s\b)",
    re.I,
)
_JOINED = re.compile(r"\s*(?:,|or|and|,\s*or|,\s*and)\s+", re.I)  # "Thursday or Friday"
_RELATIVE_DAY = re.compile(
    r"\b(?P<e>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|"
    r"this\s+(?:morning|afternoon|evening))\b",
    re.I,
)
_RELATIVE_PERIOD = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?P<p>this|last|next)\s+(?P<u>week|month|year)\b", re.I
)
_YEAR_NAMED = re.compile(r"\s*,?\s*(?P<p>this|last|next)\s+year\b", re.I)  # after a day without its year
_STEPS = {"this": 0, "last": -1, "next": 1}
_AGO = re.compile(
    rf"\b(?P<n>{'|'.join(NUMBERS)}|\d{{1,2}})\s+(?P<u>day|week|month|year)s?\s+ago\b", re.I
)
# Sure cues of the future, and the wider set that also reads intention and reported plans
# ("planned to", "is to meet", "said it would"); overtaken() keeps to the sure ones.
FUTURE_SURE = re.compile(
    r"\b(?:will|shall|wo\s?n't|(?:is|are)\s+(?:not\s+)?due|scheduled|set\s+(?:to|for)|plans?\s+to|planning\s+to|"
    r"expected\s+to|going\s+to)\b|['’]\s?ll\b",
    re.I,
)
_FUTURE = re.compile(
    rf"{FUTURE_SURE.pattern}|\b(?:was\s+due|were\s+due|planned\s+to|intends?\s+to|intended\s+to|"
    r"hopes?\s+to|(?<!\bhad )hoped\s+to|prepar(?:es|ing)\s+to|about\s+to|"
    r"aims?\s+to|(?:is|are|was|were)\s+to\s+(?!be\s+\w+ed\b|blame\b)|would(?!\s+have)|(?:is|are)\s+(?:not\s+)?expected|"
    r"upcoming|forthcoming)\b"
    r"|\bdue\s*$",  # "results due on Tuesday"
    re.I,
)
# An event named just before the day, in a clause that tells nothing past of it ("a meeting on
# Saturday", "talks next Friday"), is planned.
_PLANNED = re.compile(
    r"\b(?:meeting|meetings|talks|summit|conference|vote|session|hearing|trip|visit|funeral|memorial|"
    r"ceremony|deadline|election|referendum|rally|match|trial)\s*(?:\s(?:on|by|this|next)\s*)?$",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|held|took|ended|began|attended|opened|closed|started|after|since|ago|last)\b|\w+ed\s+(?:a|the|an)\b",
    re.I,
)
# The first past verb of a clause: "On Friday, Obama toured ... saying it would" is past.
_PAST_VERB = re.compile(
    r"\b(?:\w+ed|said|told|took|made|gave|went|came|saw|met|won|lost|held|stuck|spoke|wrote|began|ran|left|"
    r"found|sent|brought|thought|knew|became|fell|rose|paid|sold|led|kept|struck|hit|got|did|was|were|had|"
    r"sank|shot|fled|broke|caught|chose|drove|fought|flew|grew|stood|spent|threw|bought|stole|wore|sat|lay)\b",
    re.I,
)
# The present of a timetable: an event's verb ("the summit opens on Monday"), the event set on the
# day ("the vote is on Sunday") or an arrangement ("ministers are meeting on Monday").
_TIMETABLE = re.compile(
    r"\b(?:opens|begins|starts|ends|closes|resumes|convenes|reconvenes|takes\s+place|goes\s+ahead|kicks\s+off|"
    r"meets|visits|travels|flies|heads|arrives|returns|testifies|hosts|holds|addresses|votes|announces|publishes|releases)\b"
    # ... and with a plural subject ("Corvessans go to the polls on Sunday"): a verb, not an infinitive,
    # the verb after a modal or a noun after a determiner ("the vote on Sunday")
    r"|(?<!\bto )(?<!\bnot )(?<!n't )(?<!\bcan )(?<!\bcould )(?<!\bmay )(?<!\bmight )(?<!\bmust )(?<!\bshould )"
    r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<![’']s )"
    r"\b(?:go\s+to\s+the\s+polls|go\s+ahead|take\s+place|kick\s+off|begin|convene|reconvene|resume|meet|travel|fly|"
    r"arrive|return|testify|vote)\b",
    re.I,
)
# A past verb right after the day, or after a place that follows it: "on Sunday in Halvern ended".
_PAST_NEXT = re.compile(r"\s*(?:(?:in|at)\s+[A-Z]\w+\s+)?(?:was|were|had|\w{3,}(?<!e)ed)\b")
_ARRANGED = re.compile(r"\b(?:is|are)\s*$|\b(?:is|are|['’]re)\s+(?:\w+ly\s+|still\s+|also\s+|not\s+)?\w{3,}ing\b", re.I)
# What did not happen: "would have arrived", "we'd have gone", "could have been".
_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might|should)\s+(?:not\s+)?have\b|['’]d\s+have\b", re.I)
# Nothing before the day but punctuation and connectives: the clause opens with its day.
_OPENS = re.compile(r"[\s,\"'`-]*(?:(?:and|but|so|then|meanwhile|also|now|however|still|yet)\b[\s,\"'`-]*)*", re.I)
_RELATIVE = re.compile(r",\s*(?:who|which|whose)\b[^,]*,")  # ", who will sing at it," tells of someone else
# An invitation names an event to come: "called both sides to new talks on Saturday".
_INVITED = re.compile(
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )\b(?:invited|invites|called|calls|summoned|summons|convened)"
    r"\s+(?!to\b|on\b)\w[^;]*?\bto\b",
    re.I,
)
_REPORTED = re.compile(rf"\b(?:{'|'.join(sorted(REPORTED))})\b", re.I)
_DATE_PREPOSITIONS = {"on", "since", "until", "till", "by", "from", "of", "before", "after", "between"}
_BARE_AMBIGUOUS_PREPOSITIONS = {"in", "since", "until", "till", "from", "during", "of", "between", "early", "late", "mid"}


def resolve_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text`` that resolves, in text order, without overlaps.

    Expressions that need the publication date (weekdays, "yesterday", months without a year)
    are left out when ``published`` is None.
    """
    tokens = set(_CUES.findall(text.lower()))  # the cue words present (the only words the gates read)
    digits = _DIGIT.search(text) is not None
    found: list[tuple[int, DateMention]] = []  # (priority, mention); lower priority wins
    for priority, (needs_digit, cue_words, finder) in enumerate(_FINDERS):
        # cheap gates first: most sentences hold no month, weekday or relative word
        if (needs_digit and not digits) or (cue_words and not tokens & cue_words):
            continue
        for mention in finder(text, published):
            found.append((priority, mention))
    chosen: list[DateMention] = []
    spans: list[tuple[int, int]] = []  # the chosen ones' (start, end), sorted: they do not overlap, so their ends rise too
    for _, m in sorted(found, key=lambda pm: (pm[0], pm[1].start - pm[1].end)):
        k = bisect.bisect_left(spans, (m.end,))  # those before k start before m ends: the last ends latest
        if not k or spans[k - 1][1] <= m.start:
            bisect.insort(spans, (m.start, m.end))
            chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return _drop_weekdays_beside_dates(text, chosen)


# -- explicit dates ------------------------------------------------------------------------


def _iso(text: str, published: dt.date | None) -> Iterator[DateMention]:
    for m in _ISO.finditer(text):
        day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
        if day:
            yield _mention(text, m.start(), m.end(), day, "day")


def _month_day(text: str, published: dt.date | None) -> Iterator[DateMention]:
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(text):
            month, has_year = MONTHS[m["m"].lower()], m["y"] is not None
            if not has_year and not _month_word_ok(text, m.start(), m["m"]):
                continue
            end, named = m.end(), None if has_year else _YEAR_NAMED.match(text, m.end())
            if has_year:
                day = _day(int(m["y"]), month, int(m["d"]))
            elif published and named:  # "on 25 June last year"
                day, end = _day(published.year + _STEPS[named["p"].lower()], month, int(m["d"])), named.end()
            elif published:
                day = _nearest_day(month, int(m["d"]), published, future_clause(text, m.start(), m.end()))
            else:
                day = None
            if day:
                yield _mention(text, m.start(), end, day, "day")


def _month_year(text: str, published: dt.date | None) -> Iterator[DateMention]:
    for m in _MONTH_YEAR.finditer(text):
        yield _mention(text, m.start(), m.end(), dt.date(int(m["y"]), MONTHS[m["m"].lower()], 1), "month")


def _bare_month(text: str, published: dt.date | None) -> Iterator[DateMention]:
    if not published:
        return
    for w in _BARE_MONTH_WORD.finditer(text):
        b = _BARE_MONTH_BEFORE.search(text, max(0, w.start() - _BEFORE_REACH), w.start())
        if not b:
            continue
        word, prep = w["m"].lower(), b["p"].lower()
        if word in AMBIGUOUS_MONTHS and not _bare_month_word_ok(text, w["m"], prep):
            continue
        month = MONTHS[word]
        if prep == "last":
            year = published.year if month < published.month else published.year - 1
        elif prep == "next":
            year = published.year if month > published.month else published.year + 1
        else:
            year = _nearest_year(month, published, future_clause(text, b.start(), w.end()))
        start = w.start() if prep in {"and", "to", "or"} else b.start()
        yield _mention(text, start, w.end(), dt.date(year, month, 1), "month")


def _years(text: str, published: dt.date | None) -> Iterator[DateMention]:
    for m in _YEAR_CONTEXT.finditer(text):
        yield _mention(text, m.start(), m.end(), dt.date(int(m["y"]), 1, 1), "year")
        tail = _YEAR_RANGE_TAIL.match(text, m.end())
        if tail:  # "between 2009 and 2011", "from 2013 to 2015"
            yield _mention(text, tail.start("y"), tail.end(), dt.date(int(tail["y"]), 1, 1), "year")


# -- relative expressions ------------------------------------------------------------------


def _relative_days(text: str, published: dt.date | None) -> Iterator[DateMention]:
    if not published:
        return
    for m in _RELATIVE_DAY.finditer(text):
        e = " ".join(m["e"].lower().split())
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}.get(e, 0)
        yield _mention(text, m.start(), m.end(), published + dt.timedelta(days=shift), "day")


def _weekdays(text: str, published: dt.date | None) -> Iterator[DateMention]:
    if not published:
        return
    forward, after = False, -1  # the previous weekday's direction, and where it ended
    for m in _WEEKDAY.finditer(text):
        if _COUNTERFACTUAL.search(re.split(r"[;:]", text[max(0, m.start() - 80) : m.start()])[-1]):
            continue  # "we would have arrived on Saturday": no day of anything that happened, nor of a plan
        target, prep = WEEKDAYS[m["w"].lower()], (m["p"] or "").lower()
        back = (published.weekday() - target) % 7  # days since the most recent one (0 = today)
        if not prep and forward and _JOINED.fullmatch(text, after, m.start()):
            shift = (target - published.weekday()) % 7  # "by Thursday or Friday": the second as the first
        elif prep == "last":
            shift = -(back or 7)
        elif prep == "next":
            shift = (target - published.weekday()) % 7 or 7
        elif prep == "by" and not _PAST.search(text, max(0, m.start() - 80), m.end() + 60):
            shift = (target - published.weekday()) % 7  # "by Monday": a deadline, unless "by Monday 200 had died"
        elif prep == "after" and _cued(text, m.start(), FUTURE_SURE):
            shift = (target - published.weekday()) % 7  # "will host a telethon after Sunday's awards"
        elif prep not in {"since", "after"} and (
            future_clause(text, m.start(), m.end()) or _planned(text, *m.span()) or _timetabled(text, *m.span())
        ):
            shift = (target - published.weekday()) % 7
        else:
            shift = -back
        forward, after = shift > 0 or (shift == 0 and back != 0), m.end()
        yield _mention(text, m.start(), m.end(), published + dt.timedelta(days=shift), "day")


def _relative_periods(text: str, published: dt.date | None) -> Iterator[DateMention]:
    if not published:
        return
    for m in _RELATIVE_PERIOD.finditer(text):
        step = _STEPS[m["p"].lower()]
        yield _mention(text, m.start(), m.end(), *_shift(published, m["u"].lower(), step))


def _ago(text: str, published: dt.date | None) -> Iterator[DateMention]:
    if not published:
        return
    for m in _AGO.finditer(text):
        n = NUMBERS.get(m["n"].lower()) or int(m["n"])
        yield _mention(text, m.start(), m.end(), *_shift(published, m["u"].lower(), -n))


_DIGIT = re.compile(r"\d")
_MONTH_WORDS = frozenset(MONTHS)
# (needs a digit, needs one of these words, finder); most specific first: on overlap, the
# earlier finder's mention is kept.
_FINDERS = (
    (True, None, _iso),
    (True, _MONTH_WORDS, _month_day),
    (True, _MONTH_WORDS, _month_year),
    (False, frozenset("yesterday today tonight tomorrow night morning afternoon evening".split()), _relative_days),
    (False, frozenset({"ago"}), _ago),
    (False, frozenset({"week", "month", "year"}), _relative_periods),
    (False, frozenset(WEEKDAYS), _weekdays),
    (False, _MONTH_WORDS, _bare_month),
    (True, None, _years),
)
_CUES = re.compile(
    r"(?<![a-z])(?:" + "|".join(sorted(set().union(*(w for _, w, _ in _FINDERS if w)), key=len, reverse=True)) + r")(?![a-z])"
)


# -- helpers -------------------------------------------------------------------------------


def _mention(text: str, start: int, end: int, date: dt.date, granularity: str) -> DateMention:
    # granularity may be "week", which the model's Granularity does not list yet
    return DateMention(text[start:end], date, granularity, start, end)  # type: ignore[arg-type]


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift(published: dt.date, unit: str, n: int) -> tuple[dt.date, str]:
    """The period ``n`` units (day/week/month/year) away from the publication date."""
    if unit == "day":
        return published + dt.timedelta(days=n), "day"
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=n), WEEK
    if unit == "month":
        index = published.year * 12 + published.month - 1 + n
        return dt.date(index // 12, index % 12 + 1, 1), "month"
    return dt.date(published.year + n, 1, 1), "year"


def _nearest_year(month: int, published: dt.date, future: bool) -> int:
    """The year that puts ``month`` nearest the publication month (not before it when the
    clause speaks of the future); the past wins ties."""
    here = published.year * 12 + published.month
    years = [y for y in (published.year - 1, published.year, published.year + 1) if not future or y * 12 + month >= here]
    return min(years, key=lambda y: (abs(y * 12 + month - here), y))


def _nearest_day(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    options = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _day(y, month, day))]
    if future:
        options = [d for d in options if d >= published] or options
    return min(options, key=lambda d: (abs((d - published).days), d), default=None)


def overtaken(text: str, published: dt.date | None, newest: dt.date | None) -> bool:
    """Whether the sentence announces something for a day after its publication ("will vote on
    monday") that had passed when a newer report (published on ``newest``) was written: that
    report knows how it went, so the announcement is stale news."""
    if published is None or newest is None or newest <= published:
        return False
    last = newest - dt.timedelta(days=1)  # a report of the day itself may not know yet
    return any(announced(text, m, published, last) for m in resolve_dates(text, published))


def announced(text: str, mention: DateMention, published: dt.date | None, last: dt.date) -> bool:
    """Whether the mention is of a day the sentence announces ("will vote on monday"), after its
    publication and no later than ``last``."""
    return (
        mention.granularity == "day" and published is not None and published < mention.date <= last
        and future_clause(text, mention.start, mention.end, FUTURE_SURE)
    )


def future_clause(text: str, start: int, end: int, cue: re.Pattern[str] = _FUTURE) -> bool:
    """Whether the clause around a mention speaks of the future ("will meet on sunday")."""
    before = _before(text, start)
    if _cued(text, start, cue, before) or _INVITED.search(before):
        return True
    if _OPENS.fullmatch(text, 0, start):  # "On Sunday, officials will ...", "But on Sunday, ..."
        clause = _RELATIVE.sub(",", re.split(r"[;:]", text[end : end + 120])[0])
        ahead, past = cue.search(clause), _PAST_VERB.search(clause)
        return bool(ahead) and (past is None or ahead.start() <= past.start())
    return False


def _before(text: str, start: int) -> str:
    """The text before a mention in its clause (up to 80 characters; a clause ends at ";" or ":")."""
    return re.split(r"[;:]", text[max(0, start - 80) : start])[-1]


def _cued(text: str, start: int, cue: re.Pattern[str], before: str | None = None) -> bool:
    """A cue of the future before the mention in its clause (``before``), no reporting verb after it
    ("will meet on", not "will, he said on"); the text before the clause is read too: "had hoped to"."""
    before = _before(text, start) if before is None else before
    cues = list(cue.finditer(text, start - len(before), start))
    return bool(cues) and not _REPORTED.search(text, cues[-1].end(), start)


def _timetabled(text: str, start: int, end: int) -> bool:
    """ "the vote is on Sunday", "the trial opens on Monday": a timetable in the present, with nothing
    past in the clause, is of the days to come."""
    clause = _clause(text, start)
    timetable = _ARRANGED.search(clause) or _TIMETABLE.search(clause)
    return bool(timetable) and not _PAST_VERB.search(clause) and not _PAST_NEXT.match(text, end)


def _clause(text: str, start: int) -> str:
    return re.split(r"[;:,.]", text[max(0, start - 80) : start])[-1]


def _planned(text: str, start: int, end: int) -> bool:
    """ "a meeting on Saturday": an event named before the day in a clause with nothing past in it,
    nor a past verb right after the day ("the vote on Sunday was marred by violence")."""
    clause = _clause(text, start)
    return bool(_PLANNED.search(clause)) and not _PAST.search(clause) and not _PAST_NEXT.match(text, end)


def _month_word_ok(text: str, start: int, word: str) -> bool:
    """Whether "may" / "march" before or after a day number (no year) is the month, not the verb."""
    if word.lower() not in AMBIGUOUS_MONTHS:
        return True
    if _cased(text):  # cased prose: the month is capitalized
        return word[0].isupper() and not word.isupper()
    before = text[:start].split()
    return bool(before) and before[-1].lower() in _DATE_PREPOSITIONS | {"in", ","}


def _bare_month_word_ok(text: str, word: str, prep: str) -> bool:
    """"in may" is the month; "this may be", "to march" and "they may" are not."""
    if prep not in _BARE_AMBIGUOUS_PREPOSITIONS:
        return False
    return word[0].isupper() and not word.isupper() if _cased(text) else True


def _cased(text: str) -> bool:
    return any(c.isupper() for c in text)


def _drop_weekdays_beside_dates(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """'Saturday, 25 April 2009' is one date: the weekday beside an explicit date goes."""
    out = []
    for i, m in enumerate(mentions):
        if m.expression.split()[-1].lower() in WEEKDAYS:
            near = mentions[i + 1 : i + 2] + mentions[max(0, i - 1) : i]
            between = (text[min(m.end, n.end) : max(m.start, n.start)] for n in near if n.granularity == "day")
            if any(not gap.strip(" ,.") for gap in between):
                continue
        out.append(m)
    return out
