"""`storyline batch ingest|recluster|summarize`: whole-store jobs on Dask (storyline.batch)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from storyline.cli.common import CliError, count, engine, parse_date, positive, print_json, store_exists

HELP = "batch jobs on Dask workers: ingest, recluster, summarize (pip install storyline[scale])"


def register(sub) -> None:
    p = sub.add_parser("batch", help=HELP, description=HELP + ". A LocalCluster by default.")
    jobs = p.add_subparsers(dest="job", metavar="JOB", required=True)

    q = jobs.add_parser("ingest", help="read and analyse articles on the workers; stories assigned in input order")
    q.add_argument("paths", nargs="+", metavar="PATH")
    q.add_argument("--date", type=parse_date, help="publication date for inputs that carry none (YYYY-MM-DD)")
    q.add_argument("--source", help="source/agency for inputs that name none")
    q.add_argument("--batch", type=positive, metavar="N", help="at most N inputs per transaction (default: as storyline ingest)")
    _cluster_options(q)
    q.set_defaults(func=cmd_ingest)

    q = jobs.add_parser("recluster", help="rebuild every story from the stored articles, read on the workers")
    _cluster_options(q)
    q.set_defaults(func=cmd_recluster)

    q = jobs.add_parser("summarize", help="store every story's summary, timeline and facts, computed on the workers")
    q.add_argument("--words", type=positive, default=100, help="summary length (default 100)")
    q.add_argument("--force", action="store_true", help="recompute stories whose stored outputs are current")
    _cluster_options(q)
    q.set_defaults(func=cmd_summarize)


def _cluster_options(p) -> None:
    p.add_argument("--workers", type=positive, default=2, help="LocalCluster worker processes (default 2)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="a running Dask scheduler instead of a LocalCluster")
    p.add_argument("--retries", type=count, default=2, help="reruns of a failed task (default 2)")
    p.add_argument("--json", action="store_true", help="print the result and the stage times as JSON")


def cmd_ingest(args) -> int:
    from storyline.batch import ingest
    from storyline.ingest.errors import printable
    from storyline.ingest.read import input_sizes

    sizes = input_sizes(args.paths)
    with _job(args, "ingesting", sum(sizes.values()) if sizes else None) as (eng, client, stages, progress):
        result = ingest(eng.store, args.paths, client, date=args.date, source=args.source, batch=args.batch,
                        stages=stages, progress=progress, retries=args.retries)
    if args.json:
        print_json({"added": result.added, "duplicates": result.duplicates, "failed": result.failed,
                    "warnings": len(result.warnings), "stages": stages.to_dict()})
    else:
        for line in result.failed:
            print(printable(f"failed {line}"), file=sys.stderr)
        print(f"added {len(result.added)} / duplicates {len(result.duplicates)} / failed {len(result.failed)}"
              + (f" / warnings {len(result.warnings)}" if result.warnings else ""))
        print(_stages_line(stages, len(result.added) + len(result.duplicates), "articles"))
    return 1 if result.failed else 0


def cmd_recluster(args) -> int:
    from storyline.batch import recluster

    _existing(args)
    with _job(args, "reclustering", None) as (eng, client, stages, progress):
        count = recluster(eng.store, _url(args.db), client, stages=stages, progress=progress, retries=args.retries)
        articles = eng.count_articles()
    if args.json:
        print_json({"articles": articles, "stories": count, "stages": stages.to_dict()})
    else:
        print(f"reclustered {articles} articles into {count} stories")
        print(_stages_line(stages, articles, "articles"))
    return 0


def cmd_summarize(args) -> int:
    from storyline.batch import summarize

    _existing(args)
    with _job(args, "summarizing", None) as (eng, client, stages, progress):
        done, current = summarize(eng.store, _url(args.db), client, words=args.words, force=args.force,
                                  stages=stages, progress=progress, retries=args.retries)
    if args.json:
        print_json({"computed": done, "current": current, "stages": stages.to_dict()})
    else:
        print(f"stored the summary, timeline and facts of {done} stories ({current} already current)")
        print(_stages_line(stages, done, "stories"))
    return 0


@contextlib.contextmanager
def _job(args, label: str, total: int | None) -> Iterator[tuple]:
    """The engine, a Dask client, the stage clock and a progress callback (a bar on a terminal)."""
    from storyline.batch import MissingDask, Stages, connect

    stages = Stages()
    with contextlib.ExitStack() as stack:
        eng = stack.enter_context(engine(args))  # first: a store that cannot be opened fails before the cluster starts
        try:
            client = stack.enter_context(connect(args.scheduler, workers=args.workers))
        except MissingDask as e:
            raise CliError(str(e)) from None
        except OSError as e:  # no scheduler at that address
            raise CliError(f"cannot reach the Dask scheduler {args.scheduler}: {e}") from None
        progress = stack.enter_context(_progress(label, total, quiet=args.json))
        yield eng, client, stages, progress


@contextlib.contextmanager
def _progress(label: str, total: int | None, *, quiet: bool):
    """progress(items, bytes): a rich bar over the input bytes (or a count) on a terminal, else nothing
    (the job's closing lines are its summary)."""
    if quiet or not sys.stderr.isatty():
        yield lambda items, size: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn(label), BarColumn(), TextColumn("{task.fields[count]:,}"),
                  TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task(label, total=total, count=0)
        done = {"count": 0}

        def step(items: int, size: int) -> None:
            done["count"] += items
            bar.update(task, advance=size if total else None, count=done["count"])

        yield step


def _stages_line(stages, count: int, what: str) -> str:
    rate = count / stages.wall if stages.wall else 0.0
    local = f", {stages.local} ran here after failing" if stages.local else ""
    return (f"{count:,} {what} in {stages.wall:.1f} s ({rate:,.0f}/s): {stages.tasks} tasks, workers "
            f"{stages.workers:.1f} CPU s; here: waiting {stages.wait:.1f} s, reading {stages.client_read:.1f} s, "
            f"assigning {stages.assign:.1f} s ({stages.assign_cpu:.1f} CPU s), writing {stages.write:.1f} s "
            f"({stages.write_cpu:.1f} CPU s), client {stages.client_cpu:.1f} CPU s{local}")


def _existing(args) -> None:
    if not store_exists(args.db):
        raise CliError(f"no store at {args.db}: run 'storyline ingest PATH' first (or pass --db)")


def _url(target: str) -> str:
    """The store as the workers open it: an SQLite file by its absolute path."""
    from storyline.store import local_path

    path = local_path(target)
    return str(path.resolve()) if path is not None else target
