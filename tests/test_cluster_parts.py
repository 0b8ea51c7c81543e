"""The tracker's batch machinery: word hashing and lookup, names, the inverted index, and that a batch
assigns exactly as one article at a time does."""

import datetime as dt

import numpy as np

from storyline.cluster import StoryTracker, features, words
from storyline.cluster.index import StoryIndex
from storyline.ingest.build import build_article
from storyline.model import Article


def _words(text: str) -> list[bytes]:
    low = text.encode().translate(words.WORD_BYTES)
    start, end = words.spans(low)
    return [low[a:b] for a, b in zip(start.tolist(), end.tolist())]


def _hashes(text: str) -> dict[bytes, int]:
    low = text.encode().translate(words.WORD_BYTES)
    start, end = words.spans(low)
    return dict(zip((low[a:b] for a, b in zip(start.tolist(), end.tolist())), words.hashes(low, start, end).tolist()))


def test_words_are_lowercase_letter_and_digit_runs():
    assert _words("Kestrel's  harbour-master, 2024: café") == [b"kestrel", b"s", b"harbour", b"master", b"2024", b"caf"]
    assert _words("") == [] and _words(" ,. ") == []


def test_word_hashes_tell_apart_words_that_differ_anywhere():
    long_a, long_b = "internationalisations" + "x" * 10, "internationalizations" + "x" * 10  # differ mid-word
    found = _hashes(f"cat cats tac act {long_a} {long_b} abcdefgh abcdefghi bcdefghi cat")
    assert len(set(found.values())) == len(found) == 9
    assert found == _hashes(" ".join(reversed(list(k.decode() for k in found))))  # same word, same hash
    assert all(h & 1 for h in found.values())  # 0 marks an empty table slot


def test_word_table_grows_and_learns_each_new_word_once():
    table = words.WordTable(bits=4)
    asked = []
    keys = (np.arange(1, 3001, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) | np.uint64(1)
    values = table.lookup(np.concatenate((keys, keys[:10])), lambda ks: asked.extend(ks) or [k % 3000 for k in ks])
    assert len(asked) == 3000 and len(table) == 3000
    assert (values[:3000] == np.arange(3000)).all() and (values[3000:] == np.arange(10)).all()
    assert (table.find(keys[::-1]) == np.arange(3000)[::-1]).all()
    assert table.find(np.array([2], np.uint64))[0] == -1


def test_word_table_keys_wanting_one_slot_probe_on_and_keep_their_values():
    table = words.WordTable(bits=6)
    same_slot = (np.uint64(5) << np.uint64(58)) | np.arange(1, 21, dtype=np.uint64)  # one home slot, 20 keys
    table.put(same_slot, np.arange(100, 120))
    wrapping = (np.uint64(63) << np.uint64(58)) | np.arange(1, 6, dtype=np.uint64)  # home in the last slot
    table.put(wrapping, np.arange(200, 205))
    assert len(table) == 25
    assert (table.find(same_slot[::-1]) == np.arange(100, 120)[::-1]).all()
    assert (table.find(wrapping) == np.arange(200, 205)).all()

def test_names_count_three_times_and_are_found_after_capitalised_words():
    vocab = features.Vocabulary()
    text = ("The Kabbalah of Money sold well, said Anna Weiss-Brandt. Critics in Tellin were kind, "
            "and the money went to the harbour.")
    batch = features.terms([build_article(text, id="a")], vocab)
    counts = {vocab.stems[i]: c for i, c in zip(batch.ids.tolist(), batch.counts.tolist())}
    assert counts["kabbalah"] == 3 and counts["weiss"] == 3 and counts["brandt"] == 3 and counts["tellin"] == 3
    assert counts["critic"] == 1  # starts a sentence
    assert counts["monei"] == 2 * 3  # a name once, so every use of the word counts three times


def test_story_index_ranks_by_shared_terms_then_newest_and_frees_what_it_no_longer_needs():
    index = StoryIndex(70)
    index.add(1, [10, 11, 12])
    index.add(2, [10, 11])
    index.add(69, [10])
    assert set(index.candidates([10, 11, 12, 99], 2)) == {1, 2}  # most shared terms first
    assert set(index.candidates([10], 2)) == {69, 2}  # newest first among equals
    index.remove(1, [12])
    assert 12 not in index.postings and index.candidates([12], 5) == []
    index.drop(2, [10, 11])
    assert index.stories_of(10) == {1, 69} and index.stories_of(11) == {1}
    index.add(3, [11])  # takes the freed slot
    assert index.stories_of(11) == {1, 3}


def _mixed_articles() -> list[Article]:
    day = dt.date(2026, 3, 2)
    texts = [
        "Dock workers in Port Tellin walked off the job after pay talks broke down.",
        "",  # nothing to count
        "a b c",  # stopwords and one-letter words only
        "Les dockers de Port Tellin ont cessé le travail après l'échec des négociations.",
        "Dock workers in Port Tellin walked off the job after pay talks broke down on Monday.",
        "The cheese fair in Brisk Hollow crowned a 212 kilogram wheel.",
        "dock workers in port tellin stayed out for a second day",
    ]
    out = [build_article(t, id=f"m{k}", published=day + dt.timedelta(days=k)) for k, t in enumerate(texts)]
    out[-1] = build_article(texts[-1], id="m6", tokenized=True)
    return out


def test_a_batch_assigns_as_one_article_at_a_time_does():
    articles = _mixed_articles()
    one_by_one = StoryTracker(thin_terms=0)  # these short articles are not thin here
    expected = [one_by_one.add(a) for a in articles]
    for size in (2, 3, len(articles)):
        tracker = StoryTracker(thin_terms=0)
        got = [x for k in range(0, len(articles), size) for x in tracker.add_many(articles[k : k + size])]
        assert got == expected
        assert tracker.dumps() == one_by_one.dumps()
    assert expected[4].story_id == expected[0].story_id and expected[5].story_id != expected[0].story_id
    assert StoryTracker().add_many([]) == []


def test_copy_finder_forgets_articles_past_its_window():
    from storyline.cluster import dedup

    finder = dedup.CopyFinder(window=3)
    sigs = np.arange(5 * dedup.PERMS, dtype=np.uint32).reshape(5, dedup.PERMS)
    for k, (sig, keys) in enumerate(zip(sigs, dedup.band_keys(sigs))):
        assert finder.add(f"a{k}", sig, keys) is None
    assert len(finder._bands) == 3 * dedup.BANDS and list(finder._order) == ["a2", "a3", "a4"]
    old = sigs[0].copy()
    assert finder.add("again", old, dedup.band_keys(old[None, :])[0]) is None  # a0 is forgotten
    new = sigs[4].copy()
    assert finder.add("copy", new, dedup.band_keys(new[None, :])[0]) == "a4"
    again = dedup.CopyFinder.from_dict(finder.to_dict(), window=3)
    assert again._bands == finder._bands
