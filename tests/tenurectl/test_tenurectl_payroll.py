"""How tenurectl drives payroll: plans once the tenure is learned, base for every month, then waits for settlements."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import pytest

from tenurectl import pay_plans, payroll as pay
from tenurectl import waiting
from tenurectl.appraisal import AppraisalAnswers
from tenurectl.client import ServiceClient, ServiceError
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.identity import Bearer
from tenurectl.patience import STALL_AFTER, Patience
from tests.tenurectl.tenurectl_samples import TENURE_DGM, TENURE_GM, member, small_scenario

ENTERPRISE = "44444444-4444-4444-4444-444444444444"
OFFICER = Bearer("payroll-officer-token", "薪酬专员 (payroll_officer@E9)")
RECORD = ContractRecord(
    ENTERPRISE, (ManagerRecord("G1", "m-1", TENURE_GM, ()), ManagerRecord("D1", "m-2", TENURE_DGM, ()))
)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waiting, "POLL_SECONDS", 0)


def client(handler: Any, stall_after: float = STALL_AFTER) -> ServiceClient:
    return ServiceClient("payroll", "http://payroll", transport=httpx.MockTransport(handler),
                         patience=Patience(stall_after=stall_after))


def problem(status: int, rule: str, field: str = "tenure_id") -> httpx.Response:
    return httpx.Response(status, json={"status": status, "rule": rule, "field": field})


def test_the_months_run_from_the_tenures_first_month_to_its_last_both_included() -> None:
    months = pay.periods(date(2022, 3, 1), date(2024, 12, 31))

    assert (len(months), months[0], months[-1]) == (34, "2022-03", "2024-12")
    assert months[9:11] == ["2022-12", "2023-01"]
    assert pay.periods(date(2023, 7, 31), date(2023, 7, 31)) == ["2023-07"]


def test_the_pay_plan_is_the_scenarios_base_and_performance_as_decimal_strings() -> None:
    body = pay_plans.pay_plan_body(small_scenario(), RECORD.managers[0])

    assert body == {"tenure_id": TENURE_GM, "base": "300000", "performance": "450000"}


def test_the_plan_is_sent_again_under_one_key_until_payroll_has_learned_the_tenure() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) < 3:
            return problem(404, "known_tenure")
        return httpx.Response(201, json={"tenure_id": TENURE_GM, "lines": []})

    with client(handler) as payroll:
        accounts = pay_plans.plan_when_known(
            payroll, {"G1": {"tenure_id": TENURE_GM, "base": "1", "performance": "2"}}, OFFICER)

    assert accounts["G1"]["tenure_id"] == TENURE_GM and len(seen) == 3
    assert len({request.headers["Idempotency-Key"] for request in seen}) == 1
    assert {request.url.path for request in seen} == {"/pay-plans"}


def test_a_plan_refused_for_another_reason_stops_the_run_at_once() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return problem(422, "min_performance_share")

    with client(handler) as payroll, pytest.raises(ServiceError) as raised:
        pay_plans.plan_when_known(payroll, {"G1": {"tenure_id": TENURE_GM, "base": "9", "performance": "1"}}, OFFICER)

    assert len(seen) == 1 and raised.value.problem["rule"] == "min_performance_share"


def test_a_tenure_payroll_never_learns_is_named_when_the_wait_runs_out() -> None:
    refusing = client(lambda request: problem(404, "known_tenure"), stall_after=0)
    with refusing as payroll, pytest.raises(ServiceError) as raised:
        pay_plans.plan_when_known(payroll, {"G1": {"tenure_id": TENURE_GM, "base": "1", "performance": "2"}}, OFFICER)

    assert f"has not learned tenure {TENURE_GM}" in str(raised.value) and raised.value.status == 404


def test_the_payroll_officer_plans_every_manager_of_the_enterprise() -> None:
    posted: list[tuple[str, dict[str, Any]]] = []
    callers: set[str] = set()

    def handler(request: httpx.Request) -> httpx.Response:
        posted.append((request.url.path, json.loads(request.content)))
        callers.add(request.headers["Authorization"])
        return httpx.Response(201, json={})

    with client(handler) as payroll:
        pay_plans.plan_pay(payroll, small_scenario(), RECORD, OFFICER)

    assert [(path, body["tenure_id"]) for path, body in posted] == [
        ("/pay-plans", TENURE_GM),
        ("/pay-plans", TENURE_DGM),
    ]
    assert callers == {"Bearer payroll-officer-token"}


def test_a_batch_is_sent_again_under_one_key_while_payroll_learns_its_tenures_one_after_another() -> None:
    seen: list[httpx.Request] = []
    plans = {"G1": {"tenure_id": TENURE_GM, "base": "1", "performance": "2"},
             "D1": {"tenure_id": TENURE_DGM, "base": "1", "performance": "2"}}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) < 3:  # payroll knows neither tenure, then the first only
            return problem(404, "known_tenure", field=f"items.{len(seen) - 1}.tenure_id")
        return httpx.Response(201, json=[{"tenure_id": TENURE_GM}, {"tenure_id": TENURE_DGM}])

    with client(handler, stall_after=1) as payroll:
        accounts = pay_plans.plan_all_when_known(payroll, plans, OFFICER)

    assert {code: a["tenure_id"] for code, a in accounts.items()} == {"G1": TENURE_GM, "D1": TENURE_DGM}
    assert len(seen) == 3 and {request.url.path for request in seen} == {"/pay-plans/batch"}
    assert len({request.headers["Idempotency-Key"] for request in seen}) == 1
    assert json.loads(seen[0].content) == {"items": list(plans.values())}


def test_a_batch_whose_tenures_payroll_stops_learning_is_given_up_after_the_stall() -> None:
    refusing = client(lambda request: problem(404, "known_tenure", field="items.1.tenure_id"), stall_after=0)
    with refusing as payroll, pytest.raises(ServiceError) as raised:
        pay_plans.plan_all_when_known(payroll, {"G1": {"tenure_id": TENURE_GM}, "D1": {"tenure_id": TENURE_DGM}},
                                      OFFICER)

    assert "has not learned every tenure" in str(raised.value) and "1 of 2 tenures learned" in str(raised.value)


def appraisal_answers() -> AppraisalAnswers:
    """2023 counted both managers, 2024 only G1 (D1 had left); G1's tenure appraisal was recorded."""
    g1, d1 = member(TENURE_GM.upper(), "G1", "90", "qualified"), member(TENURE_DGM, "D1", "80", "basic")
    return AppraisalAnswers(
        annual={2023: {"members": [g1, d1]}, 2024: {"members": [g1]}}, tenure={"G1": {"tenure_score": "90.00"}}
    )


