"""text.vectors.tfidf: scikit-learn's TF-IDF rows, bit for bit, without importing scikit-learn."""

import random
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.text.vectors import tfidf


@pytest.mark.parametrize("sublinear", [False, True])
def test_rows_equal_scikit_learns_bit_for_bit(sublinear):
    rng = random.Random(7)
    words = [f"w{i}" for i in range(40)]
    for _ in range(100):
        docs = [[rng.choice(words) for _ in range(rng.randint(0, 30))] for _ in range(rng.randint(1, 25))]
        if not any(docs):
            continue
        want = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=sublinear).fit_transform(docs).tocsr()
        got = tfidf(docs, sublinear=sublinear)
        assert got.shape == want.shape
        assert np.array_equal(got.indptr, want.indptr)
        assert np.array_equal(got.indices, want.indices)
        assert np.array_equal(got.data, want.data)


def test_no_term_at_all_is_an_error_as_in_scikit_learn():
    with pytest.raises(ValueError):
        tfidf([[], []])


def test_timelines_and_baselines_load_without_scikit_learn():
    code = (
        "import sys, storyline.timeline, storyline.summarize.baselines, storyline.cli.timeline;"
        "sys.exit('sklearn' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
