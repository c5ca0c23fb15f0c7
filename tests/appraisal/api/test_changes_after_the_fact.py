"""Changes after the fact (DOMAIN.md): an upheld objection and a correction after final score only the manager
they name again, ranked against the others' confirmed scores; an override changes only its manager's grade and
never raises one the floor or a veto made unqualified, nor takes the excellent grades above the quota.

Golden 2022 figures, five managers: M01 98.60, M02 101.00, M03 96.70, M04 94.90, M05 97.10; the excellent
quota is floor(5 × 20 %) = 1 (M02), the basic quota floor(5 × 10 %) = 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.appraisal.api.helpers import (
    YEAR,
    as_manager,
    confirm,
    feed,
    finalise,
    group,
    ledger,
    member_of,
    open_and_close,
    post_figures,
    refused,
)
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created

AUDIT = "审计报告〔2023〕12号"
STEADY = ("grade", "total", "position", "rank", "override")  # what must not move for the others


async def correct(services: Services, member: dict[str, Any], kpi_code: str, value: str) -> None:
    """The member's latest figure for `kpi_code` corrected to `value`, audited, with a reason."""
    entry = [e for e in (await ledger(services, member))["entries"] if e["kpi_code"] == kpi_code][-1]
    body = {"tenure_id": member["tenure_id"], "year": YEAR, "entry_id": entry["entry_id"], "value": value,
            "reason": "审计调整"}
    await created(services.appraisal.post("/actuals/corrections", json=body))


async def confirmed_five(services: Services) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    members = await group(services, size=5)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    return members, await confirm(services, closed["id"])


def steady(appraisal: dict[str, Any], code: str) -> tuple[Any, ...]:
    member = member_of(appraisal, code)
    return tuple(member[key] for key in STEADY)


async def uphold_objection(services: Services, appraisal: dict[str, Any], member: dict[str, Any]) -> dict[str, Any]:
    body = {"tenure_id": member["tenure_id"], "reason": "营业收入口径有误", "filed_on": "2023-02-01"}
    filed = await created(services.appraisal.post(f"/appraisals/{appraisal['id']}/objections", json=body,
                                                  headers=as_manager(member)))
    url = f"/appraisals/{appraisal['id']}/objections/{filed['objections'][-1]['objection_id']}/decision"
    return await created(services.appraisal.post(url, json={"outcome": "upheld", "reason": "董事会复核",
                                                            "decided_on": "2023-02-05"}))


async def test_an_upheld_objection_scores_only_the_objector_again_and_ranks_them_against_the_confirmed_scores(
        services) -> None:
    members, confirmed = await confirmed_five(services)
    assert [member_of(confirmed, f"M0{i}")["grade"] for i in range(1, 6)] == ["qualified", "excellent", *["qualified"] * 3]
    await correct(services, members[0], "revenue", "12000")  # completion 1.2, the cap: 36.00 instead of 30.60
    for other in members[1:]:
        await correct(services, other, "revenue", "8000")  # never objected to: not scored again

    decided = await uphold_objection(services, confirmed, members[0])

    m01 = member_of(decided, "M01")
    assert (m01["total"], m01["grade"], m01["position"], m01["rank"]) == ("104.00", "excellent", 1, 1)
    assert all(steady(decided, m["code"]) == steady(confirmed, m["code"]) for m in members[1:]), \
        "M02 keeps its excellent grade and first place, though two excellent now exceed the quota of 1"
    final = await finalise(services, confirmed["id"])
    assert [member_of(final, m["code"])["total"] for m in members] == ["104.00", "101.00", "96.70", "94.90", "97.10"]


async def test_an_upheld_objection_tied_with_a_confirmed_score_shares_the_better_grade(services) -> None:
    members, confirmed = await confirmed_five(services)
    await correct(services, members[0], "revenue", "11000")  # 33.00 instead of 30.60: 101.00, M02's score

    decided = await uphold_objection(services, confirmed, members[0])

    m01 = member_of(decided, "M01")
    assert (m01["total"], m01["grade"], m01["position"]) == ("101.00", "excellent", 1)
    assert all(steady(decided, m["code"]) == steady(confirmed, m["code"]) for m in members[1:])


async def test_an_upheld_objection_below_the_score_floor_makes_only_the_objector_unqualified(services) -> None:
    members, confirmed = await confirmed_five(services)
    await correct(services, members[1], "profit", "600")  # completion 0.5: 0 instead of 30.00
    await correct(services, members[1], "revenue", "9000")  # completion below 1 on M02's target: under 70 in all

    decided = await uphold_objection(services, confirmed, members[1])

    m02 = member_of(decided, "M02")
    assert Decimal(m02["total"]) < 70 and (m02["grade"], m02["rank"]) == ("unqualified", None)
    assert all(steady(decided, m["code"]) == steady(confirmed, m["code"]) for m in members if m["code"] != "M02"), \
        "nobody takes the excellent grade M02 lost: grades move only on one's own objection"


