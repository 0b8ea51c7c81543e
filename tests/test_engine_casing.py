"""Casing is learned only where it is used: a store of cased text learns nothing at ingest; its first
lowercased tokenized article starts the learning with the cased articles already stored, and is
shown with the names they taught."""

import datetime as dt

import pytest

import storyline
from storyline.ingest.plain import read_plain

CASED = [
    "Divers from Quill Harbour searched the hull on Monday, and the Marrow Vale coast guard said "
    "the ferry had left Quill Harbour late. Families waited at the Marrow Vale pier.",
    "Officials in Quill Harbour said the ferry carried 40 people. A crew from Marrow Vale joined the "
    "search, and the mayor of Quill Harbour thanked them.",
    "The inquiry will sit in Quill Harbour next week, lawyers for the Marrow Vale families said, and "
    "the owners in Quill Harbour declined to comment.",
]
TOKENIZED = "divers returned to quill harbour on tuesday , and the marrow vale families met the owners .\n"


def _cased(engine):
    for k, text in enumerate(CASED):
        engine.add_articles(read_plain(text, origin=f"c{k}.txt", date=dt.date(2031, 5, 5 + k), source="Wire"))


def test_cased_text_alone_learns_no_casing(db_url):
    with storyline.open(db_url) as engine:
        _cased(engine)
        assert engine.store.get_state("casing") is None
        assert not engine._session.needs_casing


def test_first_tokenized_article_learns_from_stored_cased_ones(db_url):
    with storyline.open(db_url) as engine:
        _cased(engine)
    with storyline.open(db_url) as engine:  # another session: the cased articles are in the store only
        (article,) = read_plain(TOKENIZED, origin="t.txt", date=dt.date(2031, 5, 9))
        assert article.tokenized
        engine.add_articles([article])
        assert engine._session.needs_casing
        assert engine.store.get_state("casing") is not None
    with storyline.open(db_url) as engine:
        shown = engine.article(article.id).sentences[0].display
        assert "Quill Harbour" in shown and "Marrow Vale" in shown, shown
        assert engine._session.needs_casing  # kept: later cased articles are learned from at ingest


RIDGE = [
    f"Rescuers from {town} reached Pellan Ridge on {day}, and volunteers stayed near the camp overnight."
    for town, day in [("Osk", "Monday"), ("Brae", "Tuesday"), ("Lund", "Wednesday"), ("Carr", "Thursday"),
                      ("Finch", "Friday"), ("Tolle", "Saturday")]
]


@pytest.mark.parametrize("settle", [None, 4])
def test_the_lexicon_does_not_depend_on_how_articles_came_in(db_url, settle, monkeypatch):
    """The counts are the store's: six one-article ingests (a feed polled six times) teach what one
    ingest of all six does, where each ingest alone sees a name too rarely to learn it; the lexicon
    settles its counts after the same texts either way."""
    from storyline.text.casing import CasingLexicon, learning_text

    if settle:
        monkeypatch.setattr("storyline.engine.session._SETTLE", settle)

    (tokenized,) = read_plain("the camp at pellan ridge was cleared on sunday , rescuers said .\n", origin="t.txt")
    cased = [a for k, text in enumerate(RIDGE) for a in read_plain(text, origin=f"r{k}.txt", date=dt.date(2031, 6, 1 + k))]
    with storyline.open(db_url) as engine:
        engine.add_articles([tokenized])
    for article in cased:
        with storyline.open(db_url) as engine:
            engine.add_articles([article])
    at_once = CasingLexicon.builtin()
    for article in cased:
        at_once.learn([learning_text(article.text)])
        if settle and at_once.texts >= settle:
            at_once.settle()
    with storyline.open(db_url) as engine:
        assert engine._session.lexicon.forms() == at_once.forms()
        saved, seen = CasingLexicon.from_counts(engine.store.get_state("casing counts"))
        assert (saved.texts, seen) == (at_once.texts, 6) and saved.texts == (6 % settle if settle else 6)
        assert "Pellan Ridge" in engine.article(tokenized.id).sentences[0].display


def test_prose_in_lowercase_is_shown_with_the_names_cased_articles_taught(db_url):
    prose = ("Divers returned to quill harbour on tuesday, and the marrow vale families met the owners of the ferry "
             "at the pier, where the crews of quill harbour had waited since the ship was lost in the storm. "
             "The owners said they would pay for the search, and the families of marrow vale asked for an inquiry "
             "into why the ferry had left the harbour late on the night it sank with forty people on board.")  # fmt: skip
    with storyline.open(db_url) as engine:
        _cased(engine)
        (article,) = read_plain(prose, origin="p.txt", date=dt.date(2031, 5, 9))
        assert not article.tokenized
        engine.add_articles([article])
        assert engine._session.needs_casing
    with storyline.open(db_url) as engine:
        shown = engine.article(article.id).sentences[0].display
        assert "Quill Harbour" in shown and "Marrow Vale" in shown and "Tuesday" in shown, shown


def test_a_lowercased_story_shows_its_names_in_its_summary(tmp_path):
    # no cased article and no lexicon knows "ada quint": the story's leads name her, its summary follows
    lead = "the stranded ferry aurelia was towed into kestrel bay port by crews led by harbour master ada quint"
    texts = [f"{lead} on monday , the coast guard said .\nthe ferry aurelia had lost power in the storm off kestrel bay .",
             f"{lead} late on monday .\nada quint said the ferry aurelia would be inspected on tuesday .",
             f"{lead} , officials said on tuesday .\nthe owners of the ferry aurelia thanked ada quint and the crews ."]
    with storyline.open(str(tmp_path / "s.db")) as engine:
        for k, text in enumerate(texts):
            engine.add_articles(read_plain(text, origin=f"t{k}.txt", date=dt.date(2031, 5, 5 + k), source="Wire"))
        (story,) = engine.stories()
        assert "Ada Quint" in story.key_phrases, story.key_phrases
        shown = " ".join(s.text for s in engine.summarize(story.id, words=100).sentences)
        assert "Ada Quint" in shown and "ada quint" not in shown, shown
