"""The casing lexicon's counts: phrase tracking counts what str.count would, and counts prepared
elsewhere (a parse worker) give the same lexicon as counting in place."""

from __future__ import annotations

import random

from storyline.text import casing
from storyline.text.casing import CasingLexicon, _Counts, _flat

TEXTS = [
    "Officials of the Kestrel Line met. The Kestrel Line said the ferry sailed. kestrel line fares rose.",
    "Mayor Anna Weiss-Brandt spoke.  The kestrel  line was late; Kestrel Line Kestrel Line boats waited.",
    "In Port Ellis, the Port Ellis Harbour Board met. port ellis harbour board members left.",
    "Shi'ite leaders and O'Dell met in Port Ellis. The Port Ellis Harbour Board and Kestrel Line agreed.",
    "Kestrel Line kestrel line Kestrel Line. Port-Ellis news: the Kestrel Line and Port Ellis.",
]


def _reference_phrase_totals(texts: list[str], counts: _Counts) -> dict[str, int]:
    """phrase_total as the first definition had it: each tracked phrase counted with str.count over
    every text from the one where it was first tracked (plus its capitalised count before)."""
    totals: dict[str, int] = {}
    for key in counts.phrase_total:
        first = None
        for n in range(1, len(texts) + 1):  # the text after which the phrase was tracked
            c = _Counts()
            for t in texts[:n]:
                c.add_text(t)
            if key in c.phrase_total:
                first = n
                break
        c = _Counts()
        for t in texts[: first - 1]:
            c.add_text(t)
        seen = sum(c.phrase_cased[key].values())
        totals[key] = seen + sum(f" {_flat(casing._drop_headlines(t)).lower()} ".count(f" {key} ") for t in texts[first - 1 :])
    return totals


def test_tracked_phrases_are_counted_as_str_count_counts():
    rng = random.Random(7)
    words = ["Kestrel", "Line", "kestrel", "line", "Port", "Ellis", "port", "ellis", "the", "met", ".", ",", "-", "\n"]
    texts = TEXTS + [" ".join(rng.choice(words) for _ in range(60)).replace(" - ", "-") for _ in range(30)]
    counts = _Counts()
    for t in texts:
        counts.add_text(t)
    assert counts.phrase_total, "no phrase was tracked: the test would prove nothing"
    assert dict(counts.phrase_total) == _reference_phrase_totals(texts, counts)
    assert counts.phrase_total["kestrel line"] >= 8


def test_prepared_counts_give_the_same_lexicon():
    casing._READY.clear()  # offered by parallel reads earlier in this process
    here = CasingLexicon.builtin().learn(TEXTS)
    for t in TEXTS:
        casing.offer(t, casing.prepare(t))
    ahead = CasingLexicon.builtin().learn(TEXTS)
    assert not casing._READY  # each offered text was taken
    assert ahead.forms() == here.forms()
    assert here.get("kestrel line") == "Kestrel Line"


def test_offered_counts_are_bounded(monkeypatch):
    monkeypatch.setattr(casing, "READY_MAX", 3)
    casing._READY.clear()
    for i in range(10):
        casing.offer(f"text {i}", casing.prepare(f"text {i}"))
    assert list(casing._READY) == ["text 7", "text 8", "text 9"]
    casing._READY.clear()


def test_a_store_past_its_first_cased_articles_learns_from_the_sampled_ones(tmp_path, monkeypatch):
    """The sample is chosen by article id (text.casing.sampled), so that a parse worker can prepare
    exactly the counts the writer will use."""
    from storyline.engine import session as session_module
    from storyline.engine.session import Session
    from storyline.model import Article, Sentence
    from storyline.store.sqlite import SQLiteStore

    monkeypatch.setattr(session_module, "_LEARN_ALL", 5)
    learned: list[str] = []
    real_learn = CasingLexicon.learn
    monkeypatch.setattr(CasingLexicon, "learn", lambda self, texts: real_learn(self, learned.extend(texts) or texts))
    store = SQLiteStore(tmp_path / "s.db")
    session = Session(store)
    tokenized = Article("t0", "the ferry sailed .", [Sentence(0, "the ferry sailed .")], tokenized=True)
    cased = [Article(f"c{i}", f"The Kestrel Line ferry {i} sailed.", [Sentence(0, f"The Kestrel Line ferry {i} sailed.")])
             for i in range(60)]  # fmt: skip
    session.add_articles([tokenized, *cased])
    sampled = [a for a in cased[5:] if casing.sampled(a.id)]
    assert 5 <= len(sampled) <= 25
    assert learned == [a.text for a in cased[:5] + sampled]
    store.close()


def test_lowercased_prose_teaches_no_casing(tmp_path):
    """Text lowercased but for its sentence starts shows nothing of how words are written: learning
    from it would teach "monday" and "kestrel line" (the Multi-News dev stream is all such text)."""
    from storyline.engine.session import Session
    from storyline.model import Article, Sentence
    from storyline.store.sqlite import SQLiteStore
    from storyline.text.display import display_sentence

    lowered = "Officials in port ellis said on monday that the kestrel line ferry sailed. It was late, the mayor said."
    written = "Officials in Port Ellis said on Monday that the Kestrel Line ferry sailed. It was late, the mayor said."
    assert not casing.informative(lowered) and casing.informative(written)
    store = SQLiteStore(tmp_path / "s.db")
    session = Session(store)
    tokenized = Article("t0", "the ferry sailed .", [Sentence(0, "the ferry sailed .")], tokenized=True)
    session.add_articles([tokenized] + [Article(f"p{i}", lowered, [Sentence(0, lowered)]) for i in range(40)])
    shown = display_sentence("the kestrel line ferry sailed on monday .", lexicon=session.lexicon)
    assert "Monday" in shown and session._cased == 0
    session.add_articles([Article(f"w{i}", written, [Sentence(0, written)]) for i in range(3)])
    assert session._cased == 3
    assert display_sentence("the kestrel line ferry sailed on monday .", lexicon=session.lexicon) == (
        "The Kestrel Line ferry sailed on Monday.")
    store.close()


def test_the_learning_thresholds_are_the_lexicons_parameters():
    text = "The ferry left when Captain Orla Venn gave the word. Most riders stayed home on the quay."
    default = CasingLexicon().learn([text])
    once = CasingLexicon(min_count=1).learn([text])
    assert "venn" not in default.forms() and default.min_count == casing.MIN_COUNT == 3  # seen once: not enough
    assert once.forms()["venn"] == "Venn" and once.forms().get("quay", "quay") == "quay"
    twice = CasingLexicon(min_count=1, dominance=0.8).learn([text, "A VENN diagram. Venn spoke, and venn sat."])
    assert "venn" not in twice.forms()  # Venn, VENN, venn mid-sentence: no form holds 80% of the uses
