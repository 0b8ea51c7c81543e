"""ROUGE recall on hand-made examples, SU4 counted by hand."""

import pytest

from storyline.eval.rouge import recall, skip_bigrams, su_recall, truncate


def test_truncate_counts_words_not_punctuation():
    assert truncate("One , two three. Four", 3) == "One , two three."
    assert truncate("a b", None) == "a b"
    assert truncate("a b", 5) == "a b"


def test_skip_bigrams_gap_of_at_most_four():
    grams = skip_bigrams(["a", "b", "c", "d", "e", "f", "g"])
    assert grams[("a", "f")] == 1  # four words between
    assert ("a", "g") not in grams  # five words between
    assert grams["a"] == 1  # unigrams included (-u)
    # 7 unigrams + pairs: 6+5+4+3+2+1 minus the one pair with gap 5 = 20
    assert sum(grams.values()) == 7 + 20


def test_su4_by_hand():
    # reference "police arrested the man": unigrams 4, skip-bigrams 6 -> 10
    # summary "the man arrested": hits: unigrams the, man, arrested (3); pairs (the, man) (1)
    assert su_recall("the man arrested", "police arrested the man") == pytest.approx(4 / 10)
    assert su_recall("police arrested the man", "police arrested the man") == pytest.approx(1.0)
    assert su_recall("", "police arrested the man") == 0.0


def test_su4_stems_like_rouge_score():
    assert su_recall("Police arrests", "police arrested") == pytest.approx(1.0)


def test_recall_averages_over_references_and_cuts_the_summary():
    refs = ["the cat sat", "a dog ran"]
    scores = recall("the cat sat on a mat", refs)
    assert scores["R-1"] == pytest.approx((1.0 + 1 / 3) / 2)
    assert scores["R-2"] == pytest.approx((1.0 + 0.0) / 2)
    cut = recall("the cat sat on a mat", refs, words=2)
    assert cut["R-1"] == pytest.approx((2 / 3 + 0.0) / 2)
    assert set(scores) == {"R-1", "R-2", "R-4", "R-SU4"}


def test_scores_are_those_of_rouge_score_however_often_a_text_is_scored():
    from rouge_score import rouge_scorer, tokenizers

    plain = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rouge4"], use_stemmer=True)
    words = tokenizers.DefaultTokenizer(use_stemmer=True)
    refs = ["The ferries of Port Alder stopped running on Monday.", "Ferry crews in Port Alder walked out; talks failed."]
    summaries = ["Ferries stopped running at Port Alder.", "Talks failed, and the crews walked out."]
    for summary in [*summaries, summaries[0]]:  # (the first again: its tokens are kept)
        got = recall(summary, refs)
        for name, kind in (("R-1", "rouge1"), ("R-2", "rouge2"), ("R-4", "rouge4")):
            assert got[name] == pytest.approx(sum(plain.score(r, summary)[kind].recall for r in refs) / 2, abs=1e-12)
        peer = skip_bigrams(words.tokenize(summary))
        ref_grams = [skip_bigrams(words.tokenize(r)) for r in refs]
        want = [sum(min(c, peer[g]) for g, c in grams.items()) / sum(grams.values()) for grams in ref_grams]
        assert got["R-SU4"] == pytest.approx(sum(want) / 2, abs=1e-12)
