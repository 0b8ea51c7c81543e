"""The storyline command end to end on real SQLite files."""

import json

import pytest

from storyline.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_samples_acceptance(tmp_path, capsys, samples):
    db = str(tmp_path / "s.db")
    code, out, _ = run(capsys, "--db", db, "ingest", str(samples))
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("added 2 / duplicates 0 / failed 0")
    code, out, _ = run(capsys, "--db", db, "ingest", str(samples))
    assert code == 0 and "added 0 / duplicates 2 / failed 0" in out

    code, out, _ = run(capsys, "--db", db, "articles", "--json")
    listed = json.loads(out)
    assert sorted(a["sentences_count"] for a in listed) == [25, 33]
    assert {a["source"] for a in listed} == {"Reuters"} and {a["place"] for a in listed} == {"Beirut"}

    for a in listed:
        code, out, _ = run(capsys, "--db", db, "show", a["id"])
        assert out.startswith("Beirut (Reuters) - Syrian government forces")
    code, out, _ = run(capsys, "--db", db, "show")
    assert out.startswith("Beirut (Reuters) - Syrian government forces")

    code, out, _ = run(capsys, "--db", db, "show", listed[0]["id"], "--json")
    shown = json.loads(out)
    assert shown["sentences"][0]["original"].startswith("beirut ( reuters ) -")
    assert shown["sentences"][0]["text"].startswith("Beirut (Reuters) -")

    code, out, _ = run(capsys, "--db", db, "search", "siege", "--json")
    assert json.loads(out) and all("siege" in h["text"].lower() for h in json.loads(out))


def test_bad_input_is_reported_and_rest_goes_in(tmp_path, capsys):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("The ferry to Wren Island resumed service on Monday after a week of storms.\n", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "blob.bin").write_bytes(b"\x00\x01\x02garbage\x00" * 20)
    db = str(tmp_path / "s.db")
    code, out, err = run(capsys, "--db", db, "ingest", str(tmp_path / "in"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "added 1 / duplicates 0 / failed 3" in out
    failures = [line for line in err.splitlines() if line.startswith("failed ")]
    assert len(failures) == 3
    assert any("empty.txt" in f for f in failures) and any("blob.bin" in f for f in failures)
    assert any("missing.txt" in f for f in failures)


def test_reading_a_missing_store_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "articles")
    assert code == 2 and "no store at" in err and "\n" == err[-1] and err.count("\n") == 1


def test_a_store_that_cannot_be_opened_is_one_line(capsys):
    assert main(["--db", "postgresql://reader:secret@localhost/news", "stories"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PostgreSQL" in err and "secret" not in err and "Traceback" not in err


def test_unknown_article_is_a_clear_error(tmp_path, capsys, samples):
    db = str(tmp_path / "s.db")
    run(capsys, "--db", db, "ingest", str(samples))
    code, _, err = run(capsys, "--db", db, "show", "nosuchid")
    assert code == 2 and "no article 'nosuchid'" in err


@pytest.mark.parametrize("argv", [["--help"], ["eval", "--help"]])
def test_help(capsys, argv):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    assert "storyline" in capsys.readouterr().out
