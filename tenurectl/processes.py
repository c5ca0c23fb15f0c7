"""The services of a run: each one deploy/services.py lists, as its own process on a fresh database.

SQLite files in the run's folder by default; with PostgreSQL, one new database per service on the server
named by TENURECTL_POSTGRES_URL, dropped at the end unless kept. Every service of a run trusts one local token
issuer, whose key is in the run's auth folder (TENURE_AUTH_DIR): the tokens tenurectl mints from that folder.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from deploy.processes import ServiceProcess, free_port, running, spawn, subscribers_of, wait_until_up
from deploy.services import SERVICES, ServiceEntry

POSTGRES_ENV = "TENURECTL_POSTGRES_URL"
AUTH_DIR_ENV = "TENURE_AUTH_DIR"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_NATS = "nats://127.0.0.1:4222"
log = logging.getLogger("tenurectl")


class DatabaseSetupError(Exception):
    """The PostgreSQL server would not create (or drop) the run's databases."""


def run_auth_dir(folder: Path) -> Path:
    """The auth folder of a run whose services start in `folder`: its own key, gone with the folder."""
    return folder / "auth"


def postgres_server() -> str:
    return os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES)


def database_url_on(server: str, name: str) -> str:
    """The URL of database `name` on the server of `server` (user, host, port and options kept)."""
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def sqlite_databases(folder: Path, services: Sequence[ServiceEntry]) -> Iterator[dict[str, str]]:
    """One SQLite file per service in `folder`; the files go with the folder."""
    yield {entry.name: f"sqlite:///{folder / f'{entry.name}.db'}" for entry in services}


@contextmanager
def postgres_databases(server: str, services: Sequence[ServiceEntry], keep: bool) -> Iterator[dict[str, str]]:
    """A new database `tenure_run_<random>_<service>` per service; dropped WITH (FORCE) at the end unless `keep`."""
    run = secrets.token_hex(4)
    names = {entry.name: f"tenure_run_{run}_{entry.name}" for entry in services}
    created: list[str] = []
    try:
        with _admin(server) as conn:
            for name in names.values():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                created.append(name)
        yield {service: database_url_on(server, name) for service, name in names.items()}
    finally:
        if keep and created:
            log.warning("kept the databases %s on %s", ", ".join(created), server)
        elif created:
            with _admin(server) as conn:
                for name in created:
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def _admin(server: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection outside any transaction (CREATE and DROP DATABASE need one); its errors made plain."""
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
            yield conn
    except psycopg.Error as error:
        raise DatabaseSetupError(f"PostgreSQL at {server} (${POSTGRES_ENV}): {error}".strip()) from None


def service_env(entry: ServiceEntry, database_url: str, urls: dict[str, str], auth_dir: Path) -> dict[str, str]:
    """The settings of one service of the run: its database, migrations at start, its relay to the others (woken
    by each commit), and the run's auth folder (the local issuer's key, the message master key)."""
    prefix = entry.env_prefix
    return {
        AUTH_DIR_ENV: str(auth_dir),
        f"{prefix}DATABASE_URL": database_url,
        f"{prefix}UPGRADE_ON_START": "true",
        f"{prefix}RELAY_ENABLED": "true",
        f"{prefix}SUBSCRIBERS": subscribers_of(entry, urls),
    }


def transport_env(entry: ServiceEntry, transport: str, nats_url: str, nats_prefix: str) -> dict[str, str]:
    """How the service's messages travel: over HTTP, or on NATS under the run's own subjects and streams."""
    prefix = entry.env_prefix
    return {f"{prefix}TRANSPORT": transport, f"{prefix}NATS_URL": nats_url, f"{prefix}NATS_PREFIX": nats_prefix}


def run_nats_prefix() -> str:
    """A prefix of its own for a run's NATS subjects and streams, so that runs never share a stream."""
    return f"run{secrets.token_hex(4)}"


@dataclass
class Run:
    """A run's services: their base URLs by name, and each process, to stop or start again (an outage)."""

    urls: dict[str, str]
    processes: dict[str, ServiceProcess]
    plans: dict[str, tuple[ServiceEntry, Mapping[str, str], int]]
    folder: Path

    def kill(self, name: str) -> None:
        """The service dies at once (SIGKILL): no shutdown, whatever it was doing left half done."""
        process = self.processes[name].process
        process.kill()
        process.wait()

    def start(self, name: str) -> None:
        """The service started again on its port and database; back once it answers /ready."""
        entry, env, port = self.plans[name]
        process = spawn(entry, env, port, log_path=self.folder / f"{name}.log", log_level="warning")
        self.processes[name] = process
        wait_until_up([process])


@contextmanager
def started_services(
    folder: Path, database: str = "sqlite", keep: bool = False, services: Sequence[ServiceEntry] | None = None,
    auth_dir: Path | None = None, transport: str = "http", nats_url: str = DEFAULT_NATS,
    nats_prefix: str | None = None,
) -> Iterator[dict[str, str]]:
    """Start `services` (every service of deploy/services.py by default) on free ports; yield name → base URL.
    `started_run` takes the same arguments and yields the `Run`."""
    with started_run(folder, database, keep, services, auth_dir, transport, nats_url, nats_prefix) as run:
        yield run.urls


@contextmanager
def started_run(
    folder: Path, database: str = "sqlite", keep: bool = False, services: Sequence[ServiceEntry] | None = None,
    auth_dir: Path | None = None, transport: str = "http", nats_url: str = DEFAULT_NATS,
    nats_prefix: str | None = None, settings: Mapping[str, str] | None = None, workers: int = 1,
) -> Iterator[Run]:
    """Start `services` (every service of deploy/services.py by default) on free ports.

    Logs go to `folder`; the services trust the local issuer of `auth_dir` (by default `folder`/auth, made on
    their first start). The processes stop, and PostgreSQL databases are dropped, when the block ends. With
    `transport="nats"` messages travel on `nats_url` under `nats_prefix` (random by default); the caller deletes
    that run's streams (shared.delivery.nats.delete_streams) when it wants them gone. `settings` are more
    settings for every service, named without their service's prefix (e.g. `RELAY_BATCH_SIZE`). `workers`: uvicorn
    worker processes per service (its WEB_CONCURRENCY), all on the service's one database.
    """
    auth_dir = auth_dir or run_auth_dir(folder)
    nats_prefix = nats_prefix or run_nats_prefix()
    entries = list(SERVICES if services is None else services)
    if database == "postgres":
        databases = postgres_databases(postgres_server(), entries, keep)
    else:
        databases = sqlite_databases(folder, entries)
    with databases as urls_of_db:
        ports = {entry.name: free_port() for entry in entries}
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        plans = {e.name: (e, service_env(e, urls_of_db[e.name], urls, auth_dir)
                          | transport_env(e, transport, nats_url, nats_prefix)
                          | {f"{e.env_prefix}{k}": v for k, v in (settings or {}).items()}
                          | {"WEB_CONCURRENCY": str(workers)}, ports[e.name])
                 for e in entries}
        with running(list(plans.values()), folder) as processes:
            log.info("started %s", ", ".join(f"{p.entry.name} at {p.url}" for p in processes))
            run = Run(urls, {p.entry.name: p for p in processes}, plans, folder)
            try:
                yield run
            finally:
                for name, process in run.processes.items():
                    if process not in processes:
                        process.stop()
