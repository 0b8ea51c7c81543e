"""text.common: everyday English words from pyspellchecker's list, read offline from the package."""

from storyline.text.common import MIN_ZIPF, everyday, rare, zipf


def test_everyday_words_are_frequent_and_names_are_not():
    assert zipf("difficult") > 4.5 and zipf("Difficult") == zipf("difficult")
    assert zipf("kobach") == 0.0 and 0.0 < zipf("syrian") < 4.5  # a name is rare, a demonym in between
    assert zipf("qwzx") == 0.0 and MIN_ZIPF > 0
    assert everyday(["extremely", "difficult", "conditions"])
    assert not everyday(["ada", "quint"]) and not everyday(["u.s.", "army"]) and not everyday([])


def test_a_name_is_rare_words_only():
    assert rare(["ada", "quint"]) and rare(["u.n."])
    assert not rare(["kestrel", "bay"]) and not rare(["ada", "said"]) and not rare([])
