"""What supervisors measure, from the contract service's own facts (DOMAIN.md "What supervisors measure"):
signing coverage, and managers moved down or out for performance in a period. The payroll's figures are in
tests/contract/api/test_supervision_pay.py, with the three services together."""

from __future__ import annotations

from tests.contract.api.helpers import assert_problem, created, manager
from tests.contract.api.tenure_helpers import active_tenure, bring_into_force, draft, governed_enterprise
from tests.contract.api.test_tenure_term_and_exit import TERMINATION, propose_exit


async def figures(api, on: str, **filters: str) -> dict:  # type: ignore[no-untyped-def]
    response = await api.get("/supervision", params={"on": on, **filters})
    assert response.status_code == 200, response.text
    return response.json()


async def decide(api, contract, proposal_id: str, outcome: str, on: str) -> None:  # type: ignore[no-untyped-def]
    await propose_exit(api, contract, proposal_id)
    decision = {"proposal_id": proposal_id, "outcome": outcome, "decision_makers": ["党委会", "董事会", "职工代表"],
                "decided_on": on, "decision_ref": "董事会决议〔2024〕3号"}
    await created(api.post(f"{contract.url}/exit-decisions", json=decision))


async def test_signing_coverage_counts_managers_with_a_signed_agreement_in_force_per_enterprise_and_group(api) -> None:
    first = await active_tenure(api)  # E1 M01: signed, in force
    await draft(api, (await manager(api, first.enterprise["id"], "M02"))["id"])  # E1 M02: a draft only
    other = await governed_enterprise(api, "E2")
    await bring_into_force(api, await draft(api, (await manager(api, other["id"], "M03"))["id"]))
    group = (await figures(api, "2023-06-30"))["signing_coverage"]
    assert (group["managers"], group["managers_covered"], group["manager_rate"]) == (3, 2, "0.6667")
    assert (group["enterprises"], group["enterprises_covered"], group["managers_not_covered"]) == (2, 1, ["M02"])
    e1 = (await figures(api, "2023-06-30", enterprise_id=first.enterprise["id"]))["signing_coverage"]
    assert (e1["managers"], e1["managers_covered"], e1["manager_rate"], e1["enterprise_rate"]) == (2, 1, "0.5000",
                                                                                                  "0.0000")


async def test_managers_moved_out_or_down_on_an_exit_proposal_count_as_moved_for_performance(api) -> None:
    m01 = await active_tenure(api)
    m02 = await active_tenure(api, m01.enterprise, "M02")
    m03 = await active_tenure(api, m01.enterprise, "M03")
    await decide(api, m01, "exit-2023-M01", "exit", "2024-03-15")
    await decide(api, m02, "exit-2023-M02", "flexible_adjustment", "2024-04-20")
    misconduct = {**TERMINATION, "reason": "严重违纪", "decided_on": "2024-05-10", "effective_on": "2024-05-31"}
    await created(api.post(f"{m03.url}/termination", json=misconduct))  # not decided on a proposal: not counted
    moved = (await figures(api, "2024-06-30"))["moved_for_performance"]
    assert (moved["since"], moved["until"], moved["out"], moved["down"]) == ("2024-01-01", "2024-06-30", 1, 1)
    assert [(m["manager_code"], m["mode"], m["effective_on"]) for m in moved["managers"]] == [
        ("M01", "rigid_exit", "2024-03-15"), ("M02", "flexible_adjustment", "2024-04-20")]
    later = (await figures(api, "2024-06-30", **{"from": "2024-04-01"}))["moved_for_performance"]
    assert (later["out"], later["down"]) == (0, 1)
    assert (await figures(api, "2024-03-14"))["moved_for_performance"]["managers"] == []


async def test_the_supervisors_figures_say_they_are_incomplete_without_the_payrolls_part(api) -> None:
    await active_tenure(api)
    answer = await figures(api, "2023-06-30")
    assert answer["complete"] is False and "payroll" in answer["pay"]["error"]


async def test_a_supervision_period_that_starts_after_its_end_is_refused(api) -> None:
    response = await api.get("/supervision", params={"on": "2024-06-30", "from": "2024-07-01"})
    assert_problem(response, 422, "from", "period_order")


async def test_an_unknown_filter_of_the_supervisors_figures_is_refused(api) -> None:
    response = await api.get("/supervision", params={"on": "2024-06-30", "enterprise": "E1"})
    assert_problem(response, 422, "enterprise", "known_filter")
