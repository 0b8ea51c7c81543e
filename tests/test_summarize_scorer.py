"""The learned concept weights of story summaries (summarize.scorer) and their fit (bench/fit_summary.py)."""

import numpy as np
import pytest

from storyline.ingest.build import build_article
from storyline.summarize import ConceptILP, scorer
from storyline.summarize.concept_ilp import fill_room
from storyline.summarize.filters import RULES, anchorless_follower
from storyline.summarize.units import make_units
from storyline.text.tokens import word_count

STORY = [
    ("Ferry strike ends", "Dock workers in Porto Vale ended their ferry strike on Monday after 9 days. "
     "The harbour board agreed to raise wages by 4 percent. A bakery on the quay sold out of bread."),
    ("Ferries sail again", "Ferries left Porto Vale on Tuesday after the ferry strike ended. "
     "The harbour board said 12 crossings would run daily. Tourists took photographs of the gulls."),
    ("Harbour board deal", "The harbour board signed the wage deal with dock workers in Porto Vale. "
     "Passengers queued at the terminal from dawn, and the ferry strike was soon forgotten."),
]  # fmt: skip


def story():
    return [build_article(text, id=f"a{i}", title=title) for i, (title, text) in enumerate(STORY)]


def test_features_count_articles_leads_headlines_and_numbers():
    units = make_units(story())
    concepts = ["ferri strike", "harbour board", "9 dai", "the gull"]
    rows = scorer.features(concepts, units, 3)
    col = {name: rows[:, i] for i, name in enumerate(scorer.FEATURES)}
    assert col["article share"].tolist() == pytest.approx([1.0, 1.0, 1 / 3, 1 / 3])
    assert col["log sentences"][0] == pytest.approx(np.log1p(3))
    assert col["headline words"][:2].tolist() == [2, 2]  # "Ferry strike ends", "Harbour board deal"
    assert col["number"].tolist() == [0, 0, 1, 0]
    assert col["both content"].tolist() == [1, 1, 0, 0]  # "9" is too short, "the" a stopword
    assert col["early"][0] > col["early"][3]  # the strike leads; the gulls come last


def test_shipped_model_loads_and_ranks_the_shared_lead_above_an_aside():
    model = scorer.load()
    assert model.features == scorer.FEATURES and len(model.coefficients) == len(scorer.FEATURES)
    units = make_units(story())
    w = scorer.weigh(["ferri strike", "the gull"], units, 3, model)
    assert 0 < w["the gull"] < w["ferri strike"] < 1


def test_learned_and_counted_summaries_are_verbatim_and_within_budget():
    articles = story()
    for summarizer in (ConceptILP(), ConceptILP(concept_model=None), ConceptILP(fill=False)):
        summary = summarizer.summarize(articles, words=30)
        assert summary.sentences
        assert sum(word_count(s.text) for s in summary.sentences) <= 30
        for s in summary.sentences:
            assert s.text in articles[[a.id for a in articles].index(s.article_id)].sentences[s.sentence_index].text


def test_filling_the_budget_only_adds_whole_sentences():
    articles = story()
    added = 0
    for words in range(20, 90, 5):
        plain = ConceptILP(fill=False).summarize(articles, words=words)
        filled = ConceptILP().summarize(articles, words=words)
        kept = [(s.article_id, s.sentence_index) for s in plain.sentences]
        more = [(s.article_id, s.sentence_index) for s in filled.sentences]
        assert set(kept) <= set(more)
        assert sum(word_count(s.text) for s in filled.sentences) <= words
        added += len(more) > len(kept)
    assert added  # some budget leaves room that a whole sentence fills


def test_a_sentence_that_points_back_comes_in_pairs_only_in_a_short_story():
    articles = [build_article("Dock workers in Porto Vale ended their ferry strike on Monday after nine days. "
                              "They will return to the quays on Wednesday morning, union leaders said.", id="a0")]
    def taken(summarizer, words):
        return [(s.article_id, s.sentence_index) for s in summarizer.summarize(articles, words=words).sentences]
    assert ("a0", 1) in taken(ConceptILP(), 40)  # the story holds less than two budgets: the pair may come
    # 14 candidate words: more than 0.3 budgets; and no filling of the words left with followers
    assert ("a0", 1) not in taken(ConceptILP(pairs_below=0.3, fill_followers=False), 40)


