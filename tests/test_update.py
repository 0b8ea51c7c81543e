"""Update summaries: only what the seen articles do not already give, or an explicit nothing new."""

import datetime as dt

import pytest

from storyline.ingest import build_article
from storyline.summarize import ConceptILP, summarize
from storyline.summarize.redundancy import SEEN_DUPLICATE, overlap_matrix
from storyline.summarize.units import make_units
from test_summarize import FRIDAY, MONDAY, WEDNESDAY


@pytest.fixture
def monday():
    return build_article(MONDAY, id="mon", published=dt.date(2031, 3, 3))


@pytest.fixture
def wednesday():
    return build_article(WEDNESDAY, id="wed", published=dt.date(2031, 3, 5))


def test_update_carries_the_new_facts_and_none_of_the_background(monday, wednesday):
    summary = summarize([monday, wednesday], words=100, seen=[monday])
    assert not summary.nothing_new
    assert summary.article_ids == ["wed"]
    text = " ".join(s.text for s in summary.sentences)
    assert "Two people were found dead" in text
    assert "sandbags" in text or "20 million euros" in text
    assert "4,000 residents" not in text
    assert "declared an emergency" not in text
    seen = [u.content for u in make_units([monday])]
    new = make_units([wednesday])
    chosen = [new[s.sentence_index].content for s in summary.sentences]
    assert (overlap_matrix(chosen, seen, of_left=True) < SEEN_DUPLICATE).all()


def test_plain_summary_of_the_same_article_does_repeat_background(monday, wednesday):
    text = " ".join(s.text for s in summarize([wednesday], words=100).sentences)
    assert "4,000 residents" in text or "declared an emergency" in text


def test_nothing_new_when_the_new_article_only_repeats(monday):
    friday = build_article(FRIDAY, id="fri", published=dt.date(2031, 3, 7))
    summary = summarize([friday], words=100, seen=[monday])
    assert summary.nothing_new
    assert summary.sentences == [] and summary.article_ids == []


def test_nothing_new_when_every_article_was_seen(monday, wednesday):
    summary = summarize([monday, wednesday], seen=[monday, wednesday])
    assert summary.nothing_new and not summary.sentences


def test_an_update_the_budget_left_empty_is_not_nothing_new(monday, wednesday):
    from storyline.summarize import to_text

    summary = summarize([monday, wednesday], words=3, seen=[monday])
    assert not summary.sentences and not summary.nothing_new  # "Nothing new" before: the budget was the cause
    assert summary.fits_in is not None and summary.fits_in > 3
    roomy = summarize([monday, wednesday], words=summary.fits_in, seen=[monday])
    assert roomy.sentences and roomy.word_count <= summary.fits_in
    assert to_text(summary, [monday, wednesday]) == (
        f"No summary: no sentence fits in 3 words (a budget of {summary.fits_in} holds one)."
    )
    assert summarize([monday, wednesday], words=3, seen=[monday, wednesday]).nothing_new


def test_baselines_also_leave_out_what_was_seen(monday, wednesday):
    for method in ("lead", "centroid", "lexrank", "textrank"):
        text = " ".join(s.text for s in summarize([wednesday], words=100, method=method, seen=[monday]).sentences)
        assert text and "4,000 residents" not in text, method


def test_an_update_says_what_each_new_report_adds():
    d = dt.date
    seen = [build_article("Kellerby (Wire) - The old dam above Kellerby broke on Monday and flooded the lower town.\n\n"
                          "Residents fled to the hills as the water rose.", id="s", published=d(2031, 3, 3))]
    new = [
        build_article("Kellerby (Wire) - Army engineers began to seal the broken dam above Kellerby on Tuesday with "
                      "rock and steel.\n\nThe engineers said sealing the dam would take a week of work with rock and "
                      "steel.\n\nThe army sent two hundred engineers and forty trucks of rock to the dam.",
                      id="a", published=d(2031, 3, 4)),
        build_article("Kellerby (Wire) - Engineers sealing the dam above Kellerby worked through the night with rock "
                      "and steel.\n\nForty trucks of rock reached the dam by Wednesday morning, the army said.\n\n"
                      "The engineers expect to finish sealing the dam within a week.", id="b", published=d(2031, 3, 5)),
        build_article("Kellerby (Wire) - The regional council promised compensation to every family in Kellerby that "
                      "lost a home in the flood.", id="c", published=d(2031, 3, 5)),
    ]  # fmt: skip
    cited = {s.article_id for s in summarize(new, words=45, seen=seen).sentences}
    assert cited == {"a", "b", "c"}
    counted = ConceptILP(article_worth=0.0)  # concept weights alone leave one report out
    assert len({s.article_id for s in counted.summarize(new, words=45, seen=seen).sentences}) < 3


def test_an_update_leaves_out_an_announcement_a_newer_report_overtook():
    d = dt.date
    seen = [build_article("Brisk (Wire) - Dockworkers at the port of Brisk went on strike on Monday over pay and "
                          "automation.", id="s", published=d(2031, 3, 3))]
    sunday = build_article(
        "Brisk (Wire) - Negotiators reached a tentative deal to end the strike at the port of Brisk on Sunday after "
        "twenty hours of talks.\n\nUnion members will vote on the tentative deal on Monday and Tuesday, and the "
        "strike at the port will continue until the result is known.", id="sun", published=d(2031, 3, 9))
    wednesday = build_article(
        "Brisk (Wire) - Cranes moved again at the port of Brisk on Wednesday after union members voted to accept "
        "the tentative deal.\n\nThe deal gives dockworkers a pay rise of six percent over two years.",
        id="wed", published=d(2031, 3, 12))  # fmt: skip
    plan = "will vote on the tentative deal"
    assert plan in " ".join(s.text for s in summarize([sunday], words=100, seen=seen).sentences)
    summary = summarize([sunday, wednesday], words=100, seen=seen)
    text = " ".join(s.text for s in summary.sentences)
    assert plan not in text
    assert "voted to accept" in text or "pay rise" in text


def test_a_small_update_takes_the_new_development_over_old_background():
    d = dt.date
    seen = [build_article("Porto Vale (Wire) - Dock workers in Porto Vale walked out on Monday over pay, stopping "
                          "every ferry to the islands.", id="s", published=d(2031, 5, 5))]
    new = [
        build_article("Porto Vale (Wire) - Dock workers in Porto Vale accepted a four percent pay rise on Friday and "
                      "ferries will sail again on Saturday.\n\nThe dock workers walked out on Monday over pay, "
                      "stopping every ferry to the islands of Porto Vale.", id="n1", published=d(2031, 5, 9)),
        build_article("Porto Vale (Wire) - The union said dock workers voted to accept the pay rise on Friday "
                      "evening.\n\nDock workers walked out over pay on Monday, stopping every ferry from Porto "
                      "Vale.", id="n2", published=d(2031, 5, 9)),
    ]  # fmt: skip
    text = " ".join(s.text for s in summarize(new, words=30, seen=seen).sentences)
    assert "accept" in text and "walked out" not in text
