"""Big stories: the summarizer reads each article's lead past max_articles, caps the ILP's candidates,
and reuses the sentences it prepared; small stories are summarized as before."""

import datetime as dt

import pytest

from storyline.ingest import build_article
from storyline.summarize import ConceptILP
from storyline.summarize.redundancy import article_share
from storyline.summarize.units import make_units


def _articles(n: int) -> list:
    """n reports of one story, each a lead about the fire and later sentences of its own."""
    out = []
    for i in range(n):
        text = (
            f"Firefighters fought a large fire at the Harbor City grain terminal on day {i} of the blaze, "
            "officials said.\n\n"
            f"The fire at the grain terminal forced the port to close berth {i} and send ships to other harbors.\n\n"
            f"Report {i} added that inspector number {i} would visit the damaged silo row {i} next week.\n\n"
            f"Local traders in district {i} said grain prices rose by {i} percent after the terminal fire spread."
        )
        out.append(build_article(text, id=f"a{i}", source="Wire", published=dt.date(2031, 1, 1) + dt.timedelta(days=i)))
    return out


def test_a_big_story_is_read_by_its_leads_and_a_small_one_whole():
    articles = _articles(6)
    small = ConceptILP(max_articles=6, lead_sentences=1)
    big = ConceptILP(max_articles=5, lead_sentences=1)
    assert small.reach_of(articles) is None and big.reach_of(articles) == 1
    summary = big.summarize(articles, words=60)
    assert summary.sentences and all(s.citation.sentence_index == 0 for s in summary.sentences)
    assert ConceptILP().summarize(articles, words=60) == small.summarize(articles, words=60)
    # a story read from the store analyses its sentences when first read: past the leads, never
    for a in articles:
        for s in a.sentences:
            s._analysis = None
    assert big.summarize(articles, words=60) == summary
    assert all(s._analysis is None for a in articles for s in a.sentences[1:])


def test_a_big_story_offers_the_ilp_its_strongest_candidates_only():
    articles = _articles(8)
    capped = ConceptILP(max_articles=5, max_candidates=3).summarize(articles, words=100)
    assert 0 < len(capped.sentences) <= 3


def test_the_same_lead_repeated_by_every_report_takes_one_place_among_the_candidates():
    articles = _articles(8)  # eight near-duplicate leads, the strongest sentences of the story
    capped = ConceptILP(max_articles=5, max_candidates=3).summarize(articles, words=100)
    assert sum(s.text.startswith("Firefighters fought") for s in capped.sentences) == 1
    assert len(capped.sentences) > 1  # before: three copies of the lead were the candidates, one summary sentence


def test_a_development_a_tenth_of_a_big_storys_reports_carry_counts():
    articles = []
    for i in range(60):  # more than max_articles: a big story
        paras = [f"Firefighters fought a large fire at the Harbor City grain terminal on day {i} of the blaze, officials said."]
        if i >= 54:  # the latest reports: the cause
            paras.append("Investigators said a faulty conveyor motor in the north silo started the blaze.")
        if i == 0:  # one report's aside, longer
            paras.append(
                "A spokesman for the port authority said the harbor pilots' union had asked members to keep away "
                "from the western gate."
            )
        articles.append(build_article("\n\n".join(paras), id=f"b{i}", published=dt.date(2031, 1, 1) + dt.timedelta(days=i)))
    texts = [s.text for s in ConceptILP().summarize(articles, words=40).sentences]
    assert any("faulty conveyor motor" in t for t in texts), texts
    # a share of the whole story (as in a 10-article cluster) would leave the cause's words uncounted
    texts = [s.text for s in ConceptILP(big_min_df_share=0.3).summarize(articles, words=40).sentences]
    assert not any("faulty conveyor motor" in t for t in texts), texts


def test_prepared_sentences_are_reused_with_their_new_place():
    articles = _articles(3)
    cache: dict = {}
    first = make_units(articles, cache=cache)
    again = make_units(articles[1:], cache=cache)
    assert [u.doc for u in again] == [u.doc - 1 for u in first if u.doc > 0]
    assert all(a.sentence is b.sentence and a.bigrams is b.bigrams for a, b in zip(again, first[len(first) // 3 :]))
    plain = make_units(articles[1:])
    assert [(u.doc, u.shown, u.bigrams) for u in again] == [(u.doc, u.shown, u.bigrams) for u in plain]
    assert len(make_units(articles, reach=2)) == 6


def test_a_summary_with_a_cache_is_the_summary_without():
    articles = _articles(8)
    cache: dict = {}
    for words in (50, 100):
        with_cache = ConceptILP().summarize(articles, words=words, cache=cache)
        assert with_cache == ConceptILP().summarize(articles, words=words)
    seen, new = articles[:6], articles[6:]
    assert ConceptILP().summarize(new, seen=seen, cache=cache) == ConceptILP().summarize(new, seen=seen)


def test_article_share_counts_each_article_once():
    units = make_units(_articles(4))
    share = article_share(units, "bigrams")
    assert share["grain termin"] == 1.0 and share["close berth"] == 1.0
    assert share["berth 2"] == 0.25


@pytest.mark.slow
def test_shipped_big_story_settings_are_the_fit_scripts_choice(shared_data, bench_script):
    fit = bench_script("fit_big_story")
    results = fit.scored(shared_data / "dev")
    topics = sorted({fit.topic(r) for _, r in results})
    assert fit.best(results, topics) == (ConceptILP.big_min_df_share, ConceptILP.max_candidates)
