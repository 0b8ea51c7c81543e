"""Hostile input at ingest: bad records cost nothing else, every article read can be stored, dates are sane,
memory is bounded by the record limit, workers die with their parent, any folder tree is walked, and
printed names cannot drive the terminal."""

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import storyline.ingest.read as read
from storyline.ingest import ReadError, build_article, read_bytes, read_paths, read_text
from storyline.ingest.build import EARLIEST_DATE, LATEST_DATE
from storyline.ingest.errors import printable
from storyline.ingest.parallel import WORKER_NICE, cpu_count, ordered_map
from storyline.model import Article
from storyline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
STORYLINE = [sys.executable, "-c", "import sys; from storyline.cli.main import main; sys.exit(main())"]


def good(i: int) -> str:
    return json.dumps({"id": f"g{i}", "text": f"The ferry to Kellerby sailed at dawn on day {i}, the port said. It came back."})


SURROGATE = '{"id": "s", "title": "Half \\ud800 a pair", "text": "Broken \\udfff text here. It goes on."}'
BIG_NUMBER = '{"id": "n", "text": "A big number. Right here.", "count": ' + "9" * 5000 + "}"
CONTROL_IN_HTML = json.dumps({"id": "c", "text": "<p>A bell \x07 rang in <b>Kellerby</b>.</p><p>Then&#1; quiet.</p>"})


def mixed_lines() -> list[str]:
    bad = {2: SURROGATE, 5: BIG_NUMBER, 8: CONTROL_IN_HTML}
    return [bad.get(i, good(i)) for i in range(12)]


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadError)]


def assert_storable(article: Article) -> None:
    strings = [article.id, article.text, article.title, article.source, article.place, article.url, article.origin]
    strings += [s.text for s in article.sentences] + [s.display for s in article.sentences]
    strings.append(json.dumps(article.meta, ensure_ascii=False, default=str))
    for s in strings:
        if s is not None:
            s.encode("utf-8")
            assert "\x00" not in s
    assert article.published is None or EARLIEST_DATE <= article.published <= LATEST_DATE


