"""The facts' figure comparisons that skip pairs (facts.groups: sorted windows, each statement and each
kind of report compared once) give what trying every pair gives: the same groups, statuses and
matches, on figures with ranges, bounds, units, negative values, boundary tolerances and no date."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.facts import groups
from storyline.facts.model import Quantity
from storyline.model import Citation

BASES = [0.0, -5.0, 1.0, 7.0, 100.0, 112.0, 88.0, 113.636363, 1000.0, 1050.0, 1e6]


@st.composite
def figures(draw) -> list[Quantity]:
    out = []
    for i in range(draw(st.integers(0, 30))):
        value = draw(st.sampled_from(BASES)) * draw(st.sampled_from([1.0, 1.0, 0.95, 1.049, 0.88, 1.1201, 1.5]))
        ranged = draw(st.integers(0, 5)) == 0
        unit = draw(st.sampled_from([None, None, "km", "mile"]))
        out.append(Quantity(
            text=str(value), value=value, citation=Citation(f"a{draw(st.integers(0, 6))}", i),
            low=value * 0.8 if ranged else draw(st.sampled_from([None, value])), high=value * 1.2 if ranged else None,
            qualifier=draw(st.sampled_from([None, None, "about", "nearly", "more than", "less than", "at least"])),
            unit=unit, base=None if unit is None else value * (1609.0 if unit == "mile" else 1000.0),
            key="people||killed", date=draw(st.sampled_from([None, *(dt.date(2031, 3, d) for d in range(1, 5))])),
        ))  # fmt: skip
    return out


@settings(max_examples=300, deadline=None)
@given(figures())
def test_pairs_found_by_sorting_are_every_pair_that_states_the_same_figure(qs):
    every = [(i, j) for i in range(len(qs)) for j in range(i + 1, len(qs)) if groups.same_value(qs[i], qs[j])]
    assert sorted(groups._alike(qs)) == every  # (each pair once)
    assert all(groups._Figures(qs[:k]).states(q) == any(groups.same_value(q, m) for m in qs[:k])
               for k in range(len(qs)) for q in qs[k:])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(figures())
def test_split_by_value_and_status_are_those_of_every_pair(qs):
    parts: list[list[Quantity]] = []  # the first part whose first figure each states, as tried one by one
    for q in qs:
        home = next((p for p in parts if groups.same_value(q, p[0])), None)
        home.append(q) if home else parts.append([q])
    assert groups._by_value(qs) == parts
    by_article: dict[str, list[Quantity]] = {}
    for q in qs:
        by_article.setdefault(q.citation.article_id, []).append(q)
    names = list(by_article)
    apart = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]
             if not any(groups.same_value(x, y) for x in by_article[a] for y in by_article[b])]  # fmt: skip
    days = {a: by_article[a][0].date for a in names}
    same_day = any(days[a] is None or days[b] is None or days[a] == days[b] for a, b in apart)
    differ = any(not (days[a] is None or days[b] is None or days[a] == days[b]) for a, b in apart)
    if len(names) < 2:
        assert groups.status(qs) == "single-source"
    elif same_day:
        assert groups.status(qs) == ("developing" if differ and groups._rises(qs) else "conflicting")
    else:
        assert groups.status(qs) == ("developing" if differ else "agreed")


def test_reports_of_the_same_kind_compare_as_every_pair_does():
    """Two reports stating the same figures on the same day are one kind, compared once: they agree
    when a figure they state is the same as itself, which a figure that is no number is not."""

    def stated(value: float, article: str) -> Quantity:
        return Quantity(text=str(value), value=value, citation=Citation(article, 0), key="people||killed",
                        date=dt.date(2031, 3, 1))  # fmt: skip

    assert groups.status([stated(12.0, "a"), stated(12.0, "b")]) == "agreed"
    nan = float("nan")  # (one object: its statements are one to a dictionary, as two reports of one feed's figure would be)
    assert groups.status([stated(nan, "a"), stated(nan, "b")]) == groups.status([stated(nan, "a"), stated(float("nan"), "b")])
    assert groups.status([stated(nan, "a"), stated(nan, "b")]) == "conflicting"
