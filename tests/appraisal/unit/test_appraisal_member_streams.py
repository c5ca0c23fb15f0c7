"""Each member's annual appraisal lives in its own stream; the group's stream keeps only what is the group's
(membership, the ranking decision, overrides, objections, status), so its events stay small however many
members it has, and each member's final result is a message of its own, sent again only when it changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from services.appraisal_svc.domain import steps
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.member import MemberAppraisal
from shared.domain.messages import AnnualResult
from shared.errors import RuleViolationError
from shared.eventstore.codec import mapper
from tests.appraisal.unit.appraisal_builders import POLICY, kpi

YEAR = 2023
AUDIT = "审计报告〔2023〕12号"


def group_of(size: int) -> tuple[AnnualAppraisal, dict[str, MemberAppraisal]]:
    sheet = [kpi(weight=100)]
    tenures = [str(uuid4()) for _ in range(size)]
    members = [{"tenure_id": t, "manager_id": str(uuid4()), "manager_code": f"M{i:04}", "manager_name": f"经理{i}",
                "level": "middle", "term_start_year": 2022, "tenure_end": date(2024, 12, 31),
                "letter_key": f"annual-{YEAR}", "letter_version": 1} for i, t in enumerate(tenures)]
    group = AnnualAppraisal(enterprise_id=uuid4(), year=YEAR, policy_id=uuid4(), policy_version=1, parameters=POLICY,
                            members=members, opened_on=date(2023, 1, 2))
    streams = {m["tenure_id"]: MemberAppraisal(group_id=group.id, tenure_id=m["tenure_id"], manager_id=m["manager_id"],
                                               year=YEAR, kpis=sheet) for m in members}
    return group, streams


def inputs(group: AnnualAppraisal, revenue: Any = lambda i: 9000 + 10 * i) -> dict[str, dict[str, Any]]:
    return {t: {"actuals": {"revenue": {"value": Decimal(revenue(i)), "entry_id": f"A{i}", "audited": True}},
                "ratings": {}} for i, t in enumerate(group.members)}


def size_of(aggregate: Any) -> int:
    return sum(len(mapper().to_stored_event(e).state) for e in aggregate.collect_events())


def final(group: AnnualAppraisal, members: dict[str, MemberAppraisal]) -> None:
    steps.close(group, members, inputs(group), date(2023, 1, 20))(members)
    group.confirm(date(2023, 1, 25), [])
    steps.finalise(group, {}, date(2023, 3, 1))(members)


def test_a_groups_events_hold_no_members_figures_and_stay_small_per_member() -> None:
    group, members = group_of(200)
    final(group, members)

    group_bytes, member_bytes = size_of(group), sum(size_of(m) for m in members.values())

    assert group_bytes / 200 < 1_000, "membership and ranking only: well under a kilobyte a member"
    assert member_bytes > 4 * group_bytes, "the sheets, inputs and every intermediate are in the members' streams"


def test_each_member_is_scored_once_and_its_score_kept_for_the_triggers() -> None:
    group, members = group_of(5)
    steps.close(group, members, inputs(group), date(2023, 1, 20))(members)
    group.confirm(date(2023, 1, 25), [])
    for member in members.values():
        member.score_on = None  # type: ignore[assignment, method-assign]  # finalising must not score again

    steps.finalise(group, {}, date(2023, 3, 1))(members)

    assert all(m.final is not None and m.final.total == m.figures.score.total for m in members.values())  # type: ignore[union-attr]


def test_a_members_final_event_is_exactly_the_annual_result_payroll_reads() -> None:
    group, members = group_of(3)
    final(group, members)
    member = next(iter(members.values()))

    [finalised] = [e for e in member.collect_events() if type(e).__name__ == "Finalised"]
    attributes = set(vars(finalised)) - {"originator_id", "originator_version", "timestamp"}

    assert attributes == set(AnnualResult.model_fields)
    result = AnnualResult.model_validate({k: getattr(finalised, k) for k in attributes})
    assert (result.total, result.grade, result.year) == (member.figures.score.total, group.grades[str(member.tenure_id)], YEAR)  # type: ignore[union-attr]


def test_a_revision_sends_again_only_the_final_results_it_changes() -> None:
    group, members = group_of(10)
    final(group, members)
    for m in members.values():
        m.collect_events()
    group.collect_events()
    first = next(iter(group.members))
    corrected = inputs(group, lambda i: 9000 + 10 * i + (5 if i == 0 else 0))

    steps.revise(group, members, corrected, first, "审计调整", AUDIT, date(2023, 6, 1), {})

    sent = {t: [type(e).__name__ for e in m.collect_events()] for t, m in members.items()}
    assert sent[first] == ["Scored", "Graded", "Finalised"]  # its total, hence its place in the ranking, changed
    assert all(kinds == [] for t, kinds in sent.items() if t != first)
    assert [type(e).__name__ for e in group.collect_events()] == ["Revised", "Finalised"]


def test_a_refused_revision_records_nothing() -> None:
    group, members = group_of(3)
    final(group, members)
    for aggregate in (group, *members.values()):
        aggregate.collect_events()
    lacking = inputs(group)
    lacking[next(iter(group.members))]["actuals"]["revenue"]["audited"] = False

    with pytest.raises(RuleViolationError) as refused:
        steps.revise(group, members, lacking, next(iter(group.members)), "审计调整", AUDIT, date(2023, 6, 1), {})

    assert refused.value.rule == "audited_actuals_complete"
    assert not group.collect_events() and not any(m.collect_events() for m in members.values())
    assert not group.revisions
