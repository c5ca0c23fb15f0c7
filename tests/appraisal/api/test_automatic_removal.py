"""一重's automatic removal (DOMAIN.md "Warnings and exit"; 003 一重: "当年未完成目标收入60%或目标利润70%自动免职并只拿
基本生活费"), across the appraisal and contract services: when a policy turns the removal floors on, an annual
appraisal that becomes final with revenue completion below 60 % (or profit below 70 %) ends the tenure by rule on
that day. The contract side records the decision itself (no decision makers but the rule, for cause, with the
rule, the year and the KPI figures behind it), the proposal is closed by it on the appraisal side, and no one
can decide it otherwise. Just at the floor, or with the floors off (the default), nothing is automatic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.appraisal.api.helpers import actual, confirm, finalise, open_and_close, sign_letter
from tests.appraisal.api.test_exits import proposals_received, warnings_of
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import assert_nothing_written_since, assert_problem, created
from tests.contract.api.tenure_helpers import active_tenure

FLOORS = {"revenue_removal_floor": "0.60", "profit_removal_floor": "0.70", "living_allowance_monthly": "3000"}
FINAL_ON = "2023-03-15"  # the day the 2022 appraisal becomes final: the removal's effective day


async def manager_appraised(services: Services, revenue: str, profit: str = "1200", **policy: Any) -> dict[str, Any]:
    """M01 of the golden scenario alone in a new enterprise under a policy with `policy`, tenure 2022-03-01 to
    2024-12-31; its 2022 letter (revenue target 10,000, profit 1,200, cost rate 35.0 %, party rating) appraised
    to final on FINAL_ON with `revenue` and `profit`, cost rate 35.0 and a party rating of 90, then delivered."""
    contract = await active_tenure(services.contract, None, code="M01", **policy)
    member = {"code": "M01", "index": 0, "tenure_id": contract.tenure["id"], "manager_id": contract.manager["id"],
              "name": contract.manager["name"], "enterprise_id": contract.enterprise["id"],
              "enterprise_code": contract.enterprise["code"]}
    await sign_letter(services, member, 2022)
    await services.deliver()
    await appraised_to_final(services, member, revenue, profit)
    return member


async def appraised_to_final(services: Any, member: dict[str, Any], revenue: str, profit: str) -> None:
    """The member's 2022 figures (cost rate 35.0, a party rating of 90) appraised to final on FINAL_ON, delivered."""
    for code, value in (("revenue", revenue), ("profit", profit), ("cost_rate", "35.0")):
        await created(services.appraisal.post("/actuals", json=actual(member, code, value)))
    rating = {"tenure_id": member["tenure_id"], "year": 2022, "kpi_code": "party", "evaluator": "考核委员会", "rating": "90"}
    await created(services.appraisal.post("/ratings", json=rating))
    closed = await open_and_close(services, [member])
    await confirm(services, closed["id"], decided_on="2023-01-25")
    await finalise(services, closed["id"], on=FINAL_ON)
    await services.deliver()


async def tenure_of(services: Services, member: dict[str, Any]) -> dict[str, Any]:
    response = await services.contract.get(f"/tenures/{member['tenure_id']}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_revenue_below_its_removal_floor_ends_the_tenure_by_rule_on_the_day_the_appraisal_is_final(
        services: Services) -> None:
    # Revenue 5,900 of 10,000: completion 0.59 < 0.60. Total 17.70 + 30 + 20 + 18 = 85.70, qualified: the
    # removal follows the revenue floor, not the score.
    member = await manager_appraised(services, revenue="5900", **FLOORS)
    [proposal] = await proposals_received(services, member)
    tenure = await tenure_of(services, member)
    assert (tenure["status"], tenure["ended_reason"], tenure["ended_on"]) == ("ended", "terminated", FINAL_ON)
    termination = tenure["termination"]
    assert (termination["mode"], termination["decision_makers"], termination["proposal_id"]) == (
        "automatic_removal", [], proposal["proposal_id"])
    [decision] = tenure["exit_decisions"]
    assert (decision["outcome"], decision["decision_makers"], decision["decision_ref"]) == ("automatic_removal", [], None)
    assert (decision["decided_on"], decision["effective_on"]) == (FINAL_ON, FINAL_ON)
    assert decision["reason"] == "revenue KPI revenue completion 0.5900 < 0.60"
    assert decision["by_rule"] == {
        "rule": "removal_floor", "year": 2022, "policy_version": 1, "living_allowance_monthly": "3000",
        "figures": [{"kpi_code": "revenue", "measure": "revenue", "actual": "5900", "target": "10000",
                     "completion": "0.5900", "floor": "0.60"}]}
    supervision = await services.contract.get("/supervision", params={"on": "2023-06-30"})
    moved = supervision.json()["moved_for_performance"]  # 2023-01-01 to 2023-06-30: moved out for performance
    assert (moved["out"], moved["down"], [m["mode"] for m in moved["managers"]]) == (1, 0, ["automatic_removal"])


