"""A throw-away PostgreSQL server for the tests and benches: initdb into a temporary folder, a free
port on 127.0.0.1, stopped and deleted at the end. Debian's `postgresql` package provides the
binaries (PATH, else /usr/lib/postgresql/*/bin). As root, initdb and pg_ctl run as the `postgres`
system user, since PostgreSQL refuses to run as root."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SETTINGS = {  # a test server: durability off (a crash loses the server, not data we keep)
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "400",
    "shared_buffers": "64MB",
}


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


MISSING = ("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin:"
           " apt-get install postgresql (scripts/test.sh does)")


def start_server(fail) -> PgServer:
    """A started throw-away server; ``fail(MISSING)`` (which does not return) when there are no binaries."""
    folder = find_bin()
    if folder is None:
        fail(MISSING)
    return PgServer(folder).start()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """start() runs a server; url(name) names one of its databases; create_db() makes a fresh one."""

    def __init__(self, bin_dir: Path, settings: dict[str, str] | None = None):
        self.bin = bin_dir
        self.settings = {**SETTINGS, **(settings or {})}
        self.dir: Path | None = None
        self.port = 0
        self._names = itertools.count()
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True, cwd="/", check=False)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> PgServer:
        if self._as:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("PostgreSQL refuses to run as root and there is no postgres user to run it as"
                                   " (Debian's postgresql package creates one)") from None
        self.dir = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
        if self._as:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        for _ in range(5):  # another process may take the free port first
            self.port = free_port()
            try:
                self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w", "-t", "60",
                          "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.dir} {options}",
                          "start")
                return self
            except RuntimeError:
                log = (self.dir / "log").read_text(errors="replace") if (self.dir / "log").exists() else ""
                if "could not bind" not in log and "already in use" not in log:
                    raise
        raise RuntimeError("PostgreSQL found no free port")

    def stop(self) -> None:
        if self.dir is None:
            return
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(sql)

    def create_db(self) -> str:
        """A new empty database; its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE template0 STRATEGY FILE_COPY")
        return self.url(name)

    def drop_db(self, url: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")
