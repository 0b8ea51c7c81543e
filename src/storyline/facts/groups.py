"""Group a story's quantities by what they count and mark each group agreed, conflicting or single-source."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence

from storyline.facts.model import Quantity, QuantityGroup, Status
from storyline.facts.places import WORLD
from storyline.facts.quantities import EVENTS, event_of

EXACT = 0.005  # relative difference still read as the same figure
APPROX = 0.05  # when one side says "about" or "nearly"
CONVERTED = 0.12  # km vs miles: journalists round the conversion
# The reports of one count leave no gap of a factor of ten between their figures: a toll rises in
# steps, and reports of one day that disagree are near each other. Figures apart by such a gap
# count other things ("five survivors" found by a rescue team, "400,000 survivors" to be housed; a
# flu's 144 deaths and the 250,000 of an average year), or the same thing in another place or
# time (_magnitudes).
SPREAD = 10.0
_SLACK = 1e-9  # (a window around a figure a little wider than CONVERTED: rounding keeps no pair out)
HISTORY = "history"  # the context part of the key of a figure of the past (facts.api._of_history)
# Qualifiers that put the figure strictly on one side of the number stated: "almost half" and
# "more than half" give the same number and exclude each other.
BELOW = frozenset({"nearly", "less than"})
APPROXIMATE = frozenset({"about", "nearly"})
ABOVE = frozenset({"more than"})


def same_value(a: Quantity, b: Quantity) -> bool:
    """Do two statements give the same figure? A range holding the other's figure counts as the same;
    a figure said to be under one number and one said to be over a number as high or higher do not."""
    x, y = _comparable(a), _comparable(b)
    if (a.low is None or a.high is None) and (b.low is None or b.high is None) and abs(x - y) > CONVERTED * max(abs(x), abs(y)):
        return False  # (no range, and apart by more than any tolerance: most pairs, decided at once)
    for p, q in ((a, b), (b, a)):
        if p.qualifier in BELOW and q.qualifier in ABOVE and _comparable(q) >= _comparable(p):
            return False
    tolerance = EXACT
    if a.unit != b.unit:
        tolerance = CONVERTED
    elif a.qualifier in APPROXIMATE or b.qualifier in APPROXIMATE:
        tolerance = APPROX
    for p, q in ((a, b), (b, a)):
        lo, hi = _range(p)
        if lo is not None and hi is not None:
            v = _comparable(q)
            qlo, qhi = _range(q)
            if qlo is not None and qhi is not None:
                return qlo <= hi * (1 + tolerance) and lo <= qhi * (1 + tolerance)  # overlapping ranges
            return lo * (1 - tolerance) <= v <= hi * (1 + tolerance)
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def _factor(q: Quantity) -> float:
    return q.base / q.value if q.base is not None and q.value else 1.0


def _comparable(q: Quantity) -> float:
    return q.base if q.base is not None else q.value


def _range(q: Quantity) -> tuple[float | None, float | None]:
    """A stated range ("6,000-8,000") in comparable units; open bounds ("at least") are not ranges here."""
    if q.low is not None and q.high is not None:
        f = _factor(q)
        return q.low * f, q.high * f
    return None, None


def status(quantities: list[Quantity]) -> Status:
    """Single-source, agreed, developing (the figure differs between reports of different days, and
    each day's highest figure is no lower than the day before's: a toll that rises, even where two
    reports of one day differ) or conflicting (two reports of the same day disagree, and the figure
    does not rise; or it falls back)."""
    by_article: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        by_article[q.citation.article_id].append(q)
    if len(by_article) < 2:
        return "single-source"
    # Reports that state the same figures on the same day are compared once, and each statement (what
    # same_value reads) once: a figure repeated by thousands of reports costs no comparison per pair.
    number: dict[tuple, int] = {}
    statements: list[Quantity] = []
    for q in quantities:
        if number.setdefault(_stated(q), len(statements)) == len(statements):
            statements.append(q)
    alike: list[set[int]] = [{i} if same_value(s, s) else set() for i, s in enumerate(statements)]
    for i, j in _alike(statements):
        alike[i].add(j)
        alike[j].add(i)
    kinds: dict[tuple[frozenset[int], dt.date | None], int] = defaultdict(int)  # (statements, day) -> reports
    for stated in by_article.values():
        kinds[frozenset(number[_stated(q)] for q in stated), stated[0].date] += 1
    kinds_list = list(kinds)
    agreeing = [set().union(*(alike[i] for i in stated)) for stated, _ in kinds_list]  # what each kind agrees with
    differ = same_day = False
    for x, (stated, day) in enumerate(kinds_list):
        if kinds[stated, day] > 1 and agreeing[x].isdisjoint(stated):
            same_day = True  # two reports of this kind do not agree
        for other, other_day in kinds_list[x + 1 :]:
            if agreeing[x].isdisjoint(other):
                if day is None or other_day is None or day == other_day:
                    same_day = True
                else:
                    differ = True
        if same_day and differ:
            break
    if same_day:
        return "developing" if differ and _rises(quantities) else "conflicting"
    return "developing" if differ else "agreed"


def group_quantities(quantities: list[Quantity], order: list[str]) -> list[QuantityGroup]:
    """Groups in order of first mention. A mention with no context joins a group with a context
    when it states the same figure (the 93,000 residents and the 93,000 people living there), not
    an approximate one: "about 100 of its citizens" flown home is not a toll of "more than 100".
    A key that counts no event is split by figure: each part is agreed or single-source."""
    groups: dict[str, list[Quantity]] = {}
    loose: list[Quantity] = []
    for q in quantities:
        if q.context is None and q.counts is not None and q.key.endswith("|"):  # not history's
            loose.append(q)
        else:
            groups.setdefault(q.key, []).append(q)
    figures: dict[str, _Figures] = {}  # each group's, made when first asked

    def states(key: str, q: Quantity) -> bool:
        if key not in figures:
            figures[key] = _Figures(groups[key], distinct=True)
        return figures[key].states(q)

    for q in loose:
        stem_key = q.key.rsplit("|", 1)[0] + "|"
        home = None if q.qualifier in APPROXIMATE else next(
            (k for k in groups if k.startswith(stem_key) and states(k, q)), None
        )
        home = home or q.key
        groups.setdefault(home, []).append(q)
        if home in figures:
            figures[home].add(q)
    rank = {a: i for i, a in enumerate(order)}
    out = []
    for key, grouped in groups.items():
        grouped.sort(key=lambda q: (rank.get(q.citation.article_id, len(rank)), q.citation.sentence_index))
        event = _event_count(key)
        k = 0
        for place, members in _facts(grouped, event):
            # a toll's figures are one fact (its development, or the reports' conflict); the figures of
            # another key are different facts ("48 hours" of rain and "five years" of work), each agreed or not
            found = status(members) if event else "single-source"  # (a split part's status is set below)
            split = not event or (found in ("conflicting", "developing") and not _rising(members, found))
            parts = _by_value(members) if split else [members]
            for part in parts:
                articles = list(dict.fromkeys(q.citation.article_id for q in part))
                if split:  # one figure each (that of its first statement): stated by one report or by several
                    found = "agreed" if len(articles) > 1 else "single-source"
                out.append(QuantityGroup(key=key if k == 0 else f"{key}#{k}", label=_label(part, found, place),
                                         status=found, quantities=part, articles=articles))  # fmt: skip
                k += 1
    out.sort(key=lambda g: (rank.get(g.quantities[0].citation.article_id, len(rank)), g.quantities[0].citation.sentence_index))
    return out


def _event_count(key: str) -> bool:
    """Whether a group (by its key: counted class|dimension|context) counts people or things an
    event happened to ("23 people killed"): only such figures are one fact whose reports can differ.
    "250 people" and "10 million inhabitants", or "$70" and "$806m", are other figures."""
    counted, dimension, context = key.split("|")
    return bool(counted) and not dimension and context in EVENTS


def _rising(members: list[Quantity], found: Status) -> bool:
    """A development is a count that grows from day to day (a toll); one that falls back is most
    often another figure. A conflict (one day's reports differ) needs no order."""
    return found != "developing" or _rises(members)


def _rises(members: list[Quantity]) -> bool:
    """Whether each day's highest figure is no lower than the day before's, or the same figure
    (same_value: "about 150" and then 148 is no fall; 44 and then 43 is)."""
    days: dict[dt.date, Quantity] = {}
    for q in members:
        if q.date is not None and (q.date not in days or _comparable(q) > _comparable(days[q.date])):
            days[q.date] = q
    highs = [days[d] for d in sorted(days)]
    return all(_comparable(b) >= _comparable(a) or same_value(a, b) for a, b in zip(highs, highs[1:]))


def _facts(grouped: list[Quantity], event: bool) -> list[tuple[str | None, list[Quantity]]]:
    """(place, members) of each fact a group holds: an event count split by place, then by magnitude."""
    if not event:
        return [(None, grouped)]
    return [(place, part) for place, members in _by_place(grouped) for part in _magnitudes(members)]


def _by_place(members: list[Quantity]) -> list[tuple[str | None, list[Quantity]]]:
    """Members split by where they were counted, when they name two places or more ("40 died in
    Chile", "12 in Peru"): each place's figures are a fact of their own. A figure that names no
    place joins the first place with a member whose figure it restates (_restates), else the one
    place named besides the world, when there is one (a report leaves out the place its story is
    about), else the part of figures with no place (None). With one place or none, the members as
    they are."""
    places = list(dict.fromkeys(q.place for q in members if q.place))
    if len(places) < 2:
        return [(None, members)]
    stated = {place: {(_stated(q), q.date): q for q in members if q.place == place} for place in places}  # each once
    local = [p for p in places if p != WORLD]
    usual = local[0] if len(local) == 1 else None
    parts: dict[str | None, list[Quantity]] = {}
    for q in members:  # in order of mention
        home = q.place or next((p for p in places if any(_restates(q, m) for m in stated[p].values())), usual)
        parts.setdefault(home, []).append(q)
    return list(parts.items())


def _restates(q: Quantity, m: Quantity) -> bool:
    """Whether q states m's figure within a day of it: a report restating the day's news, not the
    same number of other people weeks later."""
    near = q.date is None or m.date is None or abs((q.date - m.date).days) <= 1
    return near and same_value(q, m)


def _magnitudes(members: list[Quantity]) -> list[list[Quantity]]:
    """Members split where, in order of size, a figure is SPREAD times the one below it or more
    (a toll that rises tenfold over a week leaves no such gap); each part in order of first
    mention, the parts by their first member."""
    ordered = sorted(members, key=_comparable)
    cuts: list[list[Quantity]] = [[]]
    for q in ordered:
        if cuts[-1] and _comparable(q) >= SPREAD * _comparable(cuts[-1][-1]):
            cuts.append([])
        cuts[-1].append(q)
    if len(cuts) == 1:
        return [members]
    at = {id(q): i for i, q in enumerate(members)}
    parts = [sorted(c, key=lambda q: at[id(q)]) for c in cuts]
    return sorted(parts, key=lambda p: at[id(p[0])])


def _by_value(members: list[Quantity]) -> list[list[Quantity]]:
    """Members split by the figure they state, in order of first mention: each joins the first part
    whose first figure it states."""
    parts: list[list[Quantity]] = []
    firsts = _Figures()  # each part's first figure, numbered as the parts
    for q in members:
        home = next((k for k, m in firsts.near(q) if same_value(q, m)), None)
        if home is None:
            firsts.add(q)
            parts.append([q])
        else:
            parts[home].append(q)
    return parts


def _alike(quantities: list[Quantity]) -> Iterator[tuple[int, int]]:
    """The index pairs i < j of quantities that state the same figure (same_value), each figure
    tried only against those before it that may (_Figures.near)."""
    before = _Figures()
    for j, q in enumerate(quantities):
        yield from ((i, j) for i, m in before.near(q) if same_value(m, q))
        before.add(q)


def _plain(q: Quantity) -> bool:
    """A positive figure without a range: one that can state the same figure as another only
    within CONVERTED of it (same_value), so that near ones are found by sorting."""
    return (q.low is None or q.high is None) and _comparable(q) > 0


class _Figures:
    """Figures, numbered in the order added and the _plain ones sorted, to find those that may state
    the figure of a quantity without trying each: for a _plain one, the _plain ones within
    CONVERTED of it and all the others; for another, all."""

    def __init__(self, members: Sequence[Quantity] = (), distinct: bool = False) -> None:
        """``distinct``: a statement alike in what same_value reads to one added before is not added
        (for states: thousands of reports of one figure are one to compare with)."""
        self.plain: list[tuple[float, int, Quantity]] = []  # (figure, number, quantity), by figure
        self.other: list[tuple[int, Quantity]] = []
        self.seen: set[tuple] | None = set() if distinct else None
        for q in members:
            self.add(q)

    def add(self, q: Quantity) -> None:
        if self.seen is not None:
            if _stated(q) in self.seen:
                return
            self.seen.add(_stated(q))
        k = len(self.plain) + len(self.other)
        if _plain(q):
            bisect.insort(self.plain, (_comparable(q), k, q))
        else:
            self.other.append((k, q))

    def near(self, q: Quantity) -> list[tuple[int, Quantity]]:
        """(number, figure) of those that may state the figure of q, in the order added."""
        plain = self.plain
        if _plain(q):
            x = _comparable(q)
            low, high = x * (1 - CONVERTED) * (1 - _SLACK), x / (1 - CONVERTED) * (1 + _SLACK)
            plain = plain[bisect.bisect_left(plain, (low, -1)) : bisect.bisect_right(plain, (high, math.inf))]
        return sorted([(k, m) for _, k, m in plain] + self.other, key=lambda found: found[0])

    def states(self, q: Quantity) -> bool:
        return any(same_value(q, m) for _, m in self.near(q))


def _label(members: list[Quantity], found: Status, place: str | None = None) -> str:
    counted = list(dict.fromkeys(q.counts for q in members if q.counts))
    counted = [c for c in counted if not event_of(c)] or counted  # "people, killed", not "people/deaths/toll"
    units = list(dict.fromkeys(q.unit for q in members if q.unit and q.dimension != "share"))
    what = "/".join(counted[:3]) or "/".join(units[:2]) or "figure"
    if counted and units:
        what = f"{what} ({'/'.join(units[:2])})"
    if any(q.dimension == "share" for q in members):
        what = f"share of {what}"
    context = next((q.context for q in members if q.context), None)
    if context and counted and all(event_of(c) == context for c in counted):
        context = None  # "deaths", not "deaths, killed"
    label = f"{what}, {context}" if context else what
    if place:
        label = f"{label}, {'worldwide' if place == WORLD else f'in {place}'}"
    if found == "developing":  # the day's new figure, each day it changed: "9 (12 Jan) -> 14-16 (13 Jan)"
        by_day: dict[dt.date, list[Quantity]] = defaultdict(list)
        for q in members:
            if q.date is not None:
                by_day[q.date].append(q)
        years = len({d.year for d in by_day}) > 1
        steps: list[str] = []
        stated: dict[tuple, Quantity] = {}  # the earlier days' statements, one of each figure as stated
        for day in sorted(by_day):
            # a figure an earlier day already gave is a report restating it, not the day's news
            fresh = [q for q in by_day[day] if not any(same_value(q, p) for p in stated.values())]
            stated.update((_stated(q), q) for q in by_day[day])
            if not fresh:
                continue
            low, high = min(fresh, key=_comparable), max(fresh, key=_comparable)
            value = _shown(high) if same_value(low, high) else f"{_shown(low)}-{_shown(high)}"  # reports differ
            if not steps or steps[-1].split(" (")[0] != value:
                steps.append(f"{value} ({day.day} {day:%b}{f' {day.year}' if years else ''})")
        label = f"{label}: {' -> '.join(steps)}"
    return label


def _stated(q: Quantity) -> tuple:
    """What same_value reads of a statement: two statements alike in it match the same figures."""
    return q.value, q.low, q.high, q.qualifier, q.unit, q.base


def _shown(q: Quantity) -> str:
    return f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:g}"
