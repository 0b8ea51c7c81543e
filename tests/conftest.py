import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only dev data beside the repository; skip clearly when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set STORYLINE_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def samples(shared_data) -> Path:
    return shared_data / "samples"


def assert_quoted(cited, source) -> None:
    """A cited sentence is its source verbatim: the stored text exactly, and the display form
    whole or without a leading dateline or digest bullet, nothing else changed."""
    from storyline.text.dateline import parse_dateline

    assert cited.original == source.text
    shown, display = cited.text, source.display
    if shown != display:
        cut = len(display) - len(shown)
        assert display.endswith(shown[1:]) and shown[0].lower() == display[cut].lower(), (shown, display)
        prefix = display[:cut].strip()
        if prefix in ("--", "—", "–"):
            return  # a digest's bullet
        dateline = parse_dateline(display)
        assert dateline and display[: dateline.end].strip() == prefix, display
        assert source.index < 3 or prefix.endswith("_"), display  # later only a digest's slug line
