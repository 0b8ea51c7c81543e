"""The storyline command end to end on real stores (an SQLite file and a PostgreSQL database)."""

import json
import os
import sys

import pytest

import storyline
from storyline.cli.main import main

MAIN = "import sys; from storyline.cli.main import main; sys.exit(main())"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_samples_acceptance(db_url, capsys, samples):
    db = db_url
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


def test_bad_input_is_reported_and_rest_goes_in(tmp_path, capsys, db_url):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("The ferry to Wren Island resumed service on Monday after a week of storms.\n", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "blob.bin").write_bytes(b"\x00\x01\x02garbage\x00" * 20)
    db = db_url
    code, out, err = run(capsys, "--db", db, "ingest", str(tmp_path / "in"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "added 1 / duplicates 0 / failed 3" in out
    failures = [line for line in err.splitlines() if line.startswith("failed ")]
    assert len(failures) == 3
    assert any("empty.txt" in f for f in failures) and any("blob.bin" in f for f in failures)
    assert any("missing.txt" in f for f in failures)
    code, out, _ = run(capsys, "--db", db, "stories")  # one article, in the singular
    assert code == 0 and "  1 article  " in out and "1 articles" not in out
    code, out, _ = run(capsys, "--db", db, "story", "1")
    assert "\n1 article, " in out


def test_an_article_the_store_refuses_is_a_failure_line(db_url, tmp_path, capsys, monkeypatch):
    # refused by the store after the reader took it (a database limit, a full disk): it was counted in
    # "failed 1" and never named
    from storyline.store import StoreError, open_store

    kind = type(open_store(db_url))
    real = kind.add_article

    def refusing(self, article):
        if article.id == "b":
            raise StoreError("cannot be stored: the disk is full")
        return real(self, article)

    monkeypatch.setattr(kind, "add_article", refusing)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": f"The ferry {i} sailed at dawn. It came back."}) for i in "abc"))
    code, out, err = run(capsys, "--db", db_url, "ingest", str(path))
    assert code == 1 and "added 2 / duplicates 0 / failed 1" in out
    assert err.splitlines() == [f"failed {path}:2: cannot be stored: the disk is full"]


def test_reading_a_missing_store_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "articles")
    assert code == 2 and "no store at" in err and "\n" == err[-1] and err.count("\n") == 1


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://reader:secret@127.0.0.1:1/news",  # no server there
        "postgresql://reader:s3cretpw@[::1/news",  # libpq quotes the whole URL back (it did, password and all)
        "postgresql://reader:s3cret%pw@127.0.0.1:1/news",  # ... or the token it cannot decode
        "postgresql://reader@[::1/news?password=s3cretpw",
        "postgresql://reader:s3cret%21@[::1/news",  # decoded: s3cret!
    ],
)
def test_a_store_that_cannot_be_opened_is_one_line_without_the_password(capsys, url):
    assert main(["--db", url, "stories"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PostgreSQL" in err and "Traceback" not in err
    assert "secret" not in err and "s3cret" not in err, err


def test_unknown_article_is_a_clear_error(db_url, capsys, samples):
    db = db_url
    run(capsys, "--db", db, "ingest", str(samples))
    code, _, err = run(capsys, "--db", db, "show", "nosuchid")
    assert code == 2 and "no article 'nosuchid'" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["stories", "--limit", "-1"], "argument --limit: not a whole number of 0 or more: '-1'"),
        (["articles", "--offset", "-5"], "argument --offset: not a whole number of 0 or more: '-5'"),
        (["timeline", "1", "--dates", "0"], "argument --dates: not a positive whole number: '0'"),
        (["demo", "--words", "-3"], "argument --words: not a positive whole number: '-3'"),
        (["search", "--limit", "0", "x"], "argument --limit: not a positive whole number: '0'"),  # found nothing before
        # past what SQLite stores: an OverflowError traceback before
        (["search", "--limit", "9" * 23, "x"], f"argument --limit: too large (at most 9,223,372,036,854,775,807): '{'9' * 23}'"),
        (["story", "1" + "0" * 30], f"argument STORY: not a story id: '1{'0' * 30}'"),
        # a Dask TimeoutError or an islice ValueError traceback before
        (["batch", "ingest", "--workers", "0", "x"], "argument --workers: not a positive whole number: '0'"),
        (["batch", "ingest", "--batch", "-1", "x"], "argument --batch: not a positive whole number: '-1'"),
        (["batch", "recluster", "--retries", "-1"], "argument --retries: not a whole number of 0 or more: '-1'"),
        (["batch", "summarize", "--words", "0"], "argument --words: not a positive whole number: '0'"),
    ],
)
def test_a_count_out_of_range_is_a_usage_error(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as e:
        main(["--db", str(tmp_path / "s.db"), *argv])
    assert e.value.code == 2 and message in capsys.readouterr().err


def test_an_unknown_summarizer_parameter_is_named(db_url, capsys, samples):
    run(capsys, "--db", db_url, "ingest", str(samples))
    code, _, err = run(capsys, "--db", db_url, "summarize", "--story", "1", "--param", "foo=1")
    assert code == 2 and err.count("\n") == 1
    assert "unknown parameter 'foo' of method 'ilp'; known: min_words" in err
    for param, message in [("min_words=abc", "parameter 'min_words' of method 'ilp' takes a value like 8, not 'abc'"),
                           ("near_duplicate=nan", "takes a value like 0.5, not 'nan'"), ("fill=1", "like True, not 1")]:
        code, _, err = run(capsys, "--db", db_url, "summarize", "--story", "1", "--param", param)  # a traceback before
        assert code == 2 and err.count("\n") == 1 and message in err, err


def test_a_budget_below_every_sentence_says_so(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("The ferry Aurelia ran aground off Kestrel Bay on Monday. Boats took all 212 passengers ashore.")
    code, out, _ = run(capsys, "summarize", str(path), "--words", "3")
    assert code == 0 and out.strip() == "No summary: no sentence fits in 3 words (a budget of 10 holds one)."


@pytest.mark.parametrize("kind", ["cluster", "summarize", "update", "timeline"])
def test_an_eval_of_an_empty_file_says_so(tmp_path, capsys, kind):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    code, _, err = run(capsys, "eval", kind, str(empty))  # a ZeroDivisionError, or a table of zeros, before
    assert code == 2 and err == f"storyline eval {kind}: {empty}: no records\n"  # as every command that does nothing


@pytest.mark.parametrize("argv", [["--help"], ["eval", "--help"]])
def test_help(capsys, argv):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    assert "storyline" in capsys.readouterr().out


def test_the_command_table_says_what_the_modules_register():
    # `storyline --help` lists the commands from cli.main.COMMANDS without importing their modules
    import argparse

    from storyline.cli.main import COMMAND_MODULES, COMMANDS

    sub = argparse.ArgumentParser().add_subparsers()
    for module in COMMAND_MODULES:
        __import__(module, fromlist=["register"]).register(sub)
    registered = {a.dest: a.help for a in sub._choices_actions}
    assert registered == {name: help_ for name, (_, help_) in COMMANDS.items()}
    assert list(registered) == list(COMMANDS)  # the same order in --help


def test_help_loads_no_stage():
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from storyline.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main([])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy', 'sklearn', 'highspy', 'psycopg')"
        " or m.startswith(('storyline.summarize', 'storyline.cluster', 'storyline.ingest.read'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_command_of():
    from storyline.cli.main import command_of

    assert command_of(["--db", "x.db", "ingest", "a"]) == "ingest"
    assert command_of(["--db=x.db", "stories"]) == "stories"
    assert command_of(["--help"]) is None and command_of([]) is None


def test_the_store_may_be_named_after_the_command(tmp_path, capsys, samples):
    db, other = str(tmp_path / "s.db"), str(tmp_path / "other.db")
    assert run(capsys, "ingest", str(samples), "--db", db)[0] == 0
    code, out, _ = run(capsys, "--db", other, "stories", "--json", "--db", db)  # the one after the command stands
    assert code == 0 and json.loads(out) and not os.path.exists(other)
    code, out, _ = run(capsys, "--db", db, "articles", "--json")
    assert code == 0 and len(json.loads(out)) == 2


def test_python_m_storyline_is_the_command():
    import subprocess

    done = subprocess.run([sys.executable, "-m", "storyline", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"storyline {storyline.__version__}"


def test_ingest_prints_one_line_off_a_terminal_and_each_article_with_verbose(tmp_path, capsys, samples):
    code, out, err = run(capsys, "--db", str(tmp_path / "a.db"), "ingest", str(samples))
    assert code == 0 and out.splitlines() == ["added 2 / duplicates 0 / failed 0"] and err == ""
    code, out, _ = run(capsys, "--db", str(tmp_path / "b.db"), "ingest", "--verbose", str(samples))
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith("read ") for line in lines[:2]) and lines[2].startswith("added 2")


def test_the_bar_counts_the_bytes_of_each_input_file(tmp_path):
    from storyline.cli.store_cmds import _file_of
    from storyline.ingest.read import input_sizes

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("One report. It reads.")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n')
    sizes = input_sizes([tmp_path / "d", tmp_path / "b.jsonl"])
    assert sizes == {str(tmp_path / "d" / "a.txt"): 21, str(tmp_path / "b.jsonl"): 14}
    assert input_sizes(["-", tmp_path / "b.jsonl"]) is None  # standard input: no size
    assert _file_of(f"{tmp_path}/b.jsonl:12", sizes) == str(tmp_path / "b.jsonl")
    assert _file_of(str(tmp_path / "d" / "a.txt"), sizes) == str(tmp_path / "d" / "a.txt")
    assert _file_of("elsewhere.json#3", sizes) is None


def test_reading_an_empty_postgres_database_is_a_clear_error(pg_url, capsys):
    code, _, err = run(capsys, "--db", pg_url, "stories")
    assert code == 2 and "no storyline store" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", pg_url, "stories", "--json")  # still empty: the reader created nothing
    assert code == 2


def test_a_store_password_is_never_printed(pg_url, capsys, samples):
    secret = pg_url.replace("postgres@", "postgres:S3cretPw@")  # the test server trusts: any password connects
    assert run(capsys, "--db", secret, "ingest", str(samples))[0] == 0
    for argv in (["show", "nothing-like-this"], ["story", "999"], ["update", "999", "--since", "2017-01-01"]):
        code, out, err = run(capsys, "--db", secret, *argv)
        assert code != 0 and "S3cretPw" not in out + err, (argv, err)
    assert "in postgresql://postgres@127.0.0.1" in run(capsys, "--db", secret, "show", "nothing-like-this")[2]


def test_a_terminal_that_cannot_show_a_name_gets_escapes_not_a_traceback(tmp_path):
    import subprocess

    (tmp_path / "Łódź.jsonl").write_text(json.dumps({"id": "l1", "title": "Flood in Łódź", "text": "Water rose in Łódź on Monday."}))
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    db = str(tmp_path / "s.db")

    def storyline(*argv):
        done = subprocess.run([sys.executable, "-c", MAIN, "--db", db, *argv], capture_output=True, text=True, env=env)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout

    assert "added 1 /" in storyline("ingest", "-v", str(tmp_path / "Łódź.jsonl"))  # the batch was lost
    assert "Flood in \\u0141\\xf3d\\u017a" in storyline("articles")
    assert json.loads(storyline("stories", "--json"))[0]["headline"] == "Flood in Łódź"  # valid JSON


def test_odd_arguments_are_one_line_errors_and_write_nothing(tmp_path, capsys):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    (tmp_path / "a.txt").write_text("# Bridge closes in Tarnby\n\nThe Tarnby bridge closed on Monday, the council said.\n")
    (tmp_path / "folder").mkdir()
    for argv, message in [
        (["--db", str(other), "ingest", str(tmp_path / "a.txt")], "a database of another program (tables t), not a store"),
        (["--db", str(other), "stories"], "a database of another program"),
        (["--db", str(tmp_path / "folder"), "stories"], "a directory, not a store file"),
        (["--db", "", "stories"], "an empty store name"),
        (["--db", str(tmp_path / "typo.db"), "recluster"], "no store at"),
        (["serve", "--port", "70000"], "not a port (0-65535)"),
    ]:
        with pytest.raises(SystemExit) if "port" in message or "empty" in message else _nothing():
            code = main(argv)
            assert code == 2
        assert message in capsys.readouterr().err, argv
    with sqlite3.connect(other) as db:  # untouched: no tables of ours, no WAL
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["t"]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not (tmp_path / "typo.db").exists()


def test_titles_prefixes_skipped_inputs_and_the_demo_store(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    (tmp_path / "a.txt").write_text("# Bridge closes in Tarnby\n\nThe Tarnby bridge closed on Monday, the council said.\n")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfeThe Tarnby ferry ran all night, the harbour master said.\n")
    rows = [{"id": f"nd-2031-{k}", "text": f"The Tarnby ferry ran {k} times on Tuesday, the harbour said."} for k in (1, 2)]
    (tmp_path / "c.jsonl").write_text("\n".join(map(json.dumps, rows)))
    assert main(["--db", db, "ingest", *(str(tmp_path / n) for n in ("a.txt", "b.txt", "c.jsonl"))]) == 0
    capsys.readouterr()
    main(["--db", db, "articles", "--json"])
    listed = json.loads(capsys.readouterr().out)
    assert "Bridge closes in Tarnby" in [a["title"] for a in listed]  # "# Bridge closes ..." in the text before
    with storyline.open(db, readonly=True) as eng:
        assert any(a.text.startswith("The Tarnby ferry ran all night") for a in eng.articles())  # "桔⁥..." before
    assert main(["--db", db, "show", "nd-2031"]) == 2
    assert "ambiguous article id 'nd-2031' in" in capsys.readouterr().err  # "no article" before
    assert main(["--db", db, "show", ""]) == 2 and "no article '' in" in capsys.readouterr().err  # not the latest
    assert main(["summarize", str(tmp_path / "a.txt"), str(tmp_path / "gone.txt")]) == 1  # 0 before
    assert "skipped" in capsys.readouterr().err
    assert main(["--db", db, "demo"]) == 2  # the user's store is not the demo's
    assert "holds articles other than the demo's" in capsys.readouterr().err
    main(["--db", db, "articles", "--json"])
    assert len(json.loads(capsys.readouterr().out)) == 4


def test_ingest_verbose_into_a_closed_pipe_stores_everything(tmp_path):
    import subprocess

    rows = "\n".join(json.dumps({"id": f"r{k}", "text": f"Report {k} on the Tarnby strike came in. Crews stayed out."}) for k in range(3000))
    (tmp_path / "many.jsonl").write_text(rows)
    db = str(tmp_path / "s.db")
    done = subprocess.run(f"{sys.executable} -c '{MAIN}' --db {db} ingest -v {tmp_path / 'many.jsonl'} | head -1",
                          shell=True, capture_output=True, text=True)  # fmt: skip
    assert done.stdout.startswith("read r0 ") and "Traceback" not in done.stderr
    with storyline.open(db, readonly=True) as eng:
        assert eng.count_articles() == 3000  # 0 before: the print failed inside the transaction


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_listings_cut_a_long_headline_between_words(tmp_path, capsys):
    title = ("Halvern council votes to raise the Tamsin levee by two metres before the spring floods reach "
             "the lower valley towns of Kestrel Bay and Dorvale")
    record = {"id": "levee", "title": title, "text": "The council voted on Monday to raise the levee. Work starts in May.",
              "source": "Coastal News Service"}
    long = record | {"id": "levee-2", "source": "The Marenland Evening Courier and Dispatch", "text": "Work starts in May, "
                     "the Halvern council said on Tuesday, a day after it voted to raise the levee by two metres."}
    src = tmp_path / "levee.jsonl"
    src.write_text(json.dumps(record) + "\n" + json.dumps(long) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert run(capsys, "--db", db, "ingest", str(src))[0] == 0
    listed = {
        cmd: run(capsys, "--db", db, *cmd)[1] for cmd in (("stories",), ("story", "1"), ("articles",))
    }
    for cmd, out in listed.items():
        line = next(x for x in out.splitlines() if "Halvern council" in x)
        shown = line[line.index("Halvern council"):].rstrip()
        assert shown.endswith("…") and title.startswith(shown[:-1].rstrip()), (cmd, shown)
        assert shown[:-1].rstrip().split()[-1] in title.split(), (cmd, shown)  # a whole word before the cut
    for cmd in (("story", "1"), ("articles",)):  # a source's name whole, or cut with "…"
        assert "Coastal News Service " in listed[cmd] and "The Marenland Evening…" in listed[cmd], listed[cmd]


def test_stories_and_articles_come_in_pages(tmp_path, capsys):
    records = [{"id": f"r{k}", "published": f"2031-0{1 + k % 9}-1{k % 10}",
                "text": f"Depot {k} in Velm{'abcdefghijklmnopqrstuvwxyz'[k]}ra burned on Monday. Crew {k} put out the fire."}
               for k in range(3)]
    src = tmp_path / "depots.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert run(capsys, "--db", db, "ingest", str(src))[0] == 0
    every = json.loads(run(capsys, "--db", db, "stories", "--json", "--limit", "0")[1])
    assert len(every) == 3
    code, out, err = run(capsys, "--db", db, "stories", "--limit", "2")
    assert code == 0 and out.count("\n#") + out.startswith("#") == 2
    assert "2 of 3 stories shown: --offset 2 for the next, --limit 0 for all" in err
    page = json.loads(run(capsys, "--db", db, "stories", "--json", "--limit", "1", "--offset", "1")[1])
    assert [s["id"] for s in page] == [every[1]["id"]]
    # every article, read in batches: the same JSON as a page of them all
    streamed = run(capsys, "--db", db, "articles", "--json", "--limit", "0")[1]
    assert streamed == run(capsys, "--db", db, "articles", "--json", "--limit", "3")[1] and len(json.loads(streamed)) == 3
    assert json.loads(run(capsys, "--db", db, "articles", "--json", "--limit", "0", "--offset", "3")[1]) == []
