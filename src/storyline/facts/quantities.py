"""Quantities in one sentence: the number, its qualifier and range, its unit, what it counts.

Works on lowercased tokens only. A number is kept when it counts something (a plural noun,
"17 civilians"), carries a unit ("15 km", "three-year siege", "40 percent") or is a share
("half of the city"). Years, ordinals, times, dates, ages of people, identifiers ("flight 103")
and phone-like numbers are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.facts.numbers import Number, is_number_start, may_hold_number, read_number
from storyline.facts.places import Marks, place_of
from storyline.text.calendar import MONTH_ABBREVIATIONS, MONTHS
from storyline.text.lex import is_number, is_word, spans
from storyline.text.tokens import STOPWORDS, stem

# unit word -> (unit, dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, str, float]] = {}
for _names, _unit, _dim, _factor in [
    ("km kms kilometer kilometers kilometre kilometres", "km", "length", 1000.0),
    ("mile miles mi", "mile", "length", 1609.344),
    ("m meter meters metre metres", "m", "length", 1.0),
    ("cm centimeter centimeters centimetre centimetres", "cm", "length", 0.01),
    ("foot feet ft", "ft", "length", 0.3048),
    ("yard yards", "yard", "length", 0.9144),
    ("inch inches", "inch", "length", 0.0254),
    ("acre acres", "acre", "area", 4046.86),
    ("hectare hectares ha", "hectare", "area", 10_000.0),
    ("kg kgs kilogram kilograms kilo kilos", "kg", "mass", 1.0),
    ("ton tons tonne tonnes", "tonne", "mass", 1000.0),
    ("lb lbs pound pounds", "lb", "mass", 0.4536),
    ("year years yr yrs", "year", "duration", 365.25),
    ("decade decades", "decade", "duration", 3652.5),
    ("month months", "month", "duration", 30.44),
    ("week weeks", "week", "duration", 7.0),
    ("day days", "day", "duration", 1.0),
    ("hour hours hr hrs", "hour", "duration", 1 / 24),
    ("minute minutes", "minute", "duration", 1 / 1440),
    ("second seconds", "second", "duration", 1 / 86400),
    ("percent pct %", "%", "percent", 1.0),
    ("dollar dollars", "usd", "money", 1.0),
    ("euro euros", "eur", "money", 1.0),
    ("yen", "jpy", "money", 1.0),
    ("yuan", "cny", "money", 1.0),
    ("rupee rupees", "inr", "money", 1.0),
    ("barrel barrels", "barrel", "volume", 158.99),
    ("gallon gallons", "gallon", "volume", 3.785),
    ("liter liters litre litres", "litre", "volume", 1.0),
    ("mph", "mph", "speed", 1.609),
    ("degree degrees", "degree", "temperature", 1.0),
]:
    for _name in _names.split():
        UNITS[_name] = (_unit, _dim, _factor)
SQUARE_UNITS = {"km": 1e6, "mile": 2.59e6, "m": 1.0, "ft": 0.0929}
CURRENCY = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "dlrs": "usd", "usd": "usd", "eur": "eur", "rs": "inr"}

QUALIFIERS = {
    ("about",): "about", ("around",): "about", ("some",): "about", ("approximately",): "about",
    ("roughly",): "about", ("estimated",): "about", ("an", "estimated"): "about", ("close", "to"): "about",
    ("nearly",): "nearly", ("almost",): "nearly", ("at", "least"): "at least", ("more", "than"): "more than",
    ("over",): "more than", ("upwards", "of"): "more than", ("no", "fewer", "than"): "at least",
    ("up", "to"): "up to", ("as", "many", "as"): "up to", ("at", "most"): "up to",
    ("less", "than"): "less than", ("fewer", "than"): "less than", ("under",): "less than",
    ("no", "more", "than"): "up to", ("just", "over"): "more than", ("just", "under"): "less than",
}  # fmt: skip

# What happened to the counted thing; mentions group only with the same context.
CONTEXTS = {
    "killed": "kill killed killing dead died dies death deaths slain massacred fatalities executed murdered toll perished",
    "wounded": "wounded wounding injured injuring injuries hurt",
    "missing": "missing",
    "arrested": "arrested arrests detained jailed imprisoned",
    "captured": "captured",  # soldiers taken in battle, animals caught: not people arrested
    "displaced": "displaced fled flee fleeing evacuated homeless uprooted",
    "living": "live living lived trapped besieged",
    "held": "hostages kidnapped abducted",
    "rescued": "rescued rescue saved survivors survived",
    "damaged": "damaged destroyed flattened",
    "infected": "infected infecting infections sickened",
}
EVENTS = frozenset(CONTEXTS)

# Counted nouns treated as the same thing (compared by stem).
HEAD_CLASSES = {
    "people": ["people", "persons", "civilians", "residents", "inhabitants", "individuals", "villagers",
               "citizens", "locals"],
    "troops": ["troops", "soldiers", "servicemen"],
    "fighters": ["fighters", "militants", "insurgents", "jihadists", "gunmen"],
    "children": ["children", "kids"],
    "war": ["war", "conflict"],
    "refugees": ["refugees", "displaced"],
}  # fmt: skip
_CONTEXT_OF = {stem(w): name for name, words_ in CONTEXTS.items() for w in words_.split()}
_HEAD_CLASS = {stem(w): name for name, words_ in HEAD_CLASSES.items() for w in words_}

_MONTH_WORDS = set(MONTHS) | {f"{m}." for m in MONTH_ABBREVIATIONS}  # "sept", "sept."
_YEAR_BEFORE = {"in", "since", "by", "until", "till", "from", "of", "to", "early", "late", "mid", "before",
                "after", "during", "through", "year", "summer", "winter", "spring", "autumn", "fall", "and",
                "between", "s", "the", "-", "until", ","}  # fmt: skip
# nouns that name a thing by number: "flight 103", "resolution 242", "no. 2"
IDENTIFIERS = set(
    "flight route highway interstate resolution article section chapter room page line channel apollo "
    "game week phase stage model version windows boeing airbus type category class exit gate terminal "
    "platform precinct ward amendment paragraph item rule proposition prop bill no number # volume "
    "level grade division district squad unit battalion brigade regiment tier act psalm verse row "
    "seat lot box suite apartment street avenue road lane building block hole pier track episode "
    "part figure table appendix code title mark mig su f b c g t formula".split()
)  # fmt: skip
PERSONS = set(
    "man woman boy girl son daughter mother father wife husband person child baby student teen "
    "teenager driver resident soldier officer man youth brother sister friend victim suspect star singer "
    "actor actress player worker doctor nurse patient pilot farmer teacher journalist".split()
)  # fmt: skip
_PERSON_STEMS = {stem(p) for p in PERSONS} | {"men", "women", "children", "peopl"}
IRREGULAR_PLURALS = {"people", "men", "women", "children", "police", "personnel", "staff", "cattle", "sheep",
                     "fish", "deer", "aircraft", "feet", "teeth", "mice", "geese", "dead", "wounded",
                     "injured", "missing", "gunmen", "servicemen", "militia", "media", "data", "crew",
                     "livestock", "infantry", "youths"}  # fmt: skip
MODIFIERS = {"more", "other", "additional", "new", "further", "extra", "fewer", "less", "such", "own", "most"}
PREPOSITIONS = {"across", "along", "near", "inside", "outside", "behind", "beyond", "toward", "towards",
                "throughout", "despite", "including", "following", "plus", "like", "onto", "beneath",
                "alongside", "across", "ago", "apart", "earlier", "later", "each", "apiece", "last", "next"}
DETERMINERS = {"the", "its", "their", "his", "her", "a", "an", "these", "those", "our", "this", "that", "all"}
AUXILIARIES = {"had", "have", "has", "been", "were", "was", "are", "is", "be", "being", "reportedly",
               "already", "now", "still", "also", "who", "that", "which", "allegedly", "believed", "thought",
               "feared", "said", "reported", "confirmed", "officially", "to", "were", "are", "as", "either",
               "not", "so", "far"}  # fmt: skip
_CLAUSE_END = {",", ".", ";", ":", "(", ")", "?", "!", '"', "``", "''", "--"}


@dataclass(slots=True)
class Found:
    """A quantity found in a sentence, before it is tied to an article."""

    text: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str | None
    dimension: str | None
    base: float | None
    counts: str | None
    context: str | None
    key: str
    start: int = 0  # token span in the sentence
    end: int = 0
    place: str | None = None  # where it was counted (facts.places)


def extract(sentence: str) -> list[Found]:
    """Every quantity in a sentence, in order."""
    if not may_hold_number(sentence):
        return []
    found_spans = spans(sentence)
    tokens = [t for t, _, _ in found_spans]
    out: list[Found] = []
    marks = None  # (made for the first figure)
    i = 0
    while i < len(tokens):
        if not is_number_start(tokens[i]):
            i += 1
            continue
        found, end = _read_quantity(tokens, i)
        if found is not None:
            first, last = found_spans[found.start], found_spans[found.end - 1]
            found.text = sentence[first[1] : last[2]]
            marks = marks or Marks(tokens)
            found.place = place_of(tokens, found.start, found.end, marks)
            out.append(found)
        i = max(end, i + 1)
    return out


def _read_quantity(tokens: list[str], i: int) -> tuple[Found | None, int]:
    n = len(tokens)
    num = read_number(tokens, i)
    if num is None:
        return None, i + 1
    if _skip_number(tokens, num):
        return None, num.end
    low = high = None
    first = num
    j = num.end
    # ranges: "6,000 - 8,000", "6,000 to 8,000", "between 10 and 20", "two or three"
    if j + 1 < n and tokens[j] in ("-", "to", "or", "and") and is_number_start(tokens[j + 1]):
        if tokens[j] != "and" or (i > 0 and tokens[i - 1] == "between"):
            second = read_number(tokens, j + 1)
            if second is not None and not second.fraction and not num.fraction:
                lo = num.value * (second.scale if num.scale == 1 else 1)
                if tokens[j] == "-" and _shares_thousands(tokens[i], tokens[j + 1], lo, second.value):
                    lo *= 1000  # "9-10,000 troops": 9,000 to 10,000
                if lo >= second.value:  # "3-2" is a score, "555-1234" a phone number: nothing
                    return None, second.end
                if i > 0 and tokens[i - 1] == "from":  # "rose from 17 to 25": the later figure
                    first = second
                else:
                    low, high = lo, second.value
                num = second
                j = second.end
    value = (low + high) / 2 if low is not None else first.value
    if low is not None and i > 0 and tokens[i - 1] == "between":
        i -= 1  # the span starts at "between"
    qualifier = _qualifier(tokens, i)
    start = i - len(qualifier[1]) if qualifier[0] else i

    unit = dimension = None
    factor = 1.0
    attributive = False
    if start > 0 and tokens[start - 1] in CURRENCY:
        unit, dimension = CURRENCY[tokens[start - 1]], "money"
        start -= 1
    if num.fraction:
        unit, dimension, value = "%", "share", value * 100
    elif unit is None:
        found = _unit(tokens, j)
        if found:
            (unit, dimension, factor), j, attributive = found
    if dimension == "duration" and j + 1 < n and tokens[j] == "-" and tokens[j + 1] == "old":
        j += 2
        if _person_follows(tokens, j):
            return None, j  # a person's age
    elif dimension == "duration" and j < n and tokens[j] == "old":
        return None, j + 1  # "the 18 year old"
    if unit is None and first.words and value == 1:
        return None, j  # "one of the ..."
    # a conversion in parentheses: "15 km ( 10 miles )"
    if dimension and j + 2 < n and tokens[j] == "(" and is_number_start(tokens[j + 1]):
        inner = read_number(tokens, j + 1)
        if inner and _unit(tokens, inner.end) and _unit(tokens, inner.end)[0][1] == dimension:
            close = _unit(tokens, inner.end)[1]
            if close < n and tokens[close] == ")":
                j = close + 1

    if low is None and qualifier[0] in ("at least", "more than"):
        low = value
    elif low is None and qualifier[0] in ("up to", "less than"):
        high = value
    if dimension == "money" and j < n and tokens[j] == "m":  # "$5m"
        value, j = value * 1e6, j + 1
    if dimension == "duration" and not attributive and j < n and tokens[j] in ("ago", "earlier", "later"):
        return None, j  # "two weeks ago" is a date
    counts, head_end, figure = _head(tokens, j, num, unit, attributive)
    event = None  # the verb after a number that names no noun: "14 were killed"
    if counts is None and unit is None and not num.fraction:
        toll = _toll_before(tokens, start)
        if toll is not None:  # "put the death toll at nine": people killed
            counts, start = "toll", toll
        else:
            event = _event_after(tokens, j)
            if event is not None:
                counts, head_end = "people", event + 1
    if counts is None and (unit is None or num.fraction):
        return None, j
    end = max(j, head_end)
    # "a 7.0-magnitude quake", "a 60-seat majority": the number describes the noun after it, which
    # is what the clause's event happened to; the figure itself has no such context
    described = unit is None and counts is not None and head_end == j + 2 and tokens[j] == "-"
    if event is not None:
        context = event_of(tokens[event])
    else:
        context = None if described else _context(tokens, start, end, counts)
    key = _key(counts, dimension or unit, context)
    base = value * factor if dimension else None
    return (
        Found("", value, low, high, qualifier[0], unit, dimension, base, counts, context, key, start, end),
        figure.start if figure is not None else end,  # a share's figure ("half the 300 ferries") is read too
    )


# words between a toll and its figure: "the death toll rose to", "put the toll at", "a toll of"
_TOLL_LINKS = frozenset("at to of is was has had have now stands stood stand rose rises risen rising climbed climbs "
                        "climbing reached reaches reaching hit jumped grew soared topped passed exceeded neared "
                        "official officially further already".split())  # fmt: skip
_TOLL_OF = frozenset("from in of among for".split())  # "the death toll from the Osk floods rose to nine"
# words after a number with no noun that tell what happened to people ("14 were killed", "nine
# died", "30 fled"): the participles of CONTEXTS (not of things damaged) and a few more
_EVENT_VERBS = frozenset(
    {w for name, words_ in CONTEXTS.items() if name != "damaged" for w in words_.split() if w.endswith("ed")}
    | {"dead", "slain", "hurt", "missing"}
)


def _toll_before(tokens: list[str], start: int) -> int | None:
    """Where the toll a figure is given for starts ("death toll", "toll"), when only _TOLL_LINKS
    words (three at most) stand between them, after what the toll is of ("toll from the floods",
    five words at most, no figure among them)."""
    k = start - 1
    while k >= 0 and start - k <= 3 and tokens[k].lower() in _TOLL_LINKS:
        k -= 1
    if k < 0 or k == start - 1:
        return None
    if tokens[k].lower() != "toll":
        j = k
        while j > 0 and k - j < 5 and tokens[j].lower() != "toll" and tokens[j] not in _CLAUSE_END and not is_number_start(tokens[j]):
            j -= 1
        if tokens[j].lower() != "toll" or j + 1 > k or tokens[j + 1].lower() not in _TOLL_OF:
            return None
        k = j
    return k - 1 if k > 0 and tokens[k - 1].lower() == "death" else k


def _event_after(tokens: list[str], j: int) -> int | None:
    """Where the verb of what happened to a number of people is ("14 were killed", "nine have died"):
    after two auxiliaries at most."""
    k = j
    while k < len(tokens) and k - j < 2 and tokens[k].lower() in AUXILIARIES:
        k += 1
    return k if k < len(tokens) and tokens[k].lower() in _EVENT_VERBS else None


def _skip_number(tokens: list[str], num: Number) -> bool:
    """Years, ordinals, decades, times, dates, identifiers and phone numbers."""
    t = tokens[num.start]
    prev = tokens[num.start - 1] if num.start > 0 else ""
    nxt = tokens[num.end] if num.end < len(tokens) else ""
    if is_number(t) and not t[-1].isdigit():
        return True  # 20th, 1990s
    if nxt in ("a.m.", "p.m.", "am", "pm", "gmt", "edt", "est", "bst") or nxt in _MONTH_WORDS or prev in _MONTH_WORDS:
        return True
    if ":" in (prev, nxt) or "/" in (prev, nxt) or t == "911":
        return True  # 10:30, 9/11, the emergency number
    if prev == "in" and num.start > 1 and is_number_start(tokens[num.start - 2]):
        return True  # "one in 10 babies" is a ratio
    if prev in IDENTIFIERS or (prev == "-" and num.start > 1 and is_word(tokens[num.start - 2])
                               and tokens[num.start - 2] not in ("between", "from")):
        return True  # flight 103, f-16, covid-19
    if is_number(t) and "," not in t and "." not in t and len(t) == 4 and 1000 <= num.value <= 2100 and num.scale == 1:
        if prev in _YEAR_BEFORE or not prev or not _plural(nxt):
            return True  # a year
    if is_number(t) and nxt == "-" and num.end + 1 < len(tokens):
        after = tokens[num.end + 1]
        if is_number(after) and ((len(t) == 3 and len(after) == 4) or "-" in tokens[num.end + 2 : num.end + 3]):
            return True  # 555-1234, 1-800-555
    return False


def _qualifier(tokens: list[str], i: int) -> tuple[str | None, tuple[str, ...]]:
    for size in (3, 2, 1):
        if i >= size:
            words_ = tuple(tokens[i - size : i])
            if words_ in QUALIFIERS:
                return QUALIFIERS[words_], words_
    return None, ()


def _unit(tokens: list[str], j: int) -> tuple[tuple[str, str, float], int, bool] | None:
    """The unit right after a number: ((unit, dimension, factor), next index, attributive)."""
    n = len(tokens)
    attributive = False
    if j < n and tokens[j] == "-" and j + 1 < n and is_word(tokens[j + 1]):
        attributive = True
        j += 1
    if j >= n:
        return None
    t = tokens[j]
    if t in ("square", "sq", "sq.") and j + 2 < n:
        k = j + 2 if tokens[j + 1] == "-" else j + 1
        unit = UNITS.get(tokens[k], ("",))[0]
        if unit in SQUARE_UNITS:
            return (f"sq {unit}", "area", SQUARE_UNITS[unit]), k + 1, attributive
    if t == "per" and j + 1 < n and tokens[j + 1] == "cent":
        return UNITS["percent"], j + 2, attributive
    if t in ("percentage", "percent") and j + 1 < n and tokens[j + 1] in ("point", "points"):
        return ("points", "percentage points", 1.0), j + 2, attributive
    if t in UNITS:
        if t in ("pound", "pounds") and j > 0 and tokens[j - 1] == "-":
            return None
        return UNITS[t], j + 1, attributive
    return None


def _after_determiners(tokens: list[str], j: int) -> int:
    """Where the noun phrase after "of the", "the", "its" ... starts."""
    k = j + (j < len(tokens) and tokens[j] == "of")
    while k < len(tokens) and tokens[k] in DETERMINERS:
        k += 1
    return k


def _share_of_figure(tokens: list[str], k: int) -> Number | None:
    """The figure a share is of, from tokens[k] on: "(half the) estimated 5,000 residents"."""
    while k < len(tokens) and (tokens[k],) in QUALIFIERS:
        k += 1
    return read_number(tokens, k) if k < len(tokens) and tokens[k][:1].isdigit() else None


def _head(
    tokens: list[str], j: int, num: Number, unit: str | None, attributive: bool
) -> tuple[str | None, int, Number | None]:
    """The counted noun after the number (and unit): '17 civilians', 'three - year siege', 'half of the city';
    where it ends; and for a share of a figure ("half the 300 ferries"), that figure."""
    n = len(tokens)
    k = _after_determiners(tokens, j)
    via_of = j < n and tokens[j] == "of" or num.fraction and k > j  # "half of the city", "half the city"
    if not via_of:
        k = j
    if num.fraction and not via_of:
        return None, j, None
    figure = _share_of_figure(tokens, k) if num.fraction else None
    if figure is not None:  # "half the estimated 5,000 residents": its noun is the figure's
        k = figure.end
    if unit is None and k + 1 < n and tokens[k] == "-" and is_word(tokens[k + 1]) and tokens[k + 1] not in STOPWORDS:
        return tokens[k + 1], k + 2, figure  # "a 60-seat majority"
    if unit and not (attributive or via_of):
        return None, j, None
    while k < n and tokens[k] in MODIFIERS:
        k += 1
    run: list[int] = []
    while k < n and len(run) < 6:
        t = tokens[k]
        if t == "-" and run and k + 1 < n and is_word(tokens[k + 1]):
            k += 1
            continue
        if not is_word(t) or (t in STOPWORDS and t not in IRREGULAR_PLURALS) or is_number_start(t) and t not in ("a", "an"):
            break
        if t in ("a", "an") or t in PREPOSITIONS:
            break
        run.append(k)
        k += 1
    for idx in run:
        if _plural(tokens[idx]):
            return tokens[idx], idx + 1, figure
    singular = unit is not None or num.fraction or via_of or num.value == 1
    if run and singular:
        last = run[0]
        for idx in run:
            if idx != run[0] and (tokens[idx].endswith(("ed", "ing")) or tokens[idx] in _S_VERBS):
                break
            last = idx
        return tokens[last], last + 1, figure
    return None, j, None


def _shares_thousands(first: str, second: str, low: float, high: float) -> bool:
    """A hyphenated range whose first figure is written without the thousands the second has
    ("9-10,000", "45-50,000"): the first is in thousands too, when that keeps it below the second."""
    return first.isdigit() and "," in second and low < 1000 and low * 1000 < high


# verbs that end like plural nouns: "the six-year-old conflict goes on"
_S_VERBS = set(
    "goes does says makes takes comes gets seems remains means shows looks needs wants gives keeps runs stands "
    "lies rises falls holds helps leads calls continues begins ends includes becomes appears faces marks "
    "stays brings puts sees tells knows thinks".split()
)


def _plural(token: str) -> bool:
    if token in IRREGULAR_PLURALS:
        return True
    return token not in _S_VERBS and (
        len(token) > 3
        and token.endswith("s")
        and not token.endswith(("ss", "us", "is", "ous", "'s"))
        and token.isalpha()
        and token not in STOPWORDS
        and token not in UNITS
    )


def _person_follows(tokens: list[str], j: int) -> bool:
    if j >= len(tokens) or tokens[j] in _CLAUSE_END or tokens[j] in AUXILIARIES:
        return True  # "smith , 45 - year - old ,", "the 50-year-old was": a person's age
    for t in tokens[j : j + 3]:
        if t in _CLAUSE_END:
            break
        if stem(t) in _PERSON_STEMS:
            return True
    return False


def _context(tokens: list[str], start: int, end: int, counts: str | None) -> str | None:
    """What happened to the counted thing: the event its noun names ("40 dead and 100 injured",
    "12 deaths"), else a known event class near the number, in the same clause: after it, then
    before it, then after an "and" or "or" that follows it ("killed 30 people and wounded 50": the
    30 were killed; "30 people fell ill and died": they died). None for a rate."""
    window: list[str] = []
    further: list[str] = []
    for t in tokens[end : end + 6]:
        if t in _CLAUSE_END:
            break
        (further if further or t in ("and", "or") else window).append(t)
    before: list[str] = []
    for t in reversed(tokens[max(0, start - 4) : start]):
        if t in _CLAUSE_END or t in ("and", "or") or is_number(t):  # "20 deaths and 1,004 people": another figure's
            break
        before.append(t)
    if _RATE.search(" ".join(window + further)):
        return None  # "the fever kills 40,000 people a year": a rate, not what this story's event did
    named = event_of(counts)
    if named:
        return named
    if start > 0 and tokens[start - 1] in _PLACES_BEFORE:
        further = []  # "sickened 1,320 people in 14 towns and killed 9": the towns were not killed
    for t in window + before + further:
        name = event_of(t) if is_word(t) else None
        if name:
            return name
    if counts is None:  # "separated by about 15 km": the nearest content word before names it
        for t in before:
            if is_word(t) and t not in STOPWORDS and t not in AUXILIARIES and t not in QUALIFIER_WORDS:
                return t  # a whole word: a label shows it
    return None


QUALIFIER_WORDS = {w for words_ in QUALIFIERS for w in words_}
_PLACES_BEFORE = {"in", "at", "across", "from", "into", "among", "to", "of", "on", "throughout", "between"}
_RATE = re.compile(r"^(?:\S+ ){0,2}(?:(?:a|an|per|each|every) (?:year|month|week|day)|annually|yearly)\b")


def event_of(word: str | None) -> str | None:
    """The event class a word names ("deaths": killed, "injuries": wounded), if any."""
    return _CONTEXT_OF.get(stem(word)) if word else None


def head_class(counts: str | None) -> str | None:
    """The class of a counted noun; a noun that names an event ("deaths", "injuries", "arrests", a
    "toll") counts the people it happened to."""
    if counts is None:
        return None
    s = stem(counts)
    return "people" if s in _CONTEXT_OF else _HEAD_CLASS.get(s, s)


def _key(counts: str | None, dimension: str | None, context: str | None) -> str:
    return "|".join([head_class(counts) or "", dimension or "", context or ""])
