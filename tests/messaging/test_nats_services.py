"""The three services as real processes whose messages travel on NATS JetStream (no POST /inbox between them)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import httpx

from tenurectl.processes import started_services
from tests.auth import person
from tests.messaging.conftest import NATS_URL

GROUP_HR = person("集团人力资源部", "group_hr_admin@*", subject="hr.nats")


def known_managers(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT code, name FROM known_managers").fetchall()


def wait_for_managers(database: Path, timeout: float = 20.0) -> list[tuple[str, str]]:
    deadline = time.monotonic() + timeout
    while not (found := known_managers(database)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def test_a_manager_registered_in_contract_is_learned_by_appraisal_and_payroll_over_nats(
    tmp_path: Path, nats_prefix: str
) -> None:
    auth_dir = Path(os.environ["TENURE_AUTH_DIR"])  # the issuer tests/auth.py mints with
    with started_services(tmp_path, auth_dir=auth_dir, transport="nats", nats_url=NATS_URL,
                          nats_prefix=nats_prefix) as urls:
        http = httpx.Client(base_url=urls["contract"], headers=GROUP_HR, timeout=10)
        enterprise = http.post("/enterprises", json={"code": "E1", "name_zh": "成渝科技有限公司", "category": "market",
                                                      "has_board": True})
        assert enterprise.status_code == 201, enterprise.text
        manager = http.post("/managers", json={"code": "M1", "name": "赵磊", "level": "middle",
                                               "position": "middle_manager", "enterprise_id": enterprise.json()["id"]})
        assert manager.status_code == 201, manager.text
        learned = {service: wait_for_managers(tmp_path / f"{service}.db") for service in ("appraisal", "payroll")}
    assert learned == {"appraisal": [("M1", "赵磊")], "payroll": [("M1", "赵磊")]}
    logs = "".join((tmp_path / f"{s}.log").read_text() for s in ("contract", "appraisal", "payroll"))
    assert "not answering" not in logs and "refused" not in logs, logs