# -- 1. one bad record never costs another ------------------------------------------------
def test_bad_records_among_good_ones_via_the_cli(db_url, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(mixed_lines()) + "\n")
    db = db_url
    run = subprocess.run([*STORYLINE, "--db", str(db), "ingest", str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    failed = [line for line in run.stderr.splitlines() if line.startswith("failed ")]
    assert failed == [f"failed {path}: line 6: number too long (over 4,300 digits)"]
    assert "added 11 / duplicates 0 / failed 1 / warnings 2" in run.stdout
    store = open_store(db)
    ids = {a.id for a in store.articles()}
    assert ids == {f"g{i}" for i in range(12) if i not in (2, 5, 8)} | {"s", "c"}
    cleaned = store.article("s")
    assert cleaned.title == "Half \ufffd a pair" and "Broken \ufffd text" in cleaned.text
    assert "\x07" not in store.article("c").text and "Then\ufffd quiet." in store.article("c").text
    assert store.article("s").meta["warnings"] == ["2 lone surrogates replaced by U+FFFD"]
    assert store.article("c").meta["warnings"] == ["1 control character removed"]  # a &#1; reference goes silently
    store.close()


def test_bad_records_in_parallel_match_serial(tmp_path, monkeypatch):
    lines = [good(i) for i in range(200)]
    lines[10], lines[70], lines[130] = SURROGATE, BIG_NUMBER, CONTROL_IN_HTML
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    monkeypatch.setattr(read, "PARALLEL_BYTES", 2_000)
    shown = lambda items: [str(i) if isinstance(i, ReadError) else (i.id, i.text) for i in items]  # noqa: E731
    serial = shown(read_paths([tmp_path / "many.jsonl"], workers=1))
    assert shown(read_paths([tmp_path / "many.jsonl"], workers=2)) == serial
    assert len(serial) == 200 and [s for s in serial if isinstance(s, str)] == [
        f"{tmp_path / 'many.jsonl'}: line 71: number too long (over 4,300 digits)"
    ]


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"text": "Deep. Nesting.", "x": ' + "[" * 150 + "]" * 150 + "}", "JSON nested too deeply (over 100 levels)"),
        ('{"text": "Deeper. Still.", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
        ('{"text": "<p><script>only()</script></p>"}', "no text (none left once the HTML markup is removed)"),
        # Python reads these, JSON has them not: stored, they broke `show --json` and the API's answers
        ('{"text": "A ferry sailed. It was late.", "n": NaN}', "not valid JSON (NaN is not a JSON value)"),
        ('{"text": "A tram ran. It was full.", "x": [1, -Infinity]}', "not valid JSON (-Infinity is not a JSON value)"),
        ('{"text": "A bus ran. It was slow.", "score": 1e999}', "not valid JSON (1e999 is out of range)"),
        # PostgreSQL's index could not hold it (SQLite's could): both refuse it
        ('{"text": "A van ran. It was red.", "id": "' + "v" * 2001 + '"}', "id too long (2,001 characters; at most 2,000 bytes)"),
    ],
)
def test_one_error_per_bad_record(line, reason):
    found, errors = split(read_text("\n".join([good(1), line, good(3)]), name="in.jsonl"))
    assert [a.id for a in found] == ["g1", "g3"]
    assert [str(e) for e in errors] == [f"in.jsonl: line 2: {reason}"]


def test_a_reader_crash_costs_only_its_record(monkeypatch):
    import storyline.ingest.jsonl as jsonl

    real = jsonl.record_article

    def flaky(record, **options):
        if record.get("id") == "g2":
            raise RuntimeError("boom")
        return real(record, **options)

    monkeypatch.setattr(jsonl, "record_article", flaky)
    found, errors = split(read_text("\n".join(good(i) for i in range(5)), name="in.jsonl"))
    assert [a.id for a in found] == ["g0", "g1", "g3", "g4"]
    assert [str(e) for e in errors] == ["in.jsonl: line 3: could not be read (RuntimeError: boom)"]
    json_list = "[" + ",".join(good(i) for i in range(4)) + "]"
    found, errors = split(read_text(json_list, name="in.json"))
    assert [a.id for a in found] == ["g0", "g1", "g3"]
    assert [str(e) for e in errors] == ["in.json: item 3: could not be read (RuntimeError: boom)"]


def test_every_text_field_is_cleaned():
    record = {
        "id": "x\x00y\ud800", "title": "T\x1bitle", "source": "Wire\udc80", "place": "Kel\x0bler", "url": "http://e.org/\x00",
        "text": "Bell\x07 rang. Form\x0cfeed here.", "notes": {"k\ud801": ["v\x01", 1.5, None]}, "warnings": 5,
    }
    (a,) = read_text(json.dumps(record), name="x.jsonl")
    assert_storable(a)
    assert (a.id, a.title, a.source, a.url) == ("xy\ufffd", "Title", "Wire\ufffd", "http://e.org/")
    assert a.text == "Bell rang. Form\nfeed here."
    assert a.meta["notes"] == {"k\ufffd": ["v", 1.5, None]}
    assert a.meta["warnings"] == ["5", "6 control characters removed", "3 lone surrogates replaced by U+FFFD"]


def test_c1_and_bidirectional_controls_are_removed():
    # U+202E would show "yrref" reversed on a page or a terminal ("Trojan Source"); U+009B would start a terminal
    # escape sequence: C1 controls are Windows-1252 text read as Latin-1 ("wasn\x92t"), and are read as that
    record = {"id": "b1", "title": "Ferry \u202eyrref\u202c safe", "source": "Wire\u2066 Desk\u2069",
              "text": "The ferry\x9b2J wasn\x92t late\x85 at Kellerby.\x81 It left at dawn, the \u200eport said."}
    (a,) = read_text(json.dumps(record), name="b.jsonl")
    assert (a.title, a.source) == ("Ferry yrref safe", "Wire Desk")
    # the mark U+200E kept, 0x81 (undefined in Windows-1252) removed
    assert a.text == "The ferry\u203a2J wasn\u2019t late\u2026 at Kellerby. It left at dawn, the \u200eport said."
    assert a.meta["warnings"] == [
        "1 control character removed", "3 C1 control characters read as Windows-1252", "4 bidirectional control characters removed"
    ]
    page = "<p>The ferry &#150; late &#x202E;again &#147;docked&#148; at Kellerby, the port said.</p>"
    (h,) = read_text(json.dumps({"id": "h1", "text": page}), name="h.jsonl")
    assert "The ferry \u2013 late \ufffdagain \u201cdocked\u201d at Kellerby" in h.text  # as browsers read them


def test_good_records_are_unchanged():
    text = "PORT ELLIS (Reuters) - The harbour reopened on Monday, officials said.\n\nShips\tcame back."
    (a,) = read_text(json.dumps({"id": "a1", "text": text, "published": "2025-03-14", "desk": "ports"}), name="a.jsonl")
    assert (a.text, a.published, a.meta) == (text, dt.date(2025, 3, 14), {"desk": "ports"})


def test_feeds_and_pages_with_control_characters_and_bad_references():
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire\x01</title>'
        "<item><title>Bell&#1;rings</title>"
        "<description>&lt;p&gt;The bell \x02 rang at noon.&lt;/p&gt;&lt;p&gt;Then&amp;#1; it stopped.&lt;/p&gt;</description>"
        "<pubDate>Fri, 31 Dec 9999 10:00:00 GMT</pubDate></item>"
        "<item><title>Second</title><description>The ferry sailed. It came back.</description></item></channel></rss>"
    )
    found, errors = split(read_text(feed, name="wire.rss"))
    assert not errors and len(found) == 2
    for a in found:
        assert_storable(a)
    assert "The bell  rang at noon." in found[0].text or "The bell rang at noon." in found[0].text
    page = (
        "<html><head><title>Storm\x1b[2J</title></head><body><article>"
        "<p>The storm\x00 passed over Kellerby on Sunday, the weather office said in a statement.</p>"
        "<p>Crews cleared the coast road by noon&#1;, police said on Sunday evening.</p></article></body></html>"
    )
    found, errors = split(read_text(page, name="page.html"))
    assert not errors and len(found) == 1
    assert_storable(found[0])
    assert "\x1b" not in found[0].title and "The storm passed over Kellerby" in found[0].text


