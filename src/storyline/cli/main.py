"""The `storyline` command. Each stage's commands live in their own module with register(sub)."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from storyline import __version__
from storyline.cli.common import CliError
from storyline.store import StoreError, default_path
from storyline.store.base import without_secrets

# command -> (its module in storyline.cli, its help). Only the module of the command being run is imported, so
# that `storyline --help` lists the others from here without loading every stage (tests/test_cli.py checks
# that this table says what the modules register).
COMMANDS = {
    "ingest": ("store_cmds", "read articles (files, directories, - for stdin) into the store"),
    "demo": ("store_cmds", "load the bundled demo news and print its stories with summaries"),
    "articles": ("store_cmds", "list stored articles"),
    "show": ("store_cmds", "print an article as readable text (default: the latest ingested)"),
    "search": ("store_cmds", "full-text search over sentences"),
    "summarize": ("summarize", "a cited summary of files (no store needed) or of a stored story"),
    "update": ("summarize", "what a story's newer articles add to the ones already read"),
    "stories": ("stories", "list stories"),
    "story": ("stories", "show one story's articles"),
    "recluster": ("stories", "rebuild every story from the stored articles in date order"),
    "timeline": ("timeline", "a story's key dates, each with its most informative sentences, cited"),
    "facts": (
        "facts", "a story's quantities across sources (agreed, conflicting, developing, single-source) and entities"
    ),
    "follow": ("feeds", "subscribe to feeds (URLs, or an OPML list with --opml)"),
    "unfollow": ("feeds", "drop feed subscriptions (their articles stay)"),
    "feeds": ("feeds", "list feed subscriptions with their last fetch, status and next due time"),
    "poll": ("feeds", "fetch every due feed once and store its new entries"),
    "serve": ("serve", "web pages, Atom feeds and JSON API (127.0.0.1:8000)"),
    "eval": ("eval", "score the engine on a benchmark data set"),
    "batch": ("batch", "batch jobs on Dask workers: ingest, recluster, summarize (pip install storyline[scale])"),
}
COMMAND_MODULES = tuple(f"storyline.cli.{m}" for m in dict.fromkeys(m for m, _ in COMMANDS.values()))


def build_parser(command: str | None = "*") -> argparse.ArgumentParser:
    """The parser. The module of ``command`` ("*": of every command) registers its commands in full; the
    others are listed by name and help only, their modules found but not run (all ship with storyline: one
    that is missing or fails to import is an error)."""
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="Offline news story engine: ingest articles, group them into stories, "
        "and read cited summaries, updates and timelines.",
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    parser.add_argument(
        "--db",
        default=default_path(),
        type=_store_name,
        help="the store: an SQLite file, sqlite:///PATH or postgresql://USER@HOST/DB (default: $STORYLINE_DB or ./storyline.db)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        names = [name for name, (m, _) in COMMANDS.items() if module == f"storyline.cli.{m}"]
        if command == "*" or command in names:
            importlib.import_module(module).register(sub)
        else:
            if importlib.util.find_spec(module) is None:  # found, not run: a missing module is still an error
                raise ModuleNotFoundError(f"{module} is missing from this installation", name=module)
            for name in names:
                sub.add_parser(name, help=COMMANDS[name][1], add_help=False)
    for name, p in sub.choices.items():
        if command == "*" or name == command:
            _take_db(p)
    return parser


def _take_db(parser: argparse.ArgumentParser) -> None:
    """Let a command's parser (and its own commands') take --db after the command's name too
    ("storyline stories --db x.db"); the value before it stands when none is given there."""
    actions = parser._actions  # argparse keeps no public list of them
    if not any("--db" in a.option_strings for a in actions) and not any(a.nargs == argparse.REMAINDER for a in actions):
        parser.add_argument("--db", default=argparse.SUPPRESS, type=_store_name, help=argparse.SUPPRESS)
    for action in actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _take_db(child)


def command_of(argv: list[str]) -> str | None:
    """The command named in ``argv`` (None when there is none): the first word that is not an option or
    the value of --db."""
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def _store_name(value: str) -> str:
    """argparse type for --db: a path or URL, not an empty one (which would name the default store)."""
    import argparse

    if not value.strip():
        raise argparse.ArgumentTypeError("an empty store name (give a path or URL)")
    return value


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show "Łódź" gets "\u0141\xf3d\u017a", not a traceback
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser(command_of(argv))
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
        print(f"storyline: {without_secrets(str(e), str(getattr(args, 'db', '') or ''))}", file=sys.stderr)  # no store password, whoever wrote it
        return 2


if __name__ == "__main__":
    sys.exit(main())
