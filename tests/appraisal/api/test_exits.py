"""Exits across both services (DOMAIN.md "Warnings and exit", "Changes after the fact": exit for cause): an
exit proposal is closed by its decision on both sides; a tenure that has ended gets no new proposal; a
manager who left for cause is in no appraisal group of a year ending after the exit took effect."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.appraisal.api.helpers import appraise, confirm, finalise, group, member_of, open_and_close, post_figures
from tests.contract.api.helpers import created

DECISION = {"outcome": "exit", "reason": "2023年度考核不合格，主要指标完成率低于70%", "decision_makers": ["党委会", "董事会"],
            "decided_on": "2024-03-15", "effective_on": "2024-04-30", "decision_ref": "董事会决议〔2024〕3号"}


async def proposals_received(services: Any, member: dict[str, Any]) -> list[dict[str, Any]]:
    """The exit proposals the contract side learned for the member's tenure, once delivered."""
    await services.deliver()
    for _ in range(100):
        if proposals := (await services.contract.get(f"/tenures/{member['tenure_id']}")).json()["exit_proposals"]:
            return proposals  # type: ignore[no-any-return]
        await asyncio.sleep(0.05)
    raise AssertionError("no exit proposal reached the contract side")


async def exit_decision(services: Any, member: dict[str, Any], decision: dict[str, Any]) -> None:
    await created(services.contract.post(f"/tenures/{member['tenure_id']}/exit-decisions", json=decision))
    await services.deliver()


async def terminate(services: Any, member: dict[str, Any], mode: str, decided_on: str, effective_on: str) -> None:
    """End the member's tenure early by a recorded decision, and let the appraisal side learn it."""
    body = {"reason": "经董事会研究决定", "mode": mode, "decision_makers": ["党委会", "董事会"],
            "decided_on": decided_on, "effective_on": effective_on, "decision_ref": "董事会决议〔2023〕8号"}
    await created(services.contract.post(f"/tenures/{member['tenure_id']}/termination", json=body))
    await services.deliver()


async def warnings_of(services: Any, member: dict[str, Any]) -> dict[str, Any]:
    response = await services.appraisal.get(f"/managers/{member['manager_id']}/warnings")
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_exit_proposal_is_closed_by_its_decision_on_both_sides(services) -> None:
    members = await group(services, size=3, year=2023)
    await appraise(services, members, 2023)  # M03: 59.60, profit at 65 % of target: an annual exit proposal
    m03 = members[2]
    [proposal] = await proposals_received(services, m03)
    [open_one] = (await warnings_of(services, m03))["exit_proposals"]
    assert (open_one["id"], open_one["status"], open_one["decision"]) == (proposal["proposal_id"], "open", None)

    await exit_decision(services, m03, {**DECISION, "proposal_id": proposal["proposal_id"]})
    [decided] = (await warnings_of(services, m03))["exit_proposals"]
    assert decided["status"] == "decided"
    assert decided["decision"] == {
        "outcome": "exit", "mode": "rigid_exit", "reason": DECISION["reason"], "decided_on": "2024-03-15",
        "effective_on": "2024-04-30", "decision_makers": ["党委会", "董事会"], "decision_ref": "董事会决议〔2024〕3号"}
    part = (await services.appraisal.get(f"/record-parts/{m03['manager_id']}")).json()
    [recorded] = part["tenures"][0]["exit_proposals"]
    assert recorded["decision"] == decided["decision"]
    known = (await services.appraisal.get(f"/known/tenures/{m03['tenure_id']}")).json()
    assert (known["status"], known["ended_on"], known["ended_for_cause"]) == ("ended", "2024-04-30", True)


async def test_a_manager_whose_tenure_has_ended_gets_no_new_exit_proposal(services) -> None:
    members = await group(services, size=3, year=2023)
    m03 = members[2]
    await terminate(services, m03, mode="flexible_adjustment", decided_on="2023-12-20", effective_on="2023-12-31")
    final = await appraise(services, members, 2023)  # final on 2024-03-01, after M03's tenure ended
    assert {t["kind"] for t in member_of(final, "M03")["exit_triggers"]} == {"score_below_floor", "main_kpi_below_floor"}
    assert (await warnings_of(services, m03))["exit_proposals"] == []


async def test_a_manager_who_left_for_cause_is_not_a_member_of_a_later_years_group(services) -> None:
    members = await group(services, size=3, year=2024)
    await terminate(services, members[2], mode="rigid_exit", decided_on="2024-03-15", effective_on="2024-04-30")
    await post_figures(services, members[:2], 2024)
    closed = await open_and_close(services, members, 2024)
    assert sorted(m["manager_code"] for m in closed["members"]) == ["M01", "M02"]
    assert {m["group_size"] for m in closed["members"]} == {2}  # the quotas are counted without M03
    await confirm(services, closed["id"], decided_on="2025-01-25")
    await finalise(services, closed["id"], on="2025-03-01")
    absent = await services.appraisal.get(f"/tenure-appraisals/{members[2]['tenure_id']}")
    assert absent.status_code == 404  # the tenure ended for cause: no tenure appraisal


async def test_a_member_who_leaves_for_cause_after_the_group_opened_is_left_out_before_closing(services) -> None:
    members = await group(services, size=3, year=2024)
    await post_figures(services, members, 2024)
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"],
                                                                        "year": 2024}))
    assert len(opened["members"]) == 3
    await terminate(services, members[2], mode="rigid_exit", decided_on="2024-09-10", effective_on="2024-09-30")
    closed = await created(services.appraisal.post(f"/appraisals/{opened['id']}/closing", json={"closed_on": "2025-01-20"}))
    assert sorted((m["manager_code"], m["group_size"]) for m in closed["members"]) == [("M01", 2), ("M02", 2)]
    assert closed["left_out"] == {members[2]["tenure_id"]: "2024-09-30"}  # who was left out, and from when


async def test_a_manager_who_leaves_for_cause_on_the_last_day_of_the_year_stays_in_its_group(services) -> None:
    members = await group(services, size=3, year=2024)
    await terminate(services, members[2], mode="rigid_exit", decided_on="2024-12-20", effective_on="2024-12-31")
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"],
                                                                        "year": 2024}))
    assert sorted(m["manager_code"] for m in opened["members"]) == ["M01", "M02", "M03"]


async def test_a_tenure_that_ended_for_cause_gets_no_tenure_appraisal_even_when_learned_after_closing(services) -> None:
    members = await group(services, size=3, year=2024)
    await post_figures(services, members, 2024)
    closed = await open_and_close(services, members, 2024)
    assert len(closed["members"]) == 3  # closed before the exit below reached the appraisal side
    body = {"reason": "经董事会研究决定", "mode": "rigid_exit", "decision_makers": ["董事会"], "decided_on": "2024-12-20",
            "effective_on": "2024-12-30", "decision_ref": "董事会决议〔2024〕12号"}
    await created(services.contract.post(f"/tenures/{members[2]['tenure_id']}/termination", json=body))
    await services.deliver()
    await confirm(services, closed["id"], decided_on="2025-01-25")
    await finalise(services, closed["id"], on="2025-03-01")
    assert (await services.appraisal.get(f"/tenure-appraisals/{members[0]['tenure_id']}")).status_code == 200
    assert (await services.appraisal.get(f"/tenure-appraisals/{members[2]['tenure_id']}")).status_code == 404
