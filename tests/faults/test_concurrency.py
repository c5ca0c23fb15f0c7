"""Fault: many writers on one stream at once, through the HTTP APIs of the real apps on real databases.

With If-Match on one version exactly one writer wins and every other hears 409 `optimistic_concurrency` naming
If-Match; without it every writer lands (shared/api/routing.py decides each again on the fresh state with a
jittered backoff). Each test checks the stream's version afterwards: nothing lost, nothing applied twice."""

from __future__ import annotations

import time

import pytest

from tests.faults.concurrency_helpers import IF_MATCH_ROUTES, burst, ratings, clawbacks, statuses
from tests.payroll.conftest import Services3, services3  # noqa: F401  (the fixture, for this folder)

WRITERS = 50


@pytest.mark.parametrize("route", sorted(IF_MATCH_ROUTES))
async def test_fifty_writers_with_if_match_on_one_version_have_exactly_one_winner(
    services3: Services3, route: str  # noqa: F811
) -> None:
    target = await IF_MATCH_ROUTES[route](services3)
    version, started = await target.version(), time.monotonic()
    headers = {"If-Match": f'"{version}"'}
    answers = await burst([target.api.post(target.path, json=target.body(i), headers=headers) for i in range(WRITERS)])
    seen = statuses(answers)
    assert seen == {201: 1, 409: WRITERS - 1}, (seen, [a.text for a in answers if a.status_code not in (201, 409)])
    for refused in (a for a in answers if a.status_code == 409):
        assert (refused.json()["rule"], refused.json()["field"]) == ("optimistic_concurrency", "If-Match"), refused.text
    winner = next(a for a in answers if a.status_code == 201)
    assert int(winner.headers["etag"].strip('W/"')) == await target.version() == version + 1  # one event, once
    print(f"{route}: {WRITERS} runs, statuses {seen}, lost 0, applied twice 0, {time.monotonic() - started:.1f}s")


@pytest.mark.parametrize("make", [ratings, clawbacks], ids=["ratings", "clawbacks"])
async def test_fifty_writers_without_if_match_on_one_stream_all_land(services3: Services3, make) -> None:  # noqa: F811
    target = await make(services3)
    version, started = await target.version(), time.monotonic()
    answers = await burst([target.api.post(target.path, json=target.body(i)) for i in range(WRITERS)])
    seen = statuses(answers)
    assert seen == {201: WRITERS}, (seen, [a.text for a in answers if a.status_code != 201][:3])
    assert await target.version() == version + WRITERS  # each command's one event, none lost, none twice
    print(f"{make.__name__}: {WRITERS} runs, statuses {seen}, lost 0, applied twice 0, "
          f"{time.monotonic() - started:.1f}s")
