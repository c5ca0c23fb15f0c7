"""A real service process trusts only tokens of its issuer: a request with none, an expired one or one another
issuer signed is 401 problem+json and writes nothing; what `tenurectl token` prints opens it, and the events
record that token's subject and roles."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from deploy.services import ROOT
from shared.auth.local import LocalIssuer
from tests.auth import bearer, token
from tests.e2e.processes import service_process

ENTERPRISE = {"code": "E1", "name_zh": "成渝科技有限公司", "category": "market", "has_board": True}
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def contract(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The contract service as a uvicorn process, trusting the tests' local issuer (TENURE_AUTH_DIR)."""
    env = {"CONTRACT_DATABASE_URL": database_url, "CONTRACT_UPGRADE_ON_START": "true",
           "CONTRACT_RELAY_ENABLED": "false"}
    with service_process("services.contract_svc.main:app", env, tmp_path / "contract.log") as url:
        yield url


def tenurectl_token(*args: str) -> str:
    """What `python -m tenurectl token ...` prints, with the tests' auth folder in its environment."""
    command = [sys.executable, "-m", "tenurectl", "token", *args]
    done = subprocess.run(command, cwd=ROOT, env=os.environ, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def enterprises(contract: str) -> int:
    answer = httpx.get(f"{contract}/enterprises", headers=bearer("reader", ["auditor@*"]), timeout=10)
    return int(answer.raise_for_status().json()["total"])


def first_in_feed(contract: str, reader: str, kind: str, timeout: float = 20.0) -> dict[str, Any]:
    """The first event of `kind` in the feed, once it is there: on PostgreSQL the feed holds back events while
    any older transaction on the server is open, so that none is ever skipped."""
    deadline = time.monotonic() + timeout
    while True:
        feed = httpx.get(f"{contract}/events", headers={"Authorization": f"Bearer {reader}"}, timeout=10)
        found = [e for e in feed.raise_for_status().json()["events"] if e["type"] == kind]
        if found or time.monotonic() > deadline:
            assert found, f"no {kind} in the feed after {timeout:.0f} s"
            return found[0]
        time.sleep(0.1)


def assert_refused(answer: httpx.Response, rule: str) -> None:
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM_JSON)
    problem = answer.json()
    assert (problem["status"], problem["rule"], problem["field"]) == (401, rule, "Authorization")


def test_a_request_without_a_token_is_refused_with_401_problem_json_and_writes_nothing(contract: str) -> None:
    read = httpx.get(f"{contract}/enterprises", timeout=10)
    write = httpx.post(f"{contract}/enterprises", json=ENTERPRISE, headers={"X-Actor": "chairman"}, timeout=10)

    assert_refused(read, "token_required")
    assert_refused(write, "token_required")
    assert enterprises(contract) == 0
    assert httpx.get(f"{contract}/health", timeout=10).status_code == 200, "health needs no token"


def test_an_expired_token_is_refused_with_401_problem_json_and_writes_nothing(contract: str) -> None:
    nine_hours_ago = time.time() - 9 * 3600
    expired = token("hr.old", ["group_hr_admin@*"], now=nine_hours_ago)  # valid for 8 hours from then

    answer = httpx.post(f"{contract}/enterprises", json=ENTERPRISE, timeout=10,
                        headers={"Authorization": f"Bearer {expired}"})

    assert_refused(answer, "token_expired")
    assert enterprises(contract) == 0


def test_a_token_of_another_local_issuer_is_refused(contract: str, tmp_path: Path) -> None:
    forged = LocalIssuer(tmp_path / "someone-elses-key").mint("hr.forged", roles=["group_hr_admin@*"])

    answer = httpx.post(f"{contract}/enterprises", json=ENTERPRISE, timeout=10,
                        headers={"Authorization": f"Bearer {forged}"})

    assert_refused(answer, "token_key")
    assert enterprises(contract) == 0


def test_a_token_printed_by_tenurectl_opens_the_service_and_the_event_records_its_subject_and_role(
    contract: str,
) -> None:
    admin = tenurectl_token("--user", "集团人力资源部", "--subject", "u-hr-7", "--role", "group_hr_admin@*")
    auditor = tenurectl_token("--user", "集团审计部", "--role", "auditor@*")

    created = httpx.post(f"{contract}/enterprises", json=ENTERPRISE, timeout=10,
                         headers={"Authorization": f"Bearer {admin}", "X-Actor": "someone else"})

    assert created.status_code == 201, created.text
    registered = first_in_feed(contract, auditor, "Enterprise.Registered")
    assert (registered["actor"], registered["actor_name"]) == ("u-hr-7", "集团人力资源部")
    assert registered["actor_roles"] == ["group_hr_admin@*"]
