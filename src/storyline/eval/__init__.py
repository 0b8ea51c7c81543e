"""storyline eval stage."""

from __future__ import annotations

import argparse
import json


def add_param_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help=f"a parameter of the {what} (repeatable)"
    )


def parse_params(items: list[str]) -> dict:
    """NAME=VALUE pairs as keyword arguments; a VALUE that reads as JSON (0.2, 10, true) is that value."""
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"--param wants NAME=VALUE, not {item!r}")
        try:
            out[name] = json.loads(value)
        except ValueError:
            out[name] = value
    return out


def print_results(results: dict, as_json: bool, heading: str, table: str) -> int:
    """The results as JSON, or the heading and the table."""
    print(json.dumps(results) if as_json else f"{heading}\n{table}")
    return 0
