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


def test_the_package_runs_without_scikit_learn():
    """scikit-learn is the fit extra's (bench/fit_*.py): every module imports, and a summary and a
    timeline are built, with it blocked."""
    code = """
import sys
sys.modules["sklearn"] = None  # importing it raises ImportError
import importlib, pkgutil, storyline
for m in pkgutil.walk_packages(storyline.__path__, "storyline."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
from storyline.ingest.build import build_article
from storyline.summarize import summarize
from storyline.timeline import timeline
import datetime as dt
a = build_article("Ferries left Port Alder on Monday after a week of storms. The harbour board said crossings run daily.",
                  id="a", published=dt.date(2031, 3, 3))
assert summarize([a], words=30).sentences and timeline([a])
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