def account(*years: int, tenure: bool = False) -> dict[str, Any]:
    settled = {str(year): {"performance_pay": "1.00"} for year in years}
    return {"lines": [], "settlements": settled, "tenure_settlement": {"tenure_incentive": "2.00"} if tenure else None}


def test_payroll_must_show_the_years_each_tenure_was_appraised_in_and_the_tenure_appraisals() -> None:
    wanted = pay.expected_settlements(RECORD, appraisal_answers())

    assert wanted == {"G1": ["performance 2023", "performance 2024", "tenure"], "D1": ["performance 2023"]}
    assert pay.missing(account(2023), wanted["G1"]) == ["performance 2024", "tenure"]
    assert pay.missing(account(2023), wanted["D1"]) == []


def test_the_accounts_are_read_once_they_show_every_settlement() -> None:
    answers = {
        TENURE_GM: [account(2023), account(2023, 2024), account(2023, 2024, tenure=True)],
        TENURE_DGM: [account(2023)],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        queue = answers[request.url.path.rsplit("/", 1)[1]]
        return httpx.Response(200, json=queue.pop(0) if len(queue) > 1 else queue[0])

    with client(handler) as payroll:
        got = pay.finish_payroll_part(payroll, RECORD, appraisal_answers(), OFFICER)

    assert got.accounts["G1"]["tenure_settlement"] == {"tenure_incentive": "2.00"}
    assert list(got.accounts["D1"]["settlements"]) == ["2023"]


def test_without_the_appraisal_service_the_accounts_are_read_as_they_are() -> None:
    with client(lambda request: httpx.Response(200, json=account())) as payroll:
        got = pay.finish_payroll_part(payroll, RECORD, None, OFFICER)

    assert set(got.accounts) == {"G1", "D1"}


def test_settlements_that_do_not_come_are_named_when_the_wait_runs_out() -> None:
    with client(lambda request: httpx.Response(200, json=account(2023)), stall_after=0) as payroll:
        with pytest.raises(ServiceError) as raised:
            pay.finish_payroll_part(payroll, RECORD, appraisal_answers(), OFFICER)

    error = raised.value
    assert "payroll service has not settled G1's performance 2024, tenure: no progress for 0 s" in str(error)
    assert error.problem["missing"] == {"G1": ["performance 2024", "tenure"]}
    assert "waiting for payroll's settlements" in error.describe()
