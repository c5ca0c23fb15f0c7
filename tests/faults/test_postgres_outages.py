"""Faults of PostgreSQL under the three services, as real uvicorn processes on a cluster of their own: a restart
under load, a read-only database, and a kept-alive client's connection through a 500 and a 503.

Proven: every answer that is not 2xx is a 503 problem+json with Retry-After (no 500, no dropped connection);
afterwards every service answers and is ready without being restarted; a command acknowledged (201), or retried
under its Idempotency-Key until it was, is in the store once and reaches each subscriber once."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests.faults.postgres_load import database_outage, load, manager, outage_answer, wait_for
from tests.faults.postgres_system import System, execute, postgres_system

WRITERS = 4
DOWN_FOR = 1.0  # seconds the server stays down in the restart (a real one takes seconds, not a fraction)
SUBSCRIBERS = ("appraisal", "payroll")
DELIVERED_WITHIN = 30  # seconds for the relays to bring every manager to every subscriber


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    with postgres_system(tmp_path_factory.mktemp("pg-outages")) as running:
        yield running


def once_everywhere(system: System, codes: set[str]) -> None:
    """Each code registered once in the contract store and known once to each subscriber (its relay delivered
    it once, its inbox applied it once)."""
    stored = system.registered()
    assert {c: stored[c] for c in codes} == dict.fromkeys(codes, 1), "lost or applied twice in the store"
    for service in SUBSCRIBERS:
        wait_for(lambda: {c: system.known(service)[c] for c in codes} == dict.fromkeys(codes, 1),
                 DELIVERED_WITHIN, f"every manager known once to {service}")


def all_ready(system: System) -> None:
    for service, url in system.run.urls.items():
        answer = httpx.get(f"{url}/ready", timeout=10)
        assert answer.status_code == 200, (service, answer.status_code, answer.text)
    assert system.all_running(), "a service was restarted or exited"


def test_a_restarted_database_answers_only_503_with_retry_after_and_loses_or_doubles_no_command(
        system: System) -> None:
    started, url = time.monotonic(), system.run.urls["contract"]
    reads = ["/managers", f"/enterprises/{system.enterprise_id}", "/ready"]
    with load(url, dict(system.client().headers), system.enterprise_id, WRITERS, reads) as tally:
        wait_for(lambda: len(tally.acknowledged) >= 20, 30, "20 commands acknowledged before the restart")
        system.cluster.stop("fast")
        time.sleep(DOWN_FOR)
        system.cluster.start()
        after_restart = len(tally.acknowledged)
        wait_for(lambda: len(tally.acknowledged) >= after_restart + 20, 30, "20 more commands after the restart")
    assert not tally.wrong, tally.wrong[:5]
    assert tally.statuses[503] > 0 and tally.retried, f"the restart was not seen: {tally.statuses}"
    assert not tally.abandoned, f"commands never acknowledged: {sorted(tally.abandoned)}"
    with system.client() as http:
        after = http.post("/managers", json=manager("AFTER1", system.enterprise_id))
    assert after.status_code == 201, after.text
    codes = tally.acknowledged | {"AFTER1"}
    written = {c for c in system.registered() if c[:1] == "W"}
    once_everywhere(system, codes)
    all_ready(system)
    print(f"postgres restart under load: {tally.requests} requests, statuses {dict(sorted(tally.statuses.items()))}, "
          f"{len(tally.acknowledged)} commands acknowledged ({len(tally.retried)} after a 503), "
          f"lost {len(tally.acknowledged - written)}, applied twice 0, written unacknowledged "
          f"{len(written - tally.acknowledged)}, {time.monotonic() - started:.1f}s")
