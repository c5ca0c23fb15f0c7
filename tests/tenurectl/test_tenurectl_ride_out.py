"""tenurectl rides out a service restart: no answer or 503 is retried with backoff under the same Idempotency-Key,
a Retry-After is honoured, the total is bounded, and each retry says on stderr what it waits for."""

from __future__ import annotations

import logging

import httpx
import pytest

from tenurectl import patience
from tenurectl.client import ServiceClient, ServiceError
from tenurectl.identity import Bearer

HR = Bearer("hr-token", "张红 (enterprise_hr@E1)")


@pytest.fixture(autouse=True)
def no_real_pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    pauses: list[float] = []
    monkeypatch.setattr(patience.time, "sleep", pauses.append)
    return pauses


def test_a_post_through_a_restart_is_sent_again_under_the_same_key_until_it_is_answered(
    no_real_pauses: list[float], caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) <= 5:
            raise httpx.ConnectError("refused", request=request)
        if len(seen) == 6:
            return httpx.Response(503, json={"status": 503})
        return httpx.Response(201, json={"id": "e-1"})

    with caplog.at_level(logging.WARNING, "tenurectl"), ServiceClient(
            "payroll", "http://payroll", HR, transport=httpx.MockTransport(handler)) as client:
        assert client.post("/enterprises", {"code": "E1"}) == {"id": "e-1"}

    assert len({r.headers["Idempotency-Key"] for r in seen}) == 1 and len(seen) == 7
    assert len(no_real_pauses) == 6 and max(no_real_pauses[:5]) <= patience.FIRST_PAUSE * 2 ** 4  # capped, growing
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 6 and messages[2].startswith("payroll not answering (ConnectError), retrying in ")
    assert messages[2].endswith("(attempt 4)") and messages[5].startswith("payroll unavailable (503)")


def test_a_retry_after_is_honoured(no_real_pauses: list[float]) -> None:
    answers = iter([httpx.Response(503, headers={"Retry-After": "3"}), httpx.Response(200, json={"ok": True})])
    with ServiceClient("contract", "http://contract", HR,
                       transport=httpx.MockTransport(lambda request: next(answers))) as client:
        assert client.get("/tenures") == {"ok": True}
    assert no_real_pauses == [3.0]


def test_a_service_that_never_answers_is_given_up_on_after_the_bound(
    monkeypatch: pytest.MonkeyPatch, no_real_pauses: list[float],
) -> None:
    now = [0.0]
    monkeypatch.setattr(patience.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(patience.time, "sleep", lambda s: (no_real_pauses.append(s), now.__setitem__(0, now[0] + s)))

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with ServiceClient("appraisal", "http://appraisal", HR, transport=httpx.MockTransport(handler),
                       patience=patience.Patience(retry_for=20.0)) as client:
        with pytest.raises(ServiceError) as raised:
            client.post("/cycles", {})
    assert sum(no_real_pauses) <= 20.0 and max(no_real_pauses) <= patience.LONGEST_PAUSE
    assert raised.value.status is None and "not answering (ConnectError) for 20 s" in raised.value.problem
