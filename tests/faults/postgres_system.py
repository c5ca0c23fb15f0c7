"""The three services as real uvicorn processes (tenurectl's `started_run`) on a PostgreSQL cluster of their own,
for the database fault tests; and what their databases hold, read directly (not through the services)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tenurectl.processes import POSTGRES_ENV, Run, started_run
from tests.auth import staff
from tests.faults.clusters import Cluster, private_cluster

HR = staff("hr.faults")
ENTERPRISE = {"code": "E1", "name_zh": "成渝科技有限公司", "category": "market", "has_board": True}


@dataclass
class System:
    cluster: Cluster
    run: Run
    enterprise_id: str

    def database(self, service: str) -> str:
        entry, env, _ = self.run.plans[service]
        return env[f"{entry.env_prefix}DATABASE_URL"]

    def query(self, service: str, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database(service), connect_timeout=5) as conn:
            return conn.execute(statement, params).fetchall()

    def registered(self) -> Counter[str]:
        """How many Manager.Registered events the contract store holds, by manager code."""
        rows = self.query("contract", "SELECT convert_from(state, 'UTF8')::json->>'code' FROM events "
                                      "WHERE topic LIKE %s", "%Manager.Registered")
        return Counter(code for (code,) in rows)

    def known(self, service: str) -> Counter[str]:
        """The managers a subscriber has learnt from the contract service's messages, by code."""
        return Counter(code for (code,) in self.query(service, "SELECT code FROM known_managers"))

    def client(self, service: str = "contract", **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.run.urls[service], headers=HR, timeout=30, **kwargs)

    def all_running(self) -> bool:
        """Every service is still the process it was started as: none was restarted, none exited."""
        return all(p.process.poll() is None for p in self.run.processes.values())


@contextmanager
def postgres_system(folder: Path) -> Iterator[System]:
    """A private cluster, the three services on it (each its own database, relays on), one enterprise."""
    with private_cluster() as cluster, pytest.MonkeyPatch.context() as patch:
        patch.setenv(POSTGRES_ENV, cluster.server)  # started_run creates the run's databases there
        with started_run(folder, "postgres", auth_dir=Path(os.environ["TENURE_AUTH_DIR"])) as run:
            with httpx.Client(base_url=run.urls["contract"], headers=HR, timeout=30) as http:
                created = http.post("/enterprises", json=ENTERPRISE)
                assert created.status_code == 201, created.text
            yield System(cluster, run, created.json()["id"])


def execute(system: System, service: str, statement: str) -> None:
    """One statement on a service's database as its owner, outside any transaction, writable even when the
    server is read-only."""
    with psycopg.connect(system.database(service), autocommit=True, connect_timeout=5) as conn:
        conn.execute("SET default_transaction_read_only = off")
        conn.execute(statement)
