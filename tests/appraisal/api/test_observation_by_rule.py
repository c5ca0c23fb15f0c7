"""An observation period concluded by rule, or never opened: a later final year below standard (graded basic or
unqualified, or again in the bottom `bottom_warning_pct` %) concludes an open period not met and proposes an
exit; a manager whose tenure has ended gets no period; a manager sees only their own periods and the committee
alone concludes them. The ten managers: observation_helpers.py."""

from __future__ import annotations

from typing import Any

from tests.appraisal.api.helpers import (
    actual,
    appraise,
    as_manager,
    confirm,
    finalise,
    group,
    open_and_close,
    post_figures,
    refused,
    sign_letters,
)
from tests.appraisal.api.observation_helpers import (
    appraisal_proposals,
    conclude,
    conclusion,
    period,
    periods,
    ten_appraised,
    url_of,
)
from tests.appraisal.api.test_exits import terminate
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created

M06_2023 = {"revenue": "13300", "profit": "1280", "cost_rate": "34.0"}


async def appraise_2023_with_m06_unqualified(services: Services, members: list[dict[str, Any]]) -> None:
    """2023 to final on 2024-03-01; M06's figures (its targets: revenue 13300, profit 1600, cost rate 34.0):
    revenue 13300 / 13300 = 1.00 → 30 × 1.00 = 30.00; profit 1280 is 20 % short, deducted 10 per point of
    step 1: 30 × max(0, 1 − 0.10 × 20) = 0.00; cost rate 34.0 on target → 20.00; party rated 85 → 20 × 0.85 =
    17.00. Total 67.00 < 70: unqualified. M03 (golden 59.60) stays last, M06 ninth of ten."""
    await sign_letters(services, members, 2023)
    await post_figures(services, [m for m in members if m["code"] != "M06"], 2023)
    m06 = members[5]
    for code, value in M06_2023.items():
        await created(services.appraisal.post("/actuals", json=actual(m06, code, value, year=2023)))
    rating = {"tenure_id": m06["tenure_id"], "year": 2023, "kpi_code": "party", "evaluator": "考核委员会", "rating": "85"}
    await created(services.appraisal.post("/ratings", json=rating))
    closed = await open_and_close(services, members, 2023)
    await confirm(services, closed["id"], decided_on="2024-01-25")
    final = await finalise(services, closed["id"], on="2024-03-01")
    member = next(m for m in final["members"] if m["manager_code"] == "M06")
    assert (member["total"], member["grade"], member["position"]) == ("67.00", "unqualified", 9)


async def test_a_later_final_year_below_standard_concludes_the_period_not_met_by_rule(services: Services) -> None:
    members = await ten_appraised(services)
    m06, m03 = members[5], members[2]
    [opened] = await periods(services, tenure_id=m06["tenure_id"])
    await appraise_2023_with_m06_unqualified(services, members)
    concluded = await period(services, opened)
    assert concluded["status"] == "not_met"
    assert (concluded["conclusion"]["by"], concluded["conclusion"]["decided_on"]) == ("rule", "2024-03-01")
    assert concluded["conclusion"]["reason"] == "still below standard: graded unqualified in 2023"
    observation = [p for p in await appraisal_proposals(services, m06) if p["basis"] == "observation"]
    assert [p["id"] for p in observation] == [concluded["conclusion"]["exit_proposal_id"]]
    # the 2023 bottom one (M03, 59.60, position 10 of 10) gets its own period from 2024-03-01 + 6 months
    [m03_period] = await periods(services, tenure_id=m03["tenure_id"])
    assert (m03_period["year"], m03_period["starts_on"], m03_period["ends_on"]) == (2023, "2024-03-01", "2024-09-01")
    late = services.appraisal.post(f"{url_of(opened)}/conclusion",
                                   json=conclusion("met", "2024-03-02"))
    await refused(services, late, 409, "outcome", "observation_concluded")


async def test_a_manager_whose_tenure_has_ended_gets_no_observation_period(services: Services) -> None:
    members = await group(services, size=10, year=2022)
    await terminate(services, members[5], mode="flexible_adjustment", decided_on="2022-12-20",
                    effective_on="2022-12-31")
    final = await appraise(services, members, 2022)  # final on 2023-03-01, after M06's tenure ended
    m06 = next(m for m in final["members"] if m["manager_code"] == "M06")
    assert [w["kind"] for w in m06["ranking_warnings"]] == ["bottom_ranking_yellow"]  # warned, but no post left
    assert await periods(services, enterprise_id=members[0]["enterprise_id"]) == []


async def test_a_manager_sees_only_their_own_observation_periods_and_the_committee_alone_concludes(
        services: Services) -> None:
    members = await ten_appraised(services)
    m06, m01 = members[5], members[0]
    [own] = await periods(services, headers=as_manager(m06))
    assert own["tenure_id"] == m06["tenure_id"]
    assert await periods(services, headers=as_manager(m01)) == []
    hidden = await services.appraisal.get(url_of(own), headers=as_manager(m01))
    assert hidden.status_code == 404
    by_manager = services.appraisal.post(f"{url_of(own)}/conclusion",
                                         json=conclusion("met", "2023-09-01"), headers=as_manager(m06))
    await refused(services, by_manager, 403, "Authorization", "role_required")
    assert (await conclude(services, own, conclusion("met", "2023-09-01")))["status"] == "met"