# -- 2. dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "given, kept", [("9999-12-31", None), ("0001-01-01", None), ("1599-12-31", None), ("1600-01-01", dt.date(1600, 1, 1)),
                    ("2100-12-31", dt.date(2100, 12, 31)), ("2101-01-01", None), ("2031-03-03", dt.date(2031, 3, 3))],
)  # fmt: skip
def test_publication_dates_out_of_range_are_dropped_with_a_warning(given, kept):
    (a,) = read_text(json.dumps({"text": "The ferry sailed. It came back.", "published": given}), name="d.jsonl")
    assert a.published == kept
    assert a.meta.get("warnings", []) == ([] if kept else [f"publication date {given} out of range, dropped"])


def test_an_out_of_range_date_gives_way_to_the_default():
    text = "The ferry sailed. It came back."
    a = build_article(text, published=dt.date(9999, 12, 31), default_date=dt.date(2024, 5, 1))
    assert a.published == dt.date(2024, 5, 1) and a.meta["warnings"] == ["publication date 9999-12-31 out of range, dropped"]
    assert build_article(text, default_date=dt.date(1, 1, 1)).published is None


def test_a_9999_date_is_never_stored_via_the_cli(db_url, tmp_path):
    path = tmp_path / "late.jsonl"
    path.write_text(json.dumps({"id": "late", "text": "The ferry sailed. It came back.", "published": "9999-12-31"}))
    run = subprocess.run([*STORYLINE, "--db", str(db_url), "ingest", str(path)], capture_output=True, text=True)
    assert run.returncode == 0 and "warning" in run.stderr and "out of range" in run.stderr
    store = open_store(db_url)
    assert store.article("late").published is None
    store.close()


# -- 3. memory bounded by the record limit ------------------------------------------------
def test_jobs_are_bounded_in_bytes_and_overlong_lines_are_never_held(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "JOB_BYTES", 2_000)
    lines = [json.dumps({"text": f"Report {i}. " + "word " * 100}) for i in range(40)]
    lines[7] = json.dumps({"text": "huge " * 10_000})  # above the limit
    (tmp_path / "rows.jsonl").write_text("\n".join(lines))
    todo = list(read._line_jobs(tmp_path / "rows.jsonl", 5_000))
    jobs = [j for j in todo if isinstance(j, read.Job)]
    assert all(j.size < 2_000 + 600 and max(map(len, j.lines)) <= 5_000 for j in jobs)
    assert [str(e) for e in todo if isinstance(e, ReadError)] == [
        f"{tmp_path / 'rows.jsonl'}: line 8: record is above the size limit of 5,000 bytes"
    ]
    first_lines = [j.first_line for j in jobs]
    assert first_lines == sorted(first_lines) and sum(len(j.lines) for j in jobs) == 39
    found, errors = split(read_paths([tmp_path / "rows.jsonl"], max_bytes=5_000))
    assert len(found) == 39 and found[7].origin.endswith(":9") and len(errors) == 1


