"""The facts' figure comparisons that skip pairs (facts.groups: sorted windows) give what trying every
pair gives: the same groups, statuses and matches, on figures with ranges, bounds, units, negative
values and boundary tolerances."""

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
            key="people||killed", date=dt.date(2031, 3, draw(st.integers(1, 4))),
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
    found = groups.status(qs)
    if len(names) < 2:
        assert found == "single-source"
    elif not apart:
        assert found == "agreed"
    else:
        assert found in ("developing", "conflicting")
