import importlib.util
import os
import sys
from pathlib import Path

import pytest
from pgserver import start_server

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only dev data beside the repository; the tests that need it fail clearly when it is absent."""
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED} (set STORYLINE_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def bench_script():
    """A loader of the scripts of bench/ as modules, by name: bench_script("fit_cluster")."""

    def load(name: str):
        if str(ROOT / "bench") not in sys.path:  # as `python bench/NAME.py` runs it: its siblings import by name
            sys.path.append(str(ROOT / "bench"))
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # found by name, as pickle finds the functions a script hands to its workers
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture(scope="session")
def samples(shared_data) -> Path:
    return shared_data / "samples"


@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL server for the session (Debian's postgresql package; scripts/test.sh
    installs it). Missing binaries fail the tests that need it: a backend left untested is a failure."""
    server = start_server(lambda message: pytest.fail(message, pytrace=False))
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL database for one test, dropped after it."""
    url = pg_server.create_db()
    yield url
    pg_server.drop_db(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The store of one test on each backend: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request, tmp_path_factory):
    """db_url shared by a module's tests (a store built once per module and backend)."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "s.db")
        return
    server = request.getfixturevalue("pg_server")
    url = server.create_db()
    yield url
    server.drop_db(url)


def assert_quoted(cited, source) -> None:
    """A cited sentence is its source verbatim: the stored text exactly, and the display form
    whole or without a leading video player's "Close", web page stamp, editor's note, byline, dateline
    or digest bullet, nothing else changed."""
    from storyline.text.dateline import parse_dateline, without_byline, without_note, without_stamp

    assert cited.original == source.text
    shown, display = cited.text, source.display
    stamped = without_stamp(display)
    if source.index < 3 and shown != display:  # an editor's note, a byline, then perhaps a dateline
        stamped = without_note(stamped) if stamped.startswith("(") else stamped
        stamped = without_byline(stamped) if stamped.startswith("By ") else stamped
    if shown != display and stamped != display:  # a web page's stamp, then perhaps a dateline
        assert source.index < 3, display
        dateline = parse_dateline(stamped) or parse_dateline(stamped, tokenized=True)
        rest = stamped[dateline.end :].lstrip() if dateline and stamped[dateline.end :].strip() else stamped
        assert shown[1:] == rest[1:] and shown[0].lower() == rest[0].lower(), (shown, display)
        return
    if shown != display:
        cut = len(display) - len(shown)
        assert display.endswith(shown[1:]) and shown[0].lower() == display[cut].lower(), (shown, display)
        prefix = display[:cut].strip()
        if prefix in ("--", "—", "–"):
            return  # a digest's bullet
        if prefix == "Close" and source.index == 0:
            return  # a video player's button (text.boilerplate.player_close)
        dateline = parse_dateline(display) or parse_dateline(display, tokenized=True)  # lowercased: "san francisco (AP) --"
        assert dateline and display[: dateline.end].strip() == prefix, display
        assert source.index < 3 or prefix.endswith("_"), display  # later only a digest's slug line
