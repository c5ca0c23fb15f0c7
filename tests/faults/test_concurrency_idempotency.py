"""Fault: a client retries a POST while the first is still running, ten times at once with one Idempotency-Key.

The key is claimed before the command runs (shared/api/idempotency.py): one event is written and all ten
answers are the first answer, byte for byte. Through the HTTP APIs of the real apps on real databases."""

from __future__ import annotations

import time

import pytest

from tests.contract.api.helpers import event_count
from tests.faults.concurrency_helpers import IF_MATCH_ROUTES, Target, burst, enterprises, statuses
from tests.payroll.conftest import Services3, services3  # noqa: F401  (the fixture, for this folder)

DUPLICATES = 10
ROUTES = {**IF_MATCH_ROUTES, "enterprises": enterprises}


async def _written(target: Target) -> int:
    """Events on the target's stream; for a command that creates its stream, events in the service's feed."""
    return await target.version() if target.read else await event_count(target.api)


@pytest.mark.parametrize("route", sorted(ROUTES))
async def test_ten_concurrent_duplicates_of_one_key_write_one_event_and_all_get_the_first_answer(
    services3: Services3, route: str  # noqa: F811
) -> None:
    target = await ROUTES[route](services3)
    before, started = await _written(target), time.monotonic()
    headers = {"Idempotency-Key": f"retry-{route}"}
    answers = await burst([target.api.post(target.path, json=target.body(0), headers=headers)
                           for _ in range(DUPLICATES)])
    seen = statuses(answers)
    assert seen == {201: DUPLICATES}, (seen, [a.text for a in answers if a.status_code != 201][:3])
    assert len({a.content for a in answers}) == 1  # the same body: the first answer replayed
    assert len({a.headers.get("etag") for a in answers}) == 1  # with its version, where it had one
    assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == DUPLICATES - 1
    assert await _written(target) == before + 1  # one event: nothing applied twice, nothing lost
    print(f"{route}: {DUPLICATES} runs, statuses {seen}, lost 0, applied twice 0, {time.monotonic() - started:.1f}s")


async def test_a_duplicate_of_a_refused_request_runs_the_command_itself(services3: Services3) -> None:  # noqa: F811
    """Only successes are remembered: the key of a refused request stays free for the retry that may succeed."""
    target = await IF_MATCH_ROUTES["ratings"](services3)
    before, key = await target.version(), {"Idempotency-Key": "refused-then-fixed"}
    refused = await target.api.post(target.path, json={**target.body(0), "rating": "101"}, headers=key)
    assert refused.status_code == 422, refused.text
    fixed = await target.api.post(target.path, json=target.body(0), headers=key)
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers, fixed.text
    assert await target.version() == before + 1
