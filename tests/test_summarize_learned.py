"""The learned concept weights of update summaries (summarize.learned)."""

import dataclasses

import numpy as np
import pytest

from storyline.ingest.build import build_article
from storyline.summarize import ConceptILP, learned
from storyline.summarize.units import make_units

NEW = [
    ("Ferry strike ends", "Dock workers in Porto Vale ended their ferry strike on Monday. "
     "The harbour board agreed to raise wages by 4 percent."),
    ("Ferries sail again", "Ferries left Porto Vale on Tuesday after seven idle days. "
     "The harbour board said 12 crossings would run daily."),
    ("Harbour board deal", "The harbour board signed the wage deal with dock workers. "
     "Passengers queued at the terminal from dawn."),
]  # fmt: skip
SEEN = [("Ferry strike", "Dock workers in Porto Vale began a ferry strike over wages.")]


def articles(pairs, prefix):
    return [build_article(text, id=f"{prefix}{i}", title=title) for i, (title, text) in enumerate(pairs)]


def columns(rows, concepts, names):
    index = [learned.FEATURES.index(n) for n in names]
    return {c: tuple(rows[i, index]) for i, c in enumerate(concepts)}


def test_features_count_articles_headlines_numbers_and_the_seen_report():
    units, seen = make_units(articles(NEW, "n")), make_units(articles(SEEN, "s"))
    concepts = ["harbour board", "porto vale", "4 percent", "passeng queu"]
    rows = learned.features(concepts, units, 3, ConceptILP().candidates(units, 100, seen), seen)
    got = columns(rows, concepts, ["log articles", "headline words", "number", "seen", "update"])
    assert got["harbour board"] == pytest.approx((np.log1p(3), 2, 0, 0, 1))
    assert got["porto vale"] == pytest.approx((np.log1p(2), 0, 0, 1, 1))
    assert got["4 percent"] == pytest.approx((np.log1p(1), 0, 1, 0, 1))
    assert got["passeng queu"][:2] == pytest.approx((np.log1p(1), 0))


def test_reweigh_scales_by_the_model_and_favours_headline_words():
    units, seen = make_units(articles(NEW, "n")), make_units(articles(SEEN, "s"))
    pool = ConceptILP().candidates(units, 100, seen)
    weights = {"harbour board": 1.0, "wage deal": 1.0}
    out = learned.reweigh(weights, units, 3, pool, seen)
    rows = learned.features(list(weights), units, 3, pool, seen)
    expected = learned.MODEL.probabilities(rows) ** learned.MODEL.exponent
    assert list(out.values()) == pytest.approx(expected.tolist())
    # same model with the headline coefficient switched off: the headline concept loses weight
    i = learned.FEATURES.index("headline words")
    blind = dataclasses.replace(
        learned.MODEL, coefficients=tuple(0.0 if k == i else c for k, c in enumerate(learned.MODEL.coefficients))
    )
    assert learned.reweigh(weights, units, 3, pool, seen, blind)["harbour board"] < out["harbour board"]


def test_small_stories_keep_the_counted_weights():
    units, seen = make_units(articles(NEW[:2], "n")), make_units(articles(SEEN, "s"))
    weights = {"harbour board": 2.0, "porto vale": 0.5}
    assert learned.reweigh(weights, units, 2, ConceptILP().candidates(units, 100, seen), seen) == weights


@pytest.mark.slow
def test_shipped_model_is_the_fit_on_duc2007(shared_data, bench_script):
    fit = bench_script("fit_update_weights")
    sets = fit.prepare(shared_data / "dev" / "duc2007_update.jsonl")
    model = fit.fit(sets, learned.MODEL.exponent, learned.C)
    assert model.intercept == pytest.approx(learned.MODEL.intercept, abs=2e-3)
    assert model.coefficients == pytest.approx(learned.MODEL.coefficients, abs=2e-3)
    # C and the exponent are the ones leave-one-topic-out picks (ROUGE-2 of each topic, its fit on the other nine)
    sums = fit.choose_model(sets)
    assert max(sums, key=sums.__getitem__) == (learned.C, learned.MODEL.exponent)


@pytest.mark.slow
def test_update_reach_and_half_life_are_the_fit_scripts_choice(shared_data, bench_script):
    fit = bench_script("fit_update_weights")
    sets = fit.prepare(shared_data / "dev" / "duc2007_update.jsonl")
    chosen = fit.choose_reading(sets)
    assert chosen["default"] == (ConceptILP.update_reach, ConceptILP.update_half_life)
