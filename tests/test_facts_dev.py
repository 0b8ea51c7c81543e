"""Precision of quantity extraction on dev sentences annotated by document id and sentence index (130 sentences).

The annotations (tests/fixtures/facts/annotations.json) hold no text: the sentences are read from
../shared/data/dev at run time and split with build_article, as the engine splits them.
"""

import json
from pathlib import Path

import pytest

from storyline.eval.datasets import records
from storyline.facts.quantities import extract
from storyline.ingest.build import build_article
from storyline.text.tokens import stem

ANNOTATIONS = Path(__file__).parent / "fixtures" / "facts" / "annotations.json"


def _docs(record):
    yield from record.get("docs", [])
    for part in record.get("sets", []):
        yield from part["docs"]


def _sentences(dev: Path, wanted: list[dict]) -> dict[tuple[str, str], list[str]]:
    """Sentence texts of each annotated document (first record holding the id wins)."""
    out: dict[tuple[str, str], list[str]] = {}
    for name in sorted({w["file"] for w in wanted}):
        ids = {w["doc"] for w in wanted if w["file"] == name}
        for record in records(dev / name):
            for doc in _docs(record):
                key = (name, doc["id"])
                if doc["id"] in ids and key not in out:
                    out[key] = [s.text for s in build_article(doc["text"]).sentences]
    return out


def _value(gold: dict) -> float:
    return (gold["low"] + gold["high"]) / 2 if "low" in gold else gold["value"]


def _matches(found, gold: dict) -> bool:
    if abs(found.value - _value(gold)) > 0.01 * abs(_value(gold)):
        return False
    counts = gold["counts"]
    return counts is not None and (
        (found.counts is not None and stem(found.counts) == stem(counts)) or found.unit == counts
    )


def score(dev: Path, split: str | None = None) -> tuple[float, float, int]:
    """Precision, recall and the number extracted, over one split ("dev": the sentences looked at
    while writing the rules; "heldout": annotated after; "tolls": 16 sentences drawn at random (seed 7)
    from those that name a toll or put a number before "killed", "died" and the like) or all."""
    wanted = [w for w in json.loads(ANNOTATIONS.read_text()) if split in (None, w["split"])]
    texts = _sentences(dev, wanted)
    extracted = correct = gold_total = gold_found = 0
    for item in wanted:
        sentence = texts[(item["file"], item["doc"])][item["sentence"]]
        found = extract(sentence)
        gold = item["quantities"]
        extracted += len(found)
        correct += sum(any(_matches(f, g) for g in gold) for f in found)
        gold_total += len(gold)
        gold_found += sum(any(_matches(f, g) for f in found) for g in gold)
    return correct / extracted, gold_found / gold_total, extracted


@pytest.mark.slow
def test_quantity_precision_on_dev_sentences(shared_data):
    for split in ("dev", "heldout", "tolls", None):
        precision, recall, extracted = score(shared_data / "dev", split)
        print(f"quantities, {split or 'all'}: precision {precision:.3f}, recall {recall:.3f}, {extracted} extracted")
    assert extracted >= 100
    assert precision >= 0.9