async def test_a_correction_after_final_scores_only_the_corrected_manager_again_and_sends_their_revised_result(
        services) -> None:
    members, confirmed = await confirmed_five(services)
    final = await finalise(services, confirmed["id"])
    await correct(services, members[0], "revenue", "12000")
    await correct(services, members[1], "revenue", "8000")  # corrected in the ledger, but not by this decision
    sent_before = len(await feed(services))
    body = {"tenure_id": members[0]["tenure_id"], "reason": "2022年度审计调整", "decision_ref": AUDIT,
            "decided_on": "2023-06-15"}

    revised = await created(services.appraisal.post(f"/appraisals/{final['id']}/revision", json=body))

    m01 = member_of(revised, "M01")
    assert (m01["total"], m01["grade"], m01["position"]) == ("104.00", "excellent", 1)
    assert all(steady(revised, m["code"]) == steady(final, m["code"]) for m in members[1:])
    assert revised["revisions"] == [{"reason": "2022年度审计调整", "decided_on": "2023-06-15",
                                     "tenure_id": members[0]["tenure_id"], "decision_ref": AUDIT}]
    results = [e for e in (await feed(services))[sent_before:] if e["type"] == "MemberAppraisal.Finalised"]
    assert [(e["payload"]["tenure_id"], e["payload"]["total"], e["payload"]["grade"]) for e in results] == [
        (members[0]["tenure_id"], "104.00", "excellent")], "payroll is sent the revised result of M01 alone"


async def test_a_revision_without_a_decision_reference_is_refused(services) -> None:
    members, confirmed = await confirmed_five(services)
    final = await finalise(services, confirmed["id"])
    await correct(services, members[0], "revenue", "12000")
    url = f"/appraisals/{final['id']}/revision"
    body = {"tenure_id": members[0]["tenure_id"], "reason": "审计调整", "decided_on": "2023-06-15"}
    await refused(services, services.appraisal.post(url, json=body), 422, "decision_ref", "missing")
    await refused(services, services.appraisal.post(url, json={**body, "decision_ref": "  "}), 422, "decision_ref",
                  "decision_ref_required")


async def test_a_revision_names_a_member_of_the_group(services) -> None:
    _, confirmed = await confirmed_five(services)
    final = await finalise(services, confirmed["id"])
    url = f"/appraisals/{final['id']}/revision"
    body = {"reason": "审计调整", "decision_ref": AUDIT, "decided_on": "2023-06-15"}
    await refused(services, services.appraisal.post(url, json=body), 422, "tenure_id", "missing")
    stranger = {**body, "tenure_id": "00000000-0000-4000-8000-000000000001"}
    await refused(services, services.appraisal.post(url, json=stranger), 404, "tenure_id", "group_member")


async def test_an_override_cannot_raise_a_manager_the_score_floor_or_a_failed_veto_made_unqualified(services) -> None:
    members = await group(services, size=3)
    await post_figures(services, members)
    await correct(services, members[0], "profit", "600")  # 68.60, below the floor of 70
    await correct(services, members[1], "party", "50")  # below the party KPI's veto of 60
    closed = await open_and_close(services, members)
    assert [member_of(closed, c)["proposed_grade"] for c in ("M01", "M02")] == ["unqualified", "unqualified"]
    url = f"/appraisals/{closed['id']}/confirmation"
    for member in members[:2]:
        override = {"tenure_id": member["tenure_id"], "grade": "basic", "reason": "考核委员会研究决定"}
        body = {"decided_on": "2023-01-25", "overrides": [override]}
        problem = await refused(services, services.appraisal.post(url, json=body), 422, "overrides.0.grade",
                                "override_unqualified")
        assert ("veto" if member["code"] == "M02" else "floor") in problem["detail"]
    assert (await services.appraisal.get(f"/appraisals/{closed['id']}")).json() == closed


async def test_an_override_cannot_take_the_excellent_grades_above_the_quota(services) -> None:
    members = await group(services, size=5)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    url = f"/appraisals/{closed['id']}/confirmation"
    raise_m01 = {"tenure_id": members[0]["tenure_id"], "grade": "excellent", "reason": "集团年度表彰"}
    body = {"decided_on": "2023-01-25", "overrides": [raise_m01]}
    await refused(services, services.appraisal.post(url, json=body), 422, "overrides.0.grade", "override_excellent_quota")
    assert (await services.appraisal.get(f"/appraisals/{closed['id']}")).json() == closed
    lower_m02 = {"tenure_id": members[1]["tenure_id"], "grade": "qualified", "reason": "年度安全事故"}

    confirmed = await confirm(services, closed["id"], overrides=[lower_m02, raise_m01])  # within the quota of 1

    assert [member_of(confirmed, m["code"])["grade"] for m in members] == ["excellent", "qualified", *["qualified"] * 3]
    assert all(steady(confirmed, m["code"]) == steady(closed, m["code"]) for m in members[2:])