def test_the_words_left_go_to_a_sentence_that_points_back_only_right_after_the_one_before_it():
    articles = [build_article("Dock workers in Porto Vale ended their ferry strike on Monday after nine days of talks. "
                              "They will return to the quays on Wednesday morning, union leaders said. "
                              "The ferry company said timetables would be normal by Friday across the whole region.",
                              id="b0")]  # fmt: skip
    def taken(words, **params):
        summary = ConceptILP(pairs_below=0.3, **params).summarize(articles, words=words)  # no pairs in the ILP
        return [s.sentence_index for s in summary.sentences]
    assert taken(45) == [0, 1, 2]  # the ILP takes 0 and 2 (31 words); 1 fills the 14 left, after 0
    assert taken(45, fill_followers=False) == [0, 2]
    u0, u1, u2 = make_units(articles)
    held, weights = {id(u1): ["quays"]}, {"quays": 1.0}
    assert fill_room([(u2, 1.0)], [u1], held, weights, 45, RULES.repeats, after={id(u1)}) == []  # not without sentence 0
    assert fill_room([(u0, 1.0)], [u1], held, weights, 45, RULES.repeats, after={id(u1)}) == [(u1, 1.0)]


def test_a_sentence_that_points_back_does_not_fill_without_the_one_before_it():
    articles = [build_article("Dock workers in Porto Vale ended their ferry strike on Monday after nine days of talks "
                              "with the harbour board over pay, night shifts and the safety of the old cranes on the north quay. "
                              "They will return to the quays on Wednesday morning, union leaders said. "
                              "The ferry company said timetables would be normal by Friday across the whole region.",
                              id="c0")]  # fmt: skip
    def taken(**params):
        summary = ConceptILP(pairs_below=0.3, **params).summarize(articles, words=30)  # sentence 0 does not fit
        return [s.sentence_index for s in summary.sentences]
    assert taken() == [2]  # "They" would be the ferry company's
    assert taken(followers_after=False) == [1, 2]


def test_followers_come_in_runs_after_the_sentence_they_point_back_to():
    articles = [build_article("Dock workers in Porto Vale ended their ferry strike on Monday after nine days of talks. "
                              "They will return to the quays on Wednesday morning, union leaders said. "
                              "But the night shifts at the old cranes stay closed until the inspectors finish in March.",
                              id="e0")]  # fmt: skip
    def taken(**params):
        summary = ConceptILP(fill_followers=False, **params).summarize(articles, words=60)  # the ILP alone
        return [s.sentence_index for s in summary.sentences]
    assert taken() == [0, 1, 2]  # "But ..." follows "They ...", which follows the strike
    assert taken(pairs=False) == [0]


def test_an_update_takes_one_follower_after_a_candidate_a_story_the_whole_run():
    text = ("Dock workers in Porto Vale ended their ferry strike on Monday after nine days of talks. "
            "They will return to the quays on Wednesday morning, union leaders said. "
            "But the night shifts at the old cranes stay closed until the inspectors finish in March.")  # fmt: skip
    units = make_units([build_article(text, id="e0")])
    seen = make_units([build_article("Lindholt opened a new library on the square in March.", id="s0")])
    method = ConceptILP()
    head = units[:1]  # the one candidate
    story = method.followers(units, head, 60)
    update = method.followers(units, head, 60, seen=seen)
    assert [[u.position for u in run] for run in story] == [[0, 1], [0, 1, 2]]
    assert [[u.position for u in run] for run in update] == [[0, 1]]


def test_a_short_story_may_take_a_sentence_that_points_back_to_no_sentence():
    text = ("Porto Vale names a new ferry chief\n\n"  # a headline: no sentence a summary could show
            "She will start on Monday and run twelve crossings a day from the old quay.\n\n"
            "The harbour board said the ferry strike had cost the town two weeks of trade.")  # fmt: skip
    articles = [build_article(text, id="d0")]
    units = make_units(articles)
    places = {(u.doc, u.position): u for u in units}
    assert [anchorless_follower(u, places) for u in units] == [False, True, False]
    def taken(**params):
        summary = ConceptILP(fill_followers=False, **params).summarize(articles, words=40)
        return [s.sentence_index for s in summary.sentences]
    assert taken() == [1, 2]
    assert taken(anchorless=False) == [2]
    assert taken(pairs_below=0.3) == [2]  # not a short story: standalone sentences only


def test_a_sentence_after_a_short_sentence_still_points_back_to_it():
    article = build_article("Mira Holt is nine. She rowed across Kestrel Bay alone on Sunday to fetch her brother.", id="f0")
    units = make_units([article])
    places = {(u.doc, u.position): u for u in units}
    assert not anchorless_follower(units[1], places)  # "Mira Holt is nine." is too short to take, but a sentence


@pytest.mark.slow
def test_shipped_model_file_is_rebuilt_byte_for_byte(shared_data, bench_script):
    fit = bench_script("fit_summary")
    text = fit.dump(fit.fit([d["clusters"] for d in fit.load().values()]))
    assert text == scorer.MODEL_FILE.read_text(encoding="utf-8")
