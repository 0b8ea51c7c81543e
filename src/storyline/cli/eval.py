"""`storyline eval NAME ...`: each benchmark lives in storyline.eval.NAME (add_arguments, run).

A benchmark's module is imported only when it runs, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import argparse
import importlib

from storyline.cli.common import missing_extra

EVALS = {
    "summarize": "multi-document summaries: ROUGE on DUC / MultiLing / Multi-News layouts",
    "update": "update summaries: ROUGE-2 / SU4 on DUC 2007 update sets",
    "cluster": "story clustering of a labelled stream: B-cubed and pairwise F1",
    "timeline": "timelines: alignment ROUGE and date F1 on Timeline17 layouts",
}


def register(sub) -> None:
    lines = "\n".join(f"  {name:<10} {text}" for name, text in EVALS.items())
    p = sub.add_parser(
        "eval",
        help="score the engine on a benchmark data set",
        description=f"benchmarks:\n{lines}\n\n'storyline eval NAME --help' for each one's options",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", choices=sorted(EVALS), metavar="NAME")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_eval)


def cmd_eval(args) -> int:
    try:
        module = importlib.import_module(f"storyline.eval.{args.name}")
    except ImportError as e:
        raise missing_extra(e, "eval") from None
    parser = argparse.ArgumentParser(prog=f"storyline eval {args.name}", description=EVALS[args.name])
    module.add_arguments(parser)
    inner = parser.parse_args(args.rest)
    inner.db = args.db
    return module.run(inner) or 0
