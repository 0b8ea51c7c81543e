"""Batch jobs on Dask (dask.distributed, the scale extra): ingest, recluster and summarize a whole store.

    from storyline.batch import connect, ingest
    with storyline.open("news.db") as engine, connect(workers=2) as client:
        result = ingest(engine.store, ["wire/"], client)

The heavy, independent work (reading and analysing articles, a story's summary, timeline and facts)
runs on the workers; the story tracker runs in the client, fed in input order, so that the stories are
those `storyline ingest` makes. cluster.py: the client and the ordered map; ingest.py: ingest and
recluster; outputs.py: summarize. Dask is imported only when a client is made.
"""

from storyline.batch.cluster import INSTALL, MissingDask, Stages, connect
from storyline.batch.ingest import ingest, recluster
from storyline.batch.outputs import stored_outputs, summarize

__all__ = ["INSTALL", "MissingDask", "Stages", "connect", "ingest", "recluster", "stored_outputs", "summarize"]
