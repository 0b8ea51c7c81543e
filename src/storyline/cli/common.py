"""Helpers shared by the command modules: opening the engine, dates, JSON output."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import sys
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

from storyline.serialize import to_jsonable
from storyline.store.base import MAX_INTEGER


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def missing_extra(error: ImportError, extra: str) -> CliError:
    """The error for a library of an extra that is not installed; an import of storyline's own that
    fails is re-raised (a bug, not an installation)."""
    if not error.name or error.name.partition(".")[0] == "storyline":
        raise error
    return CliError(f"the {extra} extra is not installed ({error.name}): pip install 'storyline[{extra}]'")


def engine(args, *, readonly: bool = False, existing: bool = False):
    """The store of --db; ``readonly`` or ``existing``: a missing SQLite file is an error, not a new store."""
    import storyline

    if (readonly or existing) and not store_exists(args.db):
        raise CliError(f"no store at {args.db}: run 'storyline ingest PATH' first (or pass --db)")

    return storyline.open(args.db, readonly=readonly)


def ambiguous(given: str, found: list[str], where: str) -> CliError:
    """The error for an id prefix that names several articles (the first three shown), or none."""
    from storyline.engine import unmatched

    return CliError(unmatched(given, found, where))


def store_exists(target: str) -> bool:
    """False for an SQLite file that is not there (a server URL is taken to exist)."""
    from storyline.store import local_path

    path = local_path(target)
    return path is None or path.exists()


def parse_date(value: str) -> dt.date:
    """argparse type for YYYY-MM-DD dates."""
    import argparse

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def clip(text: str, chars: int) -> str:
    """The text in at most `chars` characters, cut between words with "…" ("…toward ho" is no cut)."""
    if len(text) <= chars:
        return text
    cut = textwrap.shorten(text, chars, placeholder="…")
    return cut if cut != "…" else text[: chars - 1] + "…"  # one long word (a script written without spaces)


def column(text: str, width: int) -> str:
    """The text in a column ``width`` characters wide: padded, or cut with "…"."""
    return f"{text[: width - 1]}…" if len(text) > width else f"{text:<{width}}"


SOURCE_WIDTH = 22  # "Coastal News Service" whole


def counted(n: int, word: str, plural: str = "") -> str:
    """A count and its noun: "1 article", "2 articles", "3 copies" (``plural`` when not word + "s")."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def print_json(obj: Any) -> None:
    """JSON on stdout: UTF-8 as is, \\u escapes where stdout's encoding cannot hold a character."""
    json.dump(to_jsonable(obj), sys.stdout, ensure_ascii=not _unicode(sys.stdout), indent=2)
    sys.stdout.write("\n")


def print_list(args, items: Iterable, as_json: Callable[[Any], Any], as_text: Callable[[Any], str]) -> None:
    """Items as one JSON list with --json (as print_json writes it), else as text; an item at a time,
    so that a store's every article is never in memory at once."""
    if not args.json:
        for item in items:
            print(as_text(item))
        return
    ascii_only = not _unicode(sys.stdout)
    first = True
    for item in items:
        text = json.dumps(to_jsonable(as_json(item)), ensure_ascii=ascii_only, indent=2)
        sys.stdout.write(("[\n" if first else ",\n") + textwrap.indent(text, "  "))
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")


def find_story(eng, args):
    """The story that args.story names, or a CliError."""
    story = eng.story(args.story)
    if story is None:
        raise CliError(f"no story #{args.story} in {args.db}")
    return story


def story_id(value: str) -> int:
    import argparse

    try:
        n = int(value.lstrip("sS#"))
    except ValueError:
        n = MAX_INTEGER + 1
    if abs(n) > MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"not a story id: {value!r}")
    return n


def positive(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    return _whole(value, 1, "a positive whole number")


def count(value: str) -> int:
    """An argparse type: a whole number of 0 or more."""
    return _whole(value, 0, "a whole number of 0 or more")


def _whole(value: str, least: int, what: str) -> int:
    import argparse

    try:
        n = int(value)
    except ValueError:
        n = least - 1
    if n > MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"too large (at most {MAX_INTEGER:,}): {value!r}")
    if n < least:
        raise argparse.ArgumentTypeError(f"not {what}: {value!r}")
    return n


def _unicode(stream: Any) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False
