import datetime as dt
import json

import pytest

import storyline
from storyline.cli.main import main
from storyline.ingest.build import build_article

# Tokenized, lowercased wire copy (the plainest input form).
REPORTS = [
    ("harbour town ( wire ) - rescuers on tuesday reached fishermen stranded on the north reef .\n"
     "the coast guard said the six men were cold but unhurt after two nights on the rocks .\n", dt.date(2019, 4, 2)),
    ("harbour town ( wire ) - the six fishermen rescued on tuesday left hospital on friday .\n"
     "their boat , wrecked on the north reef , will be towed to port next week .\n", dt.date(2019, 4, 5)),
]  # fmt: skip


@pytest.fixture
def db(db_url):
    path = db_url
    articles = [build_article(text, published=day) for text, day in REPORTS]
    assert all(a.tokenized for a in articles)
    with storyline.open(path, cluster=False) as engine:
        engine.add_articles(articles)
        with engine.store.transaction():
            for a in articles:
                engine.store.assign(a.id, 1)
    return path


def test_timeline_text(db, capsys):
    assert main(["--db", str(db), "timeline", "1"]) == 0
    out = capsys.readouterr().out
    assert "2019-04-02 Tue" in out and "2019-04-05 Fri" in out
    assert out.index("2019-04-02") < out.index("2019-04-05")
    assert "reached fishermen" in out


def test_timeline_json(db, capsys):
    assert main(["--db", str(db), "timeline", "1", "--dates", "1", "--per-date", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["story"] == 1
    [entry] = data["timeline"]
    assert entry["date"] == "2019-04-02" and entry["granularity"] == "day"
    assert 1 <= len(entry["sentences"]) <= 2
    first = entry["sentences"][0]
    assert set(first["citation"]) == {"article_id", "sentence_index"} and first["date"] == "2019-04-02"


def test_unknown_story_and_bad_options(db, capsys):
    assert main(["--db", str(db), "timeline", "7"]) == 2
    assert "no story #7" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", str(db), "timeline", "1", "--dates", "0"])


def test_an_undated_story_says_why_it_has_no_timeline(db_url, capsys):
    # the samples' form: no title, no date; "on tuesday" has no day to count from
    texts = ["harbour town ( wire ) - rescuers on tuesday reached fishermen stranded on the north reef .\n"
             "the coast guard said the six men were cold but unhurt .\n",
             "harbour town ( wire ) - the six fishermen rescued on tuesday left hospital on friday .\n"]
    with storyline.open(db_url, cluster=False) as engine:
        engine.add_articles([build_article(t, id=f"u{k}") for k, t in enumerate(texts)])
        with engine.store.transaction():
            for k in range(2):
                engine.store.assign(f"u{k}", 1)
    assert main(["--db", str(db_url), "timeline", "1"]) == 0
    out = capsys.readouterr().out
    assert "carry no publication date" in out and "--date YYYY-MM-DD" in out
