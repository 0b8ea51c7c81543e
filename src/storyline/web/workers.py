"""`storyline serve --workers N`: N server processes on one port (uvicorn's multi-process mode).

Each worker builds its own app from the settings the parent put in the environment; they share
nothing but the store, which every reader asks for its generation (the cache key), so a write by
any process, a worker or the CLI, shows in every worker's next answer. Meant for PostgreSQL; it
works on an SQLite file too (WAL: many readers, one writer at a time).
"""

from __future__ import annotations

import json
import os
from typing import Any

ENV = "STORYLINE_SERVE"  # JSON: {"db", "token_env", "hosts"} for the workers
# seconds a worker may take to answer the supervisor's ping before it is killed and replaced (uvicorn's
# 5 s kills busy workers on a loaded machine: a story computation holds the GIL for seconds)
HEALTHCHECK = 60


def app():
    """The app of one worker (uvicorn calls this in each worker process: factory=True)."""
    import gc

    from storyline.web import create_app, views
    from storyline.web.server import limit_logs

    config = json.loads(os.environ[ENV])
    token = os.environ.get(config["token_env"]) if config["token_env"] else None
    built = create_app(config["db"], token=token or None, hosts=config["hosts"])
    limit_logs()
    views.preload()  # as cli.serve._settle: import the stages now, keep them out of collections
    gc.collect()
    gc.freeze()
    return built


def serve_workers(
    db: str, *, workers: int, token_env: str | None, hosts: list[str] | None, host: str, port: int, **overrides: Any
) -> None:
    """Run `workers` processes serving the store at `db` (the token is read from `token_env` in each)."""
    import uvicorn

    from storyline.web.server import limit_logs, settings

    os.environ[ENV] = json.dumps({"db": db, "token_env": token_env, "hosts": hosts})
    limit_logs()
    overrides.setdefault("timeout_worker_healthcheck", HEALTHCHECK)
    uvicorn.run("storyline.web.workers:app", factory=True, workers=workers, host=host, port=port, **settings(**overrides))
