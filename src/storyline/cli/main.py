"""The `storyline` command. Each stage's commands live in their own module with register(sub)."""

from __future__ import annotations

import argparse
import importlib
import sys

from storyline import __version__
from storyline.cli.common import CliError
from storyline.store import StoreError, default_path

COMMAND_MODULES = (
    "storyline.cli.store_cmds",
    "storyline.cli.summarize",
    "storyline.cli.stories",
    "storyline.cli.timeline",
    "storyline.cli.facts",
    "storyline.cli.serve",
    "storyline.cli.eval",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="Offline news story engine: ingest articles, group them into stories, "
        "and read cited summaries, updates and timelines.",
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    parser.add_argument(
        "--db",
        default=default_path(),
        help="the store: an SQLite file or sqlite:///PATH (default: $STORYLINE_DB or ./storyline.db)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:  # all ship with storyline: one that fails to import is an error
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except (CliError, StoreError) as e:  # a store that cannot be opened or written: one line, no traceback
        print(f"storyline: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
