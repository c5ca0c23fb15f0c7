"""Fault: the integrators' example (docs/examples/batch_client.py) rides out lost answers and a kill -9 of the
contract service.

The example runs as a batch job would (its own process, four threads: 30 managers registered, 30 signing
authorisations written If-Match on one enterprise) against a real contract service process, through a proxy that
loses the answer of every 4th success (10 at most: the command landed, the client hears nothing). Once a third of
the authorisations are in, the service is killed (SIGKILL) and started again on the same port a second later.
The example must finish by itself, and every command must have been applied exactly once: each manager once,
each authorisation once, the enterprise's version (its ETag) 1 + the authorisations, no event more. A client that
made a new key for a retry fails here: the lost manager registrations would be refused as codes taken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.auth import person, token
from tests.e2e.processes import ROOT, free_port, spawned
from tests.faults.lossy_proxy import lossy_proxy

EXAMPLE = ROOT / "docs" / "examples" / "batch_client.py"
APP = "services.contract_svc.main:app"
HR = ("batch.job", ["group_hr_admin@*"])
MANAGERS = SIGNERS = 30
AUDITOR = person("集团审计部", "auditor@*")


def started_example(url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TENURE_TOKEN": token(HR[0], HR[1], name="批量任务")}
    command = [sys.executable, str(EXAMPLE), "--url", url, "--code", "EB1", "--managers", str(MANAGERS),
               "--signers", str(SIGNERS), "--workers", "4", "--give-up-after", "60"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def authorisations_made(http: httpx.Client) -> int:
    """How many authorisations the enterprise holds so far (0 before it exists)."""
    items = http.get("/enterprises").json()["items"]
    if not items:
        return 0
    return len(http.get(f"/enterprises/{items[0]['id']}").json()["authorisations"])


def until(condition, example: subprocess.Popen[str], timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert example.poll() is None, f"the example ended before the kill: {example.communicate()}"
        assert time.monotonic() < deadline, "the example made no progress"
        time.sleep(0.02)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_batch_client_example_rides_out_a_kill_of_the_service_applying_every_command_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    env, port, log = {"CONTRACT_DATABASE_URL": database_url, "CONTRACT_UPGRADE_ON_START": "true"}, free_port(), \
        tmp_path / "contract.log"
    with lossy_proxy(port, every=4, most=10) as proxy:
        with spawned(APP, env, log, port) as (url, first):
            example = started_example(f"http://127.0.0.1:{proxy.port}")
            with httpx.Client(base_url=url, headers=AUDITOR, timeout=5) as http:
                until(lambda: authorisations_made(http) >= SIGNERS // 3, example)
            first.kill()  # SIGKILL: no shutdown, answers in flight lost
            first.wait()
        time.sleep(1.0)  # the example meets a refused connection meanwhile
        with spawned(APP, env, log, port) as (url, _):
            out, err = example.communicate(timeout=60)
            assert example.returncode == 0, f"{err}\n(the service's log: {log})"
            summary = json.loads(out)
            with httpx.Client(base_url=url, headers=AUDITOR, timeout=10) as http:
                enterprise = http.get(f"/enterprises/{summary['enterprise_id']}")
                managers = http.get("/managers", params={"enterprise_id": summary["enterprise_id"], "page_size": 500})
                enterprises = http.get("/enterprises").json()["total"]
    refs = [a["decision_ref"] for a in enterprise.json()["authorisations"]]
    codes = [m["code"] for m in managers.json()["items"]]
    assert enterprises == 1 and sorted(refs) == sorted(f"EB1-董决-{i}" for i in range(SIGNERS))
    assert enterprise.headers["etag"] == f'"{1 + SIGNERS}"'  # one event per authorisation: none lost, none twice
    assert sorted(codes) == [f"EB1-M{i:03d}" for i in range(MANAGERS)]
    unanswered = sum(count for met, count in summary["seen"].items() if not met.isdigit())
    assert proxy.lost == 10 and unanswered > proxy.lost, f"the example never met the outage: {summary['seen']}"
    print(f"\nbatch client through 10 lost answers and a kill -9: {summary}")