_consumed: list[int] = []


def _length(item: bytes) -> list[int]:
    return [len(item)]


def test_the_worker_window_is_bounded_in_bytes():
    def items():
        for i in range(20):
            _consumed.append(i)
            yield b"x" * 1000

    _consumed.clear()
    results = ordered_map(
        _length, _length, items(), workers=2, initializer=lambda: None, initargs=(), window=100,
        size=len, window_bytes=3_000,
    )
    assert next(results) == 1000
    assert len(_consumed) <= 3  # three jobs of 1,000 bytes fill the window
    assert list(results) == [1000] * 19



def _niceness(item: int) -> list[int]:
    return [os.nice(0)]


def test_the_first_item_is_read_here_and_the_rest_by_workers_at_a_lower_priority():
    results = list(ordered_map(_niceness, _niceness, range(6), workers=2, initializer=lambda: None, initargs=()))
    assert results[0] == os.nice(0) and set(results[1:]) == {os.nice(0) + WORKER_NICE} and WORKER_NICE > 0

# -- 4. workers die with their parent -------------------------------------------------------
def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or cpu_count() < 2, reason="needs Linux and 2 cores for workers")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_ingest(tmp_path, sig):
    path = tmp_path / "many.jsonl"
    with path.open("w") as f:
        for i in range(6000):
            body = " ".join(f"The council of town {i} met on day {j} and voted on the harbour budget." for j in range(12))
            f.write(json.dumps({"id": f"a{i}", "text": body}) + "\n")
    proc = subprocess.Popen(
        [*STORYLINE, "--db", str(tmp_path / "x.db"), "ingest", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "no workers started"
        time.sleep(0.3)
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)]
        if sig == signal.SIGTERM:
            assert proc.returncode == 143 and "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in _children(proc.pid):
            os.kill(w, signal.SIGKILL)


