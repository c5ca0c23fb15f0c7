"""The two services of bench/relay.py as real uvicorn processes: contract (the relay) and payroll (the peer).

Each is started, stopped, killed and started again on its own, on the same port and database, so that the
bench can write a backlog while payroll is down or kill it mid-run. Contract's relay knows payroll's address
only (deploy/processes.py `subscribers_of` over the two), so its one lane is contract → payroll.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from deploy.processes import ServiceProcess, free_port, spawn, wait_until_up
from deploy.services import ServiceEntry, by_name
from tenurectl.processes import postgres_databases, postgres_server, run_auth_dir, service_env, sqlite_databases

NAMES = ("contract", "payroll")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of process `pid` so far (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Services:
    """The run's services by name: their database URLs, environments, ports and the live processes."""

    folder: Path
    databases: dict[str, str]
    entries: dict[str, ServiceEntry] = field(default_factory=dict)
    envs: dict[str, dict[str, str]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    live: dict[str, ServiceProcess] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entries = {name: by_name(name) for name in NAMES}
        self.ports = {name: free_port() for name in NAMES}
        urls = {name: f"http://127.0.0.1:{port}" for name, port in self.ports.items()}
        auth_dir = run_auth_dir(self.folder)
        self.envs = {name: service_env(entry, self.databases[name], urls, auth_dir)
                     for name, entry in self.entries.items()}

    def start(self, name: str) -> datetime:
        """Start `name` and wait until it answers /health; the moment it does."""
        process = spawn(self.entries[name], self.envs[name], self.ports[name],
                        log_path=self.folder / f"{name}.log", log_level="warning")
        self.live[name] = process
        wait_until_up([process], timeout=60)
        return datetime.now(UTC)

    def stop(self, name: str) -> None:
        if (process := self.live.pop(name, None)) is not None:
            process.stop()

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, a delivery in flight cut wherever it was."""
        if (process := self.live.pop(name, None)) is not None:
            process.process.send_signal(signal.SIGKILL)
            process.process.wait()

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far of each live service process (and, on PostgreSQL, of each server backend serving
        them), keyed `name:pid`: a process started meanwhile counts from zero."""
        seconds = {f"{name}:{p.process.pid}": cpu_seconds(p.process.pid) for name, p in self.live.items()}
        if self.postgres:
            seconds |= {f"postgres:{pid}": cpu_seconds(pid) for pid in self._backends()}
        return seconds

    @property
    def postgres(self) -> bool:
        return self.databases["contract"].startswith("postgresql")

    def _backends(self) -> list[int]:
        """The server processes connected to this run's databases now (the pools keep theirs open)."""
        names = [make_url(url).database for url in self.databases.values()]
        with psycopg.connect(postgres_server(), autocommit=True) as conn:
            pids = [row[0] for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = ANY(%s)", (names,))]
        return [pid for pid in pids if Path(f"/proc/{pid}/stat").exists()]

    def stop_all(self) -> None:
        for name in list(self.live):
            self.stop(name)


@contextlib.contextmanager
def services_on(database: str, folder: Path) -> Iterator[Services]:
    """Fresh databases (PostgreSQL: new ones on TENURECTL_POSTGRES_URL, dropped after; SQLite: files in `folder`)."""
    entries = [by_name(name) for name in NAMES]
    made = postgres_databases(postgres_server(), entries, keep=False) if database == "postgres" \
        else sqlite_databases(folder, entries)
    with made as urls:
        services = Services(folder, dict(urls))
        try:
            yield services
        finally:
            services.stop_all()


class CpuMeter:
    """CPU % of a core of each live service (of its PostgreSQL backends, of this process) from `start` to `read`."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._start: dict[str, float] = {}
        self._wall = 0.0

    def start(self) -> None:
        self._start = {**self._services.cpu(), "bench": time.process_time()}
        self._wall = time.perf_counter()

    def seconds(self) -> dict[str, float]:
        """CPU seconds of each since `start` (a process started meanwhile: since it started)."""
        now = {**self._services.cpu(), "bench": time.process_time()}
        totals: dict[str, float] = {}
        for key, value in now.items():
            name = key.split(":")[0]
            totals[name] = totals.get(name, 0.0) + value - self._start.get(key, 0.0)
        return totals

    def read(self) -> dict[str, float]:
        wall = time.perf_counter() - self._wall
        return {name: 100 * cpu / wall for name, cpu in self.seconds().items()}
