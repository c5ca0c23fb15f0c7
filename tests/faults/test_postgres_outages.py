"""Faults of PostgreSQL under the three services, as real uvicorn processes on a cluster of their own: two
restarts under load (pg_ctl restart -m fast, then the server down for a second), a read-only database, and a
kept-alive client's connection through a 500 and a 503.

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
DOWN_FOR = 1.0  # seconds the server stays down in the second restart (the first, pg_ctl restart, takes ~0.3 s)
SUBSCRIBERS = ("appraisal", "payroll")
DELIVERED_WITHIN = 30  # seconds for the relays to bring every manager to every subscriber
# One worker starts the system for the three tests; on a cluster of its own, it need not wait for the shared
# server's tests (the "postgres" group of tests/conftest.py).
pytestmark = pytest.mark.xdist_group("postgres_outages")


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    with postgres_system(tmp_path_factory.mktemp("pg-outages")) as running:
        yield running


def once_everywhere(system: System, codes: set[str]) -> None:
    """Each code registered once in the contract store and listed once in its read model, and known once to
    each subscriber (its relay delivered it once, its inbox applied it once)."""
    stored = system.registered()
    listed = Counter(c for (c,) in system.query("contract", "SELECT code FROM managers_view"))
    assert {c: stored[c] for c in codes} == dict.fromkeys(codes, 1), "lost or applied twice in the store"
    assert {c: listed[c] for c in codes} == dict.fromkeys(codes, 1), "lost from the contract's read model"
    for service in SUBSCRIBERS:
        wait_for(lambda: {c: system.known(service)[c] for c in codes} == dict.fromkeys(codes, 1),
                 DELIVERED_WITHIN, f"every manager known once to {service}")


def all_ready(system: System) -> None:
    for service, url in system.run.urls.items():
        answer = httpx.get(f"{url}/ready", timeout=10)
        assert answer.status_code == 200, (service, answer.status_code, answer.text)
    assert system.all_running(), "a service was restarted or exited"


def sound_and_writable(system: System) -> dict[str, int]:
    """Each service's hash chains intact (GET /verify) and its read models rebuilt from its events in one write
    transaction (POST /read-models/rebuild): a command on every service's database; the events checked, by
    service."""
    checked = {}
    for service in system.run.urls:
        with system.client(service) as http:
            verified, rebuilt = http.get("/verify"), http.post("/read-models/rebuild")
        assert verified.status_code == 200 and verified.json()["breaks"] == [], (service, verified.text)
        assert rebuilt.status_code == 200, (service, rebuilt.text)
        checked[service] = verified.json()["events_checked"]
    return checked


def down_for(system: System, seconds: float) -> None:
    system.cluster.stop("fast")
    time.sleep(seconds)
    system.cluster.start()


def test_a_restarted_database_answers_only_503_with_retry_after_and_loses_or_doubles_no_command(
        system: System) -> None:
    started, url = time.monotonic(), system.run.urls["contract"]
    reads = ["/managers", f"/enterprises/{system.enterprise_id}", "/ready"]
    with load(url, dict(system.client().headers), system.enterprise_id, WRITERS, reads) as tally:
        for fault in (system.cluster.restart, lambda: down_for(system, DOWN_FOR), lambda: None):
            before = len(tally.acknowledged)
            wait_for(lambda: len(tally.acknowledged) >= before + 20, 30, "20 commands acknowledged between faults")
            fault()
    assert not tally.wrong, tally.wrong[:5]
    assert tally.statuses[503] > 0 and tally.retried, f"the restart was not seen: {tally.statuses}"
    assert not tally.abandoned, f"commands never acknowledged: {sorted(tally.abandoned)}"
    with system.client() as http:
        after = http.post("/managers", json=manager("AFTER1", system.enterprise_id))
    assert after.status_code == 201, after.text
    codes = tally.acknowledged | {"AFTER1"}
    written = {c: n for c, n in system.registered().items() if c[:1] == "W"}
    once_everywhere(system, codes)
    checked = sound_and_writable(system)
    once_everywhere(system, codes)  # the rebuilt read model holds what the events say
    all_ready(system)
    print(f"postgres restarts under load: {tally.requests} requests, statuses {dict(sorted(tally.statuses.items()))}"
          f" {dict(sorted(tally.by_route.items()))}, {len(tally.acknowledged)} commands acknowledged "
          f"({len(tally.retried)} after a 503), lost {len(tally.acknowledged - set(written))}, applied twice "
          f"{sum(n > 1 for n in written.values())}, written unacknowledged {len(set(written) - tally.acknowledged)}, "
          f"chains intact and read models rebuilt ({checked} events), {time.monotonic() - started:.1f}s")


def test_a_read_only_database_answers_writes_503_with_retry_after_and_reads_200_until_writable_again(
        system: System) -> None:
    started, body, key = time.monotonic(), manager("RO0001", system.enterprise_id), {"Idempotency-Key": "ro-1"}
    with system.client() as http:
        assert http.post("/managers", json=manager("RO0000", system.enterprise_id)).status_code == 201
        system.cluster.read_only(True)  # the service's pooled sessions were open before: they see it too
        try:
            refused = [http.post("/managers", json=body, headers=key) for _ in range(3)]
            reads = [http.get("/managers"), http.get(f"/enterprises/{system.enterprise_id}")]
            ready = http.get("/ready")
        finally:
            system.cluster.read_only(False)
        landed = [http.post("/managers", json=body, headers=key) for _ in range(2)]  # the retry, and its replay
    assert all(database_outage(a) for a in refused), [(a.status_code, a.headers, a.text) for a in refused]
    assert [a.status_code for a in reads] == [200, 200], [a.text for a in reads]
    assert "RO0000" in {m["code"] for m in reads[0].json()["items"]}
    # ready (it still answers reads), saying why writes are refused
    assert ready.status_code == 200 and ready.json()["database"] == "read-only", ready.text
    assert [a.status_code for a in landed] == [201, 201] and landed[0].content == landed[1].content
    once_everywhere(system, {"RO0000", "RO0001"})
    all_ready(system)
    print(f"postgres read-only: 7 requests, writes {[a.status_code for a in refused]} then "
          f"{[a.status_code for a in landed]}, reads {[a.status_code for a in reads]}, lost 0, applied twice 0, "
          f"{time.monotonic() - started:.1f}s")


def local_port(answer: httpx.Response) -> int:
    """The client's port of the connection that carried `answer`, read while that connection is open."""
    return int(answer.extensions["network_stream"].get_extra_info("client_addr")[1])


