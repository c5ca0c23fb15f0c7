"""Fault: fifty writers on one stream of a real contract service process (uvicorn, real sockets, PostgreSQL).

In process the writers share one event loop with the service; here they race as a production client's would:
with If-Match on one version exactly one wins, without it all fifty land, and ten duplicates of one
Idempotency-Key get one answer. The enterprise's version (its ETag) counts the events: none lost, none twice."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.auth import person
from tests.e2e.processes import service_process
from tests.faults.concurrency_helpers import burst, statuses

HR = person("集团人力资源部", "group_hr_admin@*", subject="hr.faults")
WRITERS = 50


def grant(i: int) -> dict[str, str]:
    return {"role": "chairman", "person_name": f"董事{i:02d}", "scope": "other_managers", "granted_by": "board",
            "decision_ref": f"董决〔2022〕{i}号"}


async def version(http: httpx.AsyncClient, enterprise: str) -> tuple[int, int]:
    """The enterprise's version and how many signing authorisations it holds."""
    answer = await http.get(f"/enterprises/{enterprise}")
    assert answer.status_code == 200, answer.text
    return int(answer.headers["etag"].strip('"')), len(answer.json()["authorisations"])


@pytest.mark.parametrize("backend", ["postgres"])
async def test_fifty_writers_on_one_stream_of_a_real_process_with_and_without_if_match(
    database_url: str, tmp_path: Path
) -> None:
    env = {"CONTRACT_DATABASE_URL": database_url, "CONTRACT_UPGRADE_ON_START": "true"}
    limits = httpx.Limits(max_connections=WRITERS, max_keepalive_connections=WRITERS)
    with service_process("services.contract_svc.main:app", env, tmp_path / "contract.log") as url:
        async with httpx.AsyncClient(base_url=url, headers=HR, timeout=30, limits=limits) as http:
            body = {"code": "E1", "name_zh": "成渝科技有限公司", "category": "market", "has_board": True}
            enterprise = (await http.post("/enterprises", json=body)).json()["id"]
            path, started = f"/enterprises/{enterprise}/signing-authorisations", time.monotonic()

            matched = await burst([http.post(path, json=grant(i), headers={"If-Match": '"1"'}) for i in range(WRITERS)])
            assert statuses(matched) == {201: 1, 409: WRITERS - 1}, statuses(matched)
            assert {(a.json()["rule"], a.json()["field"]) for a in matched if a.status_code == 409} == {
                ("optimistic_concurrency", "If-Match")}
            assert await version(http, enterprise) == (2, 1)

            free = await burst([http.post(path, json=grant(100 + i)) for i in range(WRITERS)])
            assert statuses(free) == {201: WRITERS}, [a.text for a in free if a.status_code != 201][:3]
            assert await version(http, enterprise) == (2 + WRITERS, 1 + WRITERS)

            key = {"Idempotency-Key": "batch-job-retry"}
            duplicates = await burst([http.post(path, json=grant(999), headers=key) for _ in range(10)])
            assert statuses(duplicates) == {201: 10} and len({a.content for a in duplicates}) == 1
            assert await version(http, enterprise) == (3 + WRITERS, 2 + WRITERS)
    print(f"process: {2 * WRITERS + 10} runs, statuses {statuses(matched)} / {statuses(free)} / "
          f"{statuses(duplicates)}, lost 0, applied twice 0, {time.monotonic() - started:.1f}s")
