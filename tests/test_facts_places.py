"""Where a figure was counted (facts.places.place_of) is found from marks read once per sentence
(Marks): the same place as the clause-by-clause search for every figure of any sentence, and in time
that grows with the sentence, not with its figures times its length."""

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.facts import places
from storyline.facts.places import BOUNDARIES, LONGEST, Marks, _named_at, _opens, _place_ending, _subject, place_of
from storyline.facts.quantities import extract

WORDS = ["in", "across", "worldwide", "the", "chile", "peru", "united", "states", "of", "america", "world", "has",
         "reported", "said", "officials", "40", "died", "where", ",", ";", "-", "while", "health", "people"]  # fmt: skip


def searched(tokens, start, end):
    """place_of as it searched each figure's clause from the figure outwards (before Marks)."""
    lo = start
    while lo > 0 and tokens[lo - 1] not in BOUNDARIES:
        lo -= 1
    hi = end
    while hi < len(tokens) and tokens[hi] not in BOUNDARIES:
        hi += 1
    inside = next((p for i in range(start, end) if (p := _named_at(tokens, i, end)) is not None), None)
    if inside is not None:
        return inside
    if lo > 0 and tokens[lo - 1] == "where":
        return _place_ending(tokens, lo - 1 - (lo > 1 and tokens[lo - 2] == ","))
    after = next(((i - end, i) for i in range(end, hi) if _opens(tokens[i])), None)
    before = next(((start - i, i) for i in range(start - 1, lo - 1, -1) if _opens(tokens[i]) or _subject(tokens, i, start)), None)
    nearest = min(filter(None, (after, before)), default=None)
    if nearest is None:
        return None
    i = nearest[1]
    return _named_at(tokens, i, hi) if _opens(tokens[i]) else _subject(tokens, i, start)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.data())
def test_the_marks_give_the_place_the_clause_search_gives(tokens, data):
    marks = Marks(tokens)
    for _ in range(5):
        start = data.draw(st.integers(0, len(tokens) - 1))
        end = data.draw(st.integers(start + 1, min(len(tokens), start + 3)))
        assert place_of(tokens, start, end, marks) == searched(tokens, start, end) == place_of(tokens, start, end)


def test_a_place_that_has_the_figure_far_back_in_its_clause_and_near_it():
    far = "chile has reported , as its officials counted again after a long week of storms , the 40 deaths".split()
    assert place_of(far, far.index("40"), far.index("40") + 1) == "Chile"
    near = "officials said peru has 40 deaths".split()
    assert place_of(near, near.index("40"), near.index("40") + 1) == "Peru"
    assert far.index("40") - 1 - far.index("chile") > LONGEST  # (found from the marks, not near the figure)


def test_a_sentence_of_thousands_of_figures_is_read_in_linear_time(monkeypatch):
    """One clause of n figures ("5% 5% 5% ..."): before Marks each figure searched the clause for a place
    that has it, and 4,000 figures took minutes (a hostile article held a story page's computation that
    long). Counted in look-ups, not seconds: a few per token."""
    looked = []

    def counted(tokens, i, stop):
        looked.append(i)
        return _subject(tokens, i, stop)

    monkeypatch.setattr(places, "_subject", counted)
    for n in (500, 4000):
        looked.clear()
        assert len(extract("Prices rose in Marrowby on Monday. " + "5% " * n + "end.")) == n
        assert len(looked) < 10 * n  # n * n / 2 before
