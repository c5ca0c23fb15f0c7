"""tenurectl's waits scale with the work: a wait goes on as long as the services progress (one more account settled),
gives up only after `--stall-after` seconds without progress, and says how far it is on stderr every 5 s; a 409
with Retry-After is sent again under the same key, any other 409 is the answer; `--retry-for` and `--stall-after`
reach every client. A fake clock: no test waits."""

from __future__ import annotations

import logging

import httpx
import pytest

from tenurectl import patience, waiting
from tenurectl import payroll as pay
from tenurectl.cli import parser, run_command
from tenurectl.client import ServiceClient, ServiceError
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.identity import Bearer
from tests.tenurectl.tenurectl_samples import GOLDEN

OFFICER = Bearer("payroll-officer-token", "薪酬专员 (payroll_officer@E9)")
MANY = 1_000


class Clock:
    """Time that moves only when slept: each poll costs `step` seconds."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def monotonic(self) -> float:
        return self.now

    def sleep(self, _seconds: float) -> None:
        self.now += self.step


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(step=1.0)
    monkeypatch.setattr(waiting.time, "monotonic", fake.monotonic)
    monkeypatch.setattr(waiting.time, "sleep", fake.sleep)
    return fake


def slow_payroll(settled_per_poll: float, managers: int) -> tuple[ContractRecord, httpx.MockTransport]:
    """A payroll that settles a manager's 2023 every 1/settled_per_poll polls (each account read once a poll)."""
    record = ContractRecord("e-1", tuple(ManagerRecord(f"M{i:04d}", f"m-{i}", f"t-{i}", ()) for i in range(managers)))
    polls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        index = int(request.url.path.rsplit("-", 1)[1])
        settled = int(polls[0] * settled_per_poll)
        polls[0] += 1
        years = {"2023": {"performance_pay": "1.00"}} if index < settled else {}
        return httpx.Response(200, json={"settlements": years, "tenure_settlement": None})

    return record, httpx.MockTransport(handler)


def test_a_large_group_settling_slowly_is_waited_for_far_longer_than_the_stall_bound_with_progress_lines(
    clock: Clock, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    record, transport = slow_payroll(settled_per_poll=0.5, managers=MANY)  # one account a second
    wanted = {m.code: ["performance 2023"] for m in record.managers}
    monkeypatch.setattr(pay, "expected_settlements", lambda record, appraisal: wanted)
    client = ServiceClient("payroll", "http://payroll", transport=transport, patience=patience.Patience(stall_after=10))

    with caplog.at_level(logging.WARNING, "tenurectl"), client as payroll:
        answers = pay.finish_payroll_part(payroll, record, object(), OFFICER)  # type: ignore[arg-type]

    assert len(answers.accounts) == MANY and clock.now > 90 * 10  # ~1,000 s waited, never 10 s without progress
    lines = [r.getMessage() for r in caplog.records]
    assert "payroll: 344 of 1,000 accounts settled (next: M0344's performance 2023)" in lines
    assert 0.18 * clock.now <= len(lines) <= 0.21 * clock.now + 1  # one every 5 s
    assert lines[-1] == "payroll: 1,000 of 1,000 accounts settled"


def test_a_wait_that_sees_no_progress_gives_up_after_the_stall_bound_and_says_how_far_it_got(clock: Clock) -> None:
    record, transport = slow_payroll(settled_per_poll=0.1, managers=10)  # one account every 10 s or so
    record = ContractRecord("e-1", (*record.managers[:3], ManagerRecord("STUCK", "m-x", "t-999", ())))
    client = ServiceClient("payroll", "http://payroll", transport=transport, patience=patience.Patience(stall_after=30))
    appraisal = pay.AppraisalAnswers(annual={2023: {"members": [{"tenure_id": m.tenure_id} for m in record.managers]}})

    with client as payroll, pytest.raises(ServiceError) as raised:
        pay.finish_payroll_part(payroll, record, appraisal, OFFICER)

    assert "has not settled STUCK's performance 2023: no progress for 30 s (payroll: 3 of 4 accounts" in str(
        raised.value)
    assert raised.value.problem["missing"] == {"STUCK": ["performance 2023"]}
    assert 25 + 30 <= clock.now <= 32 + 30  # three settled by ~28 s, then the bound: counted from the last progress


def test_a_quick_wait_says_nothing_on_stderr(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    looks = iter([waiting.Look(False, 0, "not yet"), waiting.Look(True, 1, "done")])
    with caplog.at_level(logging.WARNING, "tenurectl"):
        assert waiting.until_done(lambda: next(looks), stall_after=60).line == "done"
    assert caplog.records == []


def test_time_a_look_spends_waiting_for_a_frozen_service_is_not_counted_as_no_progress(clock: Clock) -> None:
    frozen = [True]

    def look() -> waiting.Look:
        if frozen[0]:  # the service answers this look only after 90 s (the request ridden out by patience)
            clock.now += 90
            frozen[0] = False
            return waiting.Look(False, "nothing yet", "not yet")
        return waiting.Look(True, "settled", "done")

    assert waiting.until_done(look, stall_after=60).done and clock.now == 91


def test_a_409_with_retry_after_is_sent_again_under_the_same_key_and_a_plain_409_is_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(patience.time, "sleep", pauses.append)
    seen: list[httpx.Request] = []
    in_progress = {"status": 409, "rule": "idempotency_in_progress", "field": "Idempotency-Key"}
    stale = {"status": 409, "rule": "optimistic_concurrency", "field": "If-Match"}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/stale":
            return httpx.Response(409, json=stale)
        if len(seen) <= 2:
            return httpx.Response(409, json=in_progress, headers={"Retry-After": "1"})
        return httpx.Response(201, json={"id": "p-1"})

    with ServiceClient("payroll", "http://payroll", OFFICER, transport=httpx.MockTransport(handler)) as client:
        assert client.post("/pay-plans", {}) == {"id": "p-1"}
        with pytest.raises(ServiceError) as raised:
            client.post("/stale", {})

    assert pauses == [1.0, 1.0] and len({r.headers["Idempotency-Key"] for r in seen[:3]}) == 1
    assert len(seen) == 4 and raised.value.status == 409 and raised.value.problem == stale


def test_retry_for_and_stall_after_are_options_of_every_command_that_calls_the_services() -> None:
    top = parser()
    run = top.parse_args(["scenario", "run", "s.json", "--retry-for", "600", "--stall-after", "300"])
    assert patience.patience_of(run) == patience.Patience(retry_for=600, stall_after=300)
    for command in (["record", "M01"], ["changes", "M01", "--from", "2024-01-01"], ["verify"], ["rebuild"]):
        args = top.parse_args([*command, "--retry-for", "5"])
        assert patience.patience_of(args).retry_for == 5, command
    assert patience.patience_of(top.parse_args(["verify"])) == patience.Patience()
    with pytest.raises(SystemExit):
        top.parse_args(["verify", "--retry-for", "-1"])


def test_the_retry_bound_given_on_the_command_line_is_the_one_a_run_gives_up_after(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = parser().parse_args(["scenario", "run", str(GOLDEN), "--contract-url", "http://127.0.0.1:9",
                                "--retry-for", "0.5"])
    assert run_command(args) == 1  # after 0.5 s, not 120: nobody listens on port 9
    assert "contract not answering (ConnectError) for 0.5 s" in capsys.readouterr().err