async def test_an_automatic_removal_closes_its_proposal_on_the_appraisal_side_and_counts_as_for_cause(
        services: Services) -> None:
    # Profit 800 of 1,200: completion 0.6667 < 0.70; revenue 10,000 meets its target. Profit is scored by
    # deduction: 33.33 % short takes all of its 30 points, so the total is 30 + 0 + 20 + 18 = 68 < 70 as well.
    member = await manager_appraised(services, revenue="10000", profit="800", **FLOORS)
    [proposal] = (await warnings_of(services, member))["exit_proposals"]
    assert {t["kind"] for t in proposal["triggers"]} == {"score_below_floor", "main_kpi_below_floor", "removal_floor"}
    assert proposal["status"] == "decided"
    assert proposal["decision"] == {
        "outcome": "automatic_removal", "mode": "automatic_removal", "reason": "profit KPI profit completion 0.6667 < 0.70",
        "decided_on": FINAL_ON, "effective_on": FINAL_ON, "decision_makers": [], "decision_ref": None}
    known = (await services.appraisal.get(f"/known/tenures/{member['tenure_id']}")).json()
    assert (known["status"], known["ended_on"], known["ended_for_cause"]) == ("ended", FINAL_ON, True)


async def test_a_manager_at_the_removal_floor_is_not_removed(services: Services) -> None:
    # Revenue 6,000 of 10,000: completion 0.60 is not below 0.60. It is below the main KPI floor 0.70: that
    # proposes an exit, which waits for a decision.
    member = await manager_appraised(services, revenue="6000", **FLOORS)
    [proposal] = await proposals_received(services, member)
    assert [t["kind"] for t in proposal["triggers"]] == ["main_kpi_below_floor"]
    tenure = await tenure_of(services, member)
    assert (tenure["status"], tenure["exit_decisions"], tenure["termination"]) == ("active", [], None)
    assert (await warnings_of(services, member))["exit_proposals"][0]["status"] == "open"


async def test_with_the_removal_floors_off_nothing_is_automatic(services: Services) -> None:
    member = await manager_appraised(services, revenue="5900")  # DOMAIN.md's default: the 一重 variant is off
    [proposal] = await proposals_received(services, member)
    assert [t["consequence"] for t in proposal["triggers"]] == ["exit_proposed"]
    tenure = await tenure_of(services, member)
    assert (tenure["status"], tenure["exit_decisions"]) == ("active", [])
    assert (await warnings_of(services, member))["exit_proposals"][0]["status"] == "open"


async def test_a_manual_decision_on_an_automatic_removal_is_refused(services: Services) -> None:
    member = await manager_appraised(services, revenue="5900", **FLOORS)
    [proposal] = await proposals_received(services, member)
    before = await tenure_of(services, member)
    for outcome in ("declined", "flexible_adjustment", "exit"):
        body = {"proposal_id": proposal["proposal_id"], "outcome": outcome, "reason": "董事会研究决定留任",
                "decision_makers": ["党委会", "董事会"], "decided_on": "2023-03-20", "decision_ref": "董事会决议〔2023〕4号"}
        sent_at = datetime.now(UTC)
        response = await services.contract.post(f"/tenures/{member['tenure_id']}/exit-decisions", json=body)
        assert_problem(response, 422, "proposal_id", "decided_by_rule")
        await assert_nothing_written_since(services.contract, sent_at)
    assert await tenure_of(services, member) == before


async def test_a_policy_that_turns_a_removal_floor_on_must_say_the_living_allowance(services: Services) -> None:
    api = services.contract
    for floors in ({"revenue_removal_floor": "0.60"}, {"profit_removal_floor": "0.70"}):
        body = {"name": "一重 policy", "category": "market", "parameters": floors, "effective_from": "2020-01-01"}
        sent_at = datetime.now(UTC)
        assert_problem(await api.post("/policies", json=body), 422, "parameters.living_allowance_monthly",
                       "living_allowance_required")
        await assert_nothing_written_since(api, sent_at)
    negative = {"name": "一重 policy", "category": "market", "effective_from": "2020-01-01",
                "parameters": {**FLOORS, "living_allowance_monthly": "-1"}}
    assert_problem(await api.post("/policies", json=negative), 422, "parameters.living_allowance_monthly",
                   "parameter_range")
    adopted = await created(api.post("/policies", json={"name": "p", "category": "market", "parameters": {},
                                                        "effective_from": "2020-01-01"}))
    revision = {"parameters": {"revenue_removal_floor": "0.60"}, "effective_from": "2021-01-01", "reason": "一重办法"}
    assert_problem(await api.post(f"/policies/{adopted['id']}/versions", json=revision), 422,
                   "parameters.living_allowance_monthly", "living_allowance_required")
