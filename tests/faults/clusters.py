"""A PostgreSQL cluster of a test's own (initdb + pg_ctl on a free port), so that a fault test may restart it, stop
it or make it read-only without disturbing the shared server or any other test; always stopped and removed.

Faults on it: `restart` (as pg_ctl restart -m fast: every session is ended, the server is back within a second or
so), `stop` / `start`, and `read_only(True)`: ALTER SYSTEM SET default_transaction_read_only + pg_reload_conf(),
which sessions already open (a service's pooled connections) see too, as `read_only` checks on one it held."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from deploy.processes import free_port

# the newest server installed (Debian's layout); 15 on the development machine
BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
          default=Path("/usr/lib/postgresql/15/bin"))
CTL_TIMEOUT = 30  # seconds pg_ctl waits for the server to start or stop
SEEN_WITHIN = 5.0  # seconds for a session to see a reloaded setting


@dataclass
class Cluster:
    folder: Path  # owned by postgres: the data directory, the socket and the server's log
    port: int
    options: str

    @property
    def server(self) -> str:
        """The URL of the maintenance database: the server to create databases on (tenurectl's
        TENURECTL_POSTGRES_URL)."""
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._ctl("-o", self.options, "-l", str(self.folder / "log"), "-w", "-t", str(CTL_TIMEOUT), "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "-t", str(CTL_TIMEOUT), "stop")

    def restart(self, mode: str = "fast") -> None:
        """Every session ended (a fast shutdown rolls back what is in progress), then the server started again:
        pg_ctl restart's stop and start, with the start's log file (restart takes none, and the server would
        keep pg_ctl's output open)."""
        self.stop(mode)
        self.start()

    def create_databases(self, *names: str) -> list[str]:
        """Each named database created; their URLs."""
        with self.admin() as conn:
            for name in names:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return [self.url(name) for name in names]

    @contextmanager
    def admin(self, database: str = "postgres") -> Iterator[psycopg.Connection[Any]]:
        """A superuser session outside any transaction, writable even while the server's default is read-only."""
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as conn:
            conn.execute("SET default_transaction_read_only = off")
            yield conn

    def read_only(self, on: bool) -> None:
        """Every transaction of every session read-only by default (or writable again), once the server and a
        session that was open before the switch both say so."""
        value = "on" if on else "off"
        with psycopg.connect(self.server, autocommit=True, connect_timeout=5) as witness, self.admin() as conn:
            conn.execute(f"ALTER SYSTEM SET default_transaction_read_only = {value}")
            conn.execute("SELECT pg_reload_conf()")
            deadline = time.monotonic() + SEEN_WITHIN
            while _setting(witness) != value:
                assert time.monotonic() < deadline, f"an open session did not see read-only {value}"
                time.sleep(0.05)

    def log_text(self) -> str:
        path = self.folder / "log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _ctl(self, *args: str) -> None:
        command = [*_as_postgres(), str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=2 * CTL_TIMEOUT)
        assert done.returncode == 0, f"pg_ctl {args[-1]}: {done.stdout}{done.stderr}\n{self.log_text()[-2000:]}"


def _setting(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SHOW default_transaction_read_only").fetchone()
    return str(row[0]) if row else ""


def _as_postgres() -> list[str]:
    """The server may not run as root: its commands run as postgres when the tests run as root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@contextmanager
def private_cluster(*settings: str) -> Iterator[Cluster]:
    """A new cluster started on a free port with the given `-c name=value` settings (fsync off: a test's data
    need not survive a power cut); stopped at once and removed afterwards, whatever happened."""
    if not (BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail(f"the PostgreSQL server binaries are required in CI but {BIN / 'initdb'} is missing")
        pytest.skip("the PostgreSQL server binaries are not installed")
    # Not under pytest's tmp_path: that is root's alone, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="tenure-pg-"))
    shutil.chown(folder, "postgres")
    port = free_port()
    options = " ".join([f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
                        *(f"-c {s}" for s in settings)])
    cluster = Cluster(folder, port, options)
    try:
        subprocess.run([*_as_postgres(), str(BIN / "initdb"), "-D", str(folder / "data"), "-A", "trust",
                        "-U", "postgres", "--no-sync"], check=True, capture_output=True, timeout=60)
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except AssertionError:
            pass  # never started, or already stopped
        shutil.rmtree(folder, ignore_errors=True)
