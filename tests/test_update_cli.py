"""`storyline update STORY --since DATE | --seen ARTICLE...` on a real store (SQLite and PostgreSQL)."""

import datetime as dt
import json

import pytest

import storyline
from storyline.cli.main import main
from storyline.ingest.build import build_article
from test_summarize import FRIDAY, MONDAY, WEDNESDAY

DAYS = {"mon": (MONDAY, dt.date(2031, 3, 3)), "wed": (WEDNESDAY, dt.date(2031, 3, 5)), "fri": (FRIDAY, dt.date(2031, 3, 7))}


@pytest.fixture
def db(db_url):
    path = db_url
    articles = [build_article(text, id=f"flood-{day}", published=date) for day, (text, date) in DAYS.items()]
    with storyline.open(path, cluster=False) as engine:
        engine.add_articles(articles)
        with engine.store.transaction():
            for a in articles:
                engine.store.assign(a.id, 1)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_update_since_a_date_says_what_is_new_and_what_was_read(db, capsys):
    code, out, _ = run(capsys, "--db", db, "update", "1", "--since", "2031-03-04")
    assert code == 0
    assert out.startswith("2 articles published since 2031-03-04; 1 article read before.")
    assert "Two people were found dead" in out  # Wednesday's news
    assert "4,000 residents" not in out and "rooftops" not in out  # Monday's, which Friday repeats
    assert "Sources:\n[1] Two people were found dead" in out and "[2]" not in out  # only Wednesday is cited


def test_update_after_articles_read_by_id_prefix_as_json(db, capsys):
    code, out, _ = run(capsys, "--db", db, "update", "1", "--seen", "flood-mo", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["read"] == ["flood-mon"] and data["new"] == ["flood-wed", "flood-fri"]
    assert not data["nothing_new"]
    assert {s["article_id"] for s in data["sentences"]} == {"flood-wed"}  # Friday only repeats Monday


def test_a_copy_seen_counts_its_original_as_read(db, capsys):
    copy = build_article(DAYS["mon"][0], id="flood-mon-wire", published=DAYS["mon"][1])
    with storyline.open(db, cluster=False) as engine:
        engine.add_articles([copy])
        with engine.store.transaction():
            engine.store.assign(copy.id, 1, "flood-mon")  # a near-duplicate of Monday's report
    code, out, err = run(capsys, "--db", db, "update", "1", "--seen", "flood-mon-wire", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["read"] == ["flood-mon"] and data["new"] == ["flood-wed", "flood-fri"]


def test_update_with_nothing_new(db, capsys):
    code, out, _ = run(capsys, "--db", db, "update", "1", "--seen", "flood-mon", "flood-wed", "--json")
    assert code == 0 and json.loads(out)["nothing_new"] and json.loads(out)["new"] == ["flood-fri"]
    code, out, _ = run(capsys, "--db", db, "update", "1", "--since", "2031-03-06")
    assert "Nothing new: the newer articles only repeat what was already read." in out
    code, out, _ = run(capsys, "--db", db, "update", "1", "--since", "2031-03-08")
    assert out.startswith("0 articles published since 2031-03-08; 3 articles read before.") and "Nothing new." in out


def test_update_refuses_an_unknown_story_or_article(db, capsys):
    assert run(capsys, "--db", db, "update", "2", "--since", "2031-03-04")[0] == 2
    code, _, err = run(capsys, "--db", db, "update", "1", "--seen", "flood-mon", "flood-sun")
    assert code == 2 and "no article 'flood-sun' in story #1" in err
    code, _, err = run(capsys, "--db", db, "update", "1", "--seen", "flood-")  # a prefix of all three
    assert code == 2 and "ambiguous article id 'flood-' in story #1: flood-fri, flood-mon, flood-wed" in err
    code, _, err = run(capsys, "--db", db, "update", "1", "--seen", "")
    assert code == 2 and "no article '' in story #1" in err
    with pytest.raises(SystemExit):
        main(["--db", db, "update", "1"])  # --since or --seen is required
