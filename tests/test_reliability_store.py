"""Several writers at once, records the database rejects, templated copy: the store and the engine."""

import hashlib
import json
import random
import subprocess
import sys
import time

import numpy as np
import pytest

import storyline
from storyline.cluster.dedup import BUCKET, CopyFinder, band_keys
from storyline.ingest import build_article, content_id
from storyline.ingest.build import ascii_content_id

PORT = [
    "PORT ALDER (Meridian Wire) - Dock workers in Port Alder stayed off the job for a {n}th day, with cranes idle "
    "and container ships queueing outside the harbour breakwater.",
    "The dockers' union said pickets would stay at the gates until the port authority raised its wage offer.",
]
FLOOD = [
    "OSK VALLEY (Northgate Press) - Flood water rose again along the Osk river on day {n}, and villagers "
    "moved livestock to the hills above the swollen reservoir.",
    "Engineers inspected the cracked dam spillway while rain kept falling across the upper valley.",
]


SYLLABLES = ["ka", "lor", "vin", "mu", "tes", "bra", "quo", "nel", "dri", "sam", "pek", "zo"]


def word(k: int) -> str:
    """A made-up word of its own for each k < 1728."""
    return SYLLABLES[k % 12] + SYLLABLES[k // 12 % 12] + SYLLABLES[k // 144 % 12]


def corpus(lines: list[str], prefix: str, n: int, stories: int = 1) -> list[dict]:
    """n reports of `stories` stories, one after another; each story has made-up names of its own,
    and each report names a different few of them (reports of a story are alike, not copies)."""
    rng = random.Random(prefix)
    per, offset = n // stories, 0 if prefix == "p" else 864
    out = []
    for i in range(n):
        k = i // per
        names = [word(offset + k * 12 + j).capitalize() for j in rng.sample(range(12), 6)]
        text = "\n\n".join(lines).format(n=i % per + 1) + " " + " ".join(
            f"{a} officials met {b} delegates." for a, b in zip(names[::2], names[1::2])
        )
        out.append({"id": f"{prefix}{i}", "text": text, "published": f"2026-0{1 + k * 9 // stories}-{1 + i % 28:02}"})
    return out


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def mixed_stories(db) -> int:
    """Stories holding articles of both corpora (ids start with p and f)."""
    with storyline.open(db, readonly=True) as eng:
        return sum(len({aid[0] for aid in s.article_ids + list(s.duplicates)}) > 1 for s in eng.stories())


def articles(records) -> list:
    return [build_article(r["text"], id=r["id"], published=r["published"]) for r in records]


def test_a_writer_with_a_stale_tracker_catches_up(db_url):
    db = db_url
    with storyline.open(db) as first, storyline.open(db) as second:
        assert first.tracker is not None and second.tracker is not None  # both read the empty state
        first.add_articles(articles(corpus(PORT, "p", 30, stories=3)))
        second.add_articles(articles(corpus(FLOOD, "f", 30, stories=3)))  # its tracker is stale by now
    assert mixed_stories(db) == 0
    with storyline.open(db, readonly=True) as eng:
        assert sum(len(s.article_ids) + len(s.duplicates) for s in eng.stories()) == 60


@pytest.mark.slow
def test_two_ingests_at_once_mix_no_stories(tmp_path, db_url):
    port, flood = tmp_path / "port.jsonl", tmp_path / "flood.jsonl"
    write_jsonl(port, corpus(PORT, "p", 1500, stories=60))  # several transactions each, so they interleave
    write_jsonl(flood, corpus(FLOOD, "f", 1500, stories=60))
    db = db_url
    cmd = [sys.executable, "-m", "storyline.cli.main", "--db", db, "ingest", "--json"]
    procs = [subprocess.Popen([*cmd, str(path)], stdout=subprocess.DEVNULL) for path in (port, flood)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert mixed_stories(db) == 0
    with storyline.open(db, readonly=True) as eng:
        assert eng.store.count_articles() == 3000


def test_twenty_starts_on_a_fresh_store(db_url):
    db = db_url
    code = (
        "import sys, time; from storyline.store import open_store;"
        "time.sleep(max(0, float(sys.argv[2]) - time.time())); open_store(sys.argv[1]).close()"
    )
    start = str(time.time() + 3)  # all twenty open the store at the same moment
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db), start], stderr=subprocess.PIPE, text=True)
        for _ in range(20)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, [e for e in errors if e][:1]


def test_a_record_the_database_rejects_costs_no_other(db_url):
    good = articles(corpus(PORT, "p", 3))
    bad = build_article("LONDON (Wire) - A report with a lone surrogate in it.", id="bad")
    bad.sentences[0].text += "\ud800"  # past the readers' checks: the store is the last line
    with storyline.open(db_url) as eng:
        result = eng.add_articles([good[0], bad, good[1], good[2]])
        assert sorted(result.added) == ["p0", "p1", "p2"]
        assert len(result.failed) == 1 and result.failed[0].startswith("bad: cannot be stored")
        assert eng.store.count_articles() == 3 and eng.article("bad") is None
        assert eng.store.search("pickets")  # the good articles' sentences are indexed


