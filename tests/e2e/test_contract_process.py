"""The contract service as a real process: HTTP in, events out, outbox delivered to a real subscriber."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from tests.auth import person
from tests.contract.api.helpers import assert_problem
from tests.e2e.processes import free_port, service_process

GROUP_HR = person("集团人力资源部", "group_hr_admin@*", subject="hr.e2e")
AUDITOR = person("集团审计部", "auditor@*")


def received(consumer: str) -> list[dict]:
    answer = httpx.get(f"{consumer}/events", params={"limit": 1000}, headers=AUDITOR)
    events = answer.raise_for_status().json()["events"]
    return [e["payload"] for e in events]


def wait_for(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_contract_events_reach_a_subscriber_process_in_order_once_even_across_its_outage(
    database_url: str, tmp_path: Path
) -> None:
    consumer_port = free_port()
    consumer_env = {"CONSUMER_DATABASE_URL": f"sqlite:///{tmp_path / 'consumer.db'}"}
    contract_env = {
        "CONTRACT_DATABASE_URL": database_url,
        "CONTRACT_UPGRADE_ON_START": "true",
        "CONTRACT_SUBSCRIBERS": json.dumps({"appraisal": f"http://127.0.0.1:{consumer_port}"}),
    }
    log = tmp_path / "processes.log"
    with service_process("services.contract_svc.main:app", contract_env, log) as contract:
        http = httpx.Client(base_url=contract, headers=GROUP_HR, timeout=10)
        enterprise = http.post("/enterprises", json={"code": "E1", "name_zh": "成渝科技有限公司", "category": "market", "has_board": True}).json()
        bad = http.post("/managers", json={"code": "M1", "name": "赵磊", "level": "middle", "position": "middle_manager", "enterprise_id": "00000000-0000-0000-0000-000000000000"})
        assert_problem(bad, 404, field="enterprise_id", rule="exists")

        with service_process("tests.e2e.consumer_app:app", consumer_env, log, port=consumer_port) as consumer:
            policy = http.post("/policies", json={"name": "market", "category": "market",
                                                  "effective_from": "2020-01-01"}).json()
            wait_for(lambda: len(received(consumer)) == 2)

        # The subscriber is down: commands still succeed, their messages wait in the outbox.
        manager = http.post("/managers", json={"code": "M1", "name": "赵磊", "level": "middle", "position": "middle_manager", "enterprise_id": enterprise["id"]})
        assert manager.status_code == 201, manager.text
        revision = {"parameters": {}, "effective_from": "2021-01-01", "reason": "年度修订"}
        assert http.post(f"/policies/{policy['id']}/versions", json=revision).status_code == 201
        time.sleep(0.5)

        with service_process("tests.e2e.consumer_app:app", consumer_env, log, port=consumer_port) as consumer:
            wait_for(lambda: len(received(consumer)) == 4)
            time.sleep(0.3)
            receipts = received(consumer)
    assert len({r["message_id"] for r in receipts}) == 4, "a message was applied twice"
    policy_versions = [r["version"] for r in receipts if r["stream_id"] == policy["id"]]
    assert policy_versions == [1, 2], "messages of one stream arrived out of order"
    assert {r["type"] for r in receipts} == {"Enterprise.Registered", "Policy.Adopted", "Manager.Registered",
                                             "Policy.Revised"}