# -- 5. any folder tree ---------------------------------------------------------------------
def test_a_folder_1100_levels_deep(tmp_path):
    folder = str(tmp_path / "deep")
    os.mkdir(folder)
    Path(folder, "top.txt").write_text("The top report. It reads.")
    for _ in range(1100):
        folder += "/d"
        os.mkdir(folder)
    Path(folder, "bottom.txt").write_text("The bottom report. It reads too.")
    try:
        found, errors = split(read_paths([tmp_path / "deep"]))
        assert not errors and [Path(a.origin).name for a in found] == ["top.txt", "bottom.txt"]
        command = [*STORYLINE, "--db", str(tmp_path / "x.db"), "ingest", str(tmp_path / "deep")]
        run = subprocess.run(command, capture_output=True, text=True)
        assert run.returncode == 0 and "added 2 / duplicates 0 / failed 0" in run.stdout, run.stderr
    finally:
        os.remove(Path(folder, "bottom.txt"))
        while folder != str(tmp_path / "deep"):  # shutil.rmtree recurses too
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def test_walk_order_is_os_walks(tmp_path):
    for rel in ["b/z.txt", "b/a.md", "a.txt", "c/d/e.txt", "c/x.txt", ".hidden/h.txt", "b/.h.txt", "b/s.css", "c/d/f.json"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "c")
    expected = []
    for folder, dirs, files in os.walk(tmp_path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        expected += [Path(folder) / f for f in sorted(files) if not f.startswith(".") and not f.endswith(".css")]
    assert list(read.walk(tmp_path)) == expected


def test_a_link_to_a_file_outside_the_folder_is_not_followed(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "home"
    (corpus / "b").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("Bank PIN 4321. Never to be published.")
    (corpus / "a.txt").write_text("First report here. It is short.")
    (corpus / "b" / "secret.txt").symlink_to(elsewhere / "secret.txt")
    (corpus / "b" / "same.txt").symlink_to(corpus / "a.txt")  # inside: read
    found = list(read.walk(corpus))
    assert [f for f in found if isinstance(f, Path)] == [corpus / "a.txt", corpus / "b" / "same.txt"]
    [refused] = [f for f in found if isinstance(f, ReadError)]
    assert refused.path == str(corpus / "b" / "secret.txt") and "outside the folder" in refused.reason
    assert "PIN" not in " ".join(a.text for a in read_paths([corpus]) if not isinstance(a, ReadError))
    assert not isinstance(next(read_paths([corpus / "b" / "secret.txt"])), ReadError)  # named: read


def test_an_unreadable_folder_is_one_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("A readable report. It reads.")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("A hidden report. It is locked away.")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, errors = split(read_paths([tmp_path]))
    assert [Path(a.origin).name for a in found] == ["a.txt"]
    assert [str(e) for e in errors] == [f"{tmp_path / 'locked'}: folder cannot be read (permission denied)"]
    from storyline.cli.main import main

    assert main(["--db", str(tmp_path / "x.db"), "ingest", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("failed ") == 1 and f"failed {tmp_path / 'locked'}: folder cannot be read" in err


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to run as an unprivileged user")
def test_an_unreadable_folder_for_real():
    with tempfile.TemporaryDirectory() as root:
        os.chmod(root, 0o777)
        (Path(root) / "in" / "locked").mkdir(parents=True)
        (Path(root) / "in" / "ok.txt").write_text("A readable report. It reads.")
        (Path(root) / "in" / "locked" / "b.txt").write_text("A hidden report. It is locked away.")
        os.chmod(Path(root) / "in" / "locked", 0)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *STORYLINE]
        run = subprocess.run([*command, "--db", f"{root}/x.db", "ingest", f"{root}/in"], capture_output=True, text=True)
        if "No module named" in run.stderr:
            pytest.skip("the unprivileged user cannot import storyline here")
        assert run.returncode == 1 and "added 1 / duplicates 0 / failed 1" in run.stdout, run.stderr
        assert run.stderr.splitlines() == [f"failed {root}/in/locked: folder cannot be read (permission denied)"]
        os.chmod(Path(root) / "in" / "locked", 0o755)


# -- 6. printed names cannot drive the terminal ---------------------------------------------
def test_printable():
    assert printable("news/a.txt: empty file") == "news/a.txt: empty file"
    assert printable("a\nb\x1b[31m\t\u202e\x9b") == "a\\nb\\x1b[31m\\t\\u202e\\x9b"
    assert printable(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert str(ReadError("a\nb.txt", "line 1: bad\rthing")) == "a\\nb.txt: line 1: bad\\rthing"


def test_hostile_file_names_via_the_cli(db_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\n\x1b[2J.txt").write_text("")
    (folder / "fine\x1b]0;title\x07.txt").write_text("A report with a strange name. It reads.")
    os.close(os.open(os.path.join(os.fsencode(folder), b"bytes\xff.txt"), os.O_CREAT | os.O_WRONLY))
    with open(os.path.join(os.fsencode(folder), b"latin\xe9.txt"), "w") as f:
        f.write("Another report. It reads too.")
    run = subprocess.run([*STORYLINE, "--db", str(db_url), "ingest", "--verbose", str(folder)], capture_output=True)
    out, err = run.stdout.decode(), run.stderr.decode()
    assert run.returncode == 1 and "Traceback" not in err
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert len(err.splitlines()) == 2 and "evil\\n\\x1b[2J.txt: empty file" in err and "bytes\\xff.txt: empty file" in err
    assert "/fine]0;title.txt (2 sentences)" in out and "/latin\ufffd.txt (2 sentences)" in out  # origins are cleaned
    store = open_store(db_url)
    origins = sorted(Path(a.origin).name for a in store.articles())
    assert origins == ["fine]0;title.txt", "latin\ufffd.txt"]
    store.close()


def test_every_article_read_from_hostile_bytes_is_storable(db_url):
    store = open_store(db_url)
    inputs = [
        b'{"text": "A\\u0000B. C\\ud800D.", "title": "\\udc00"}',
        b"<rss version='2.0'><channel><item><title>\x01</title><description>A&#0;B. C.</description></item></channel></rss>",
        b"# Title\x00\n\nBody\x1b text. More text.",
        b"plain \x08 text \xff\xfe with bad bytes. And more.",
    ]
    read = [list(read_bytes(data, name=f"in{n}")) for n, data in enumerate(inputs)]
    assert [[type(x).__name__ for x in items] for items in read] == [["Article"], ["Article"], ["ReadError"], ["Article"]]
    assert str(read[2][0]) == "in2: binary file (NUL bytes)"  # a NUL in a text file: refused, not stored
    for items in read:
        for item in items:
            if isinstance(item, Article):
                assert_storable(item)
                store.add_article(item)
    assert store.count_articles() == 3
    store.close()