def test_an_id_taken_by_other_text_is_a_warning_not_a_silent_copy(db_url):
    first = "Inspectors found no cracks in the Osk dam on Monday. The spillway was declared safe."
    other = "Inspectors found three cracks in the Osk dam on Monday, reversing an earlier report. The spillway was closed."
    with storyline.open(db_url) as eng:
        result = eng.add_articles([build_article(first, id="x1"), build_article(other, id="x1"),
                                   build_article(first.replace(". ", ".   "), id="x1")])  # fmt: skip
        assert result.added == ["x1"] and result.duplicates == ["x1", "x1"]
        assert result.warnings == ["x1: id 'x1' is already taken by an article with other text, which is kept"]
        again = eng.add_articles([build_article(other, id="x1"), build_article(first, id="x1")])  # in a later batch
        assert again.added == [] and len(again.warnings) == 1 and eng.article("x1").text.startswith("Inspectors found no")


def test_reports_in_other_scripts_are_kept_and_copies_stored_under_their_old_ids_are_not(db_url):
    texts = ["Паводок затопил три села на реке Ольше.", "Мост через Ольшу закрыли на ремонт.", "Η γέφυρα έκλεισε."]
    with storyline.open(db_url) as eng:
        stored = eng.add_articles([build_article(texts[0], id=ascii_content_id(texts[0]))])  # as an older version did
        result = eng.add_articles([build_article(t) for t in texts])
        assert result.duplicates == [content_id(texts[0])] and result.added == [content_id(t) for t in texts[1:]]
        assert not result.warnings and eng.store.count_articles() == 3
        assert stored.added == [hashlib.sha1(b"").hexdigest()[:16]]  # the id every such text had: each was lost
        assert eng.add_articles([build_article(t) for t in texts]).added == []


def test_numbers_past_what_the_database_takes_name_nothing(db_url):
    with storyline.open(db_url) as eng:
        eng.add_articles(articles(corpus(PORT, "p", 2)))
        assert eng.story(10**30) is None and eng.story_articles(-(10**30)) == []  # an OverflowError before
        assert len(eng.search("pickets", 10**30)) == len(eng.search("pickets", 50)) > 0


def test_templated_copy_fills_no_bucket_past_its_bound():
    finder = CopyFinder()
    sig = (np.arange(64, dtype=np.uint32) * 7919) % 65521
    keys = band_keys(sig[None, :])[0]
    found = [finder.add(f"a{i}", sig.copy(), keys) for i in range(400)]
    assert found == [None] + ["a0"] * 399  # every copy is a copy of the first
    assert max(len(v) if isinstance(v, list) else 1 for v in finder._bands.values()) <= BUCKET
    others = [(np.arange(64, dtype=np.uint32) * 31 + i) for i in range(400)]  # originals sharing one band
    for i, other in enumerate(others):
        other[:4] = sig[:4]
        assert finder.add(f"b{i}", other, band_keys(other[None, :])[0]) is None
    assert max(len(v) if isinstance(v, list) else 1 for v in finder._bands.values()) <= BUCKET
    restored = CopyFinder.from_dict(finder.to_dict())
    assert restored._bands == finder._bands


def test_a_writer_goes_on_while_a_recluster_reads_and_its_articles_get_stories(db_url, tmp_path, monkeypatch):
    import threading

    from storyline.cluster import StoryTracker

    records = corpus(PORT, "p", 60, stories=3) + corpus(FLOOD, "f", 60, stories=3)
    late = articles(corpus(FLOOD, "g", 6, stories=1))
    with storyline.open(db_url) as eng:
        eng.add_articles(articles(records))
    finished: list[float] = []
    add_many = StoryTracker.add_many

    def reading(self, chunk):  # the recluster's tracker: another writer ingests meanwhile
        if not finished and threading.current_thread() is threading.main_thread():
            def write():
                with storyline.open(db_url) as other:
                    other.add_articles(late)
                finished.append(time.monotonic())

            writer = threading.Thread(target=write)
            writer.start()
            writer.join(timeout=20)
            if not finished:  # still waiting for the write lock
                finished.append(0.0)
        return add_many(self, chunk)

    with storyline.open(db_url) as eng:
        monkeypatch.setattr(StoryTracker, "add_many", reading)
        eng.recluster()
        monkeypatch.setattr(StoryTracker, "add_many", add_many)
        assert finished[0] > 0  # the writer did not wait for the recluster to end
        stories = eng.stories()
        held = [a for s in stories for a in s.article_ids + list(s.duplicates)]
        assert sorted(held) == sorted([r["id"] for r in records] + [a.id for a in late])
        got = sorted(sorted(s.article_ids + list(s.duplicates)) for s in stories)
    with storyline.open(tmp_path / "serial.db") as serial:  # the recluster first, then the writer
        serial.add_articles(articles(records))
        serial.recluster()
        serial.add_articles(late)
        assert got == sorted(sorted(s.article_ids + list(s.duplicates)) for s in serial.stories())