def test_a_kept_alive_connection_is_answered_after_a_500_and_after_a_503(system: System) -> None:
    started, body = time.monotonic(), manager("KA0001", system.enterprise_id)
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    answers: list[httpx.Response] = []
    ports: list[int] = []

    def send(method: str, path: str, **kwargs: object) -> None:
        answers.append(http.request(method, path, **kwargs))  # type: ignore[arg-type]
        ports.append(local_port(answers[-1]))

    with system.client(limits=one) as http:
        send("GET", "/managers")
        execute(system, "contract", "ALTER TABLE managers_view RENAME TO managers_view_away")  # a fault of ours
        try:
            send("GET", "/managers")
            send("GET", "/health")
        finally:
            execute(system, "contract", "ALTER TABLE managers_view_away RENAME TO managers_view")
        system.cluster.read_only(True)
        try:
            send("POST", "/managers", json=body)
            send("GET", "/managers")
        finally:
            system.cluster.read_only(False)
        send("POST", "/managers", json=body)
    assert [a.status_code for a in answers] == [200, 500, 200, 503, 200, 201], [a.text for a in answers]
    assert "retry-after" not in answers[1].headers and "managers_view" not in answers[1].text
    assert outage_answer(answers[3])
    assert len(set(ports)) == 1, f"the connection was not kept: client ports {ports}"
    once_everywhere(system, {"KA0001"})
    print(f"kept-alive connection: 6 requests, statuses {[a.status_code for a in answers]}, 1 connection "
          f"(client port {ports[0]}), {time.monotonic() - started:.1f}s")
