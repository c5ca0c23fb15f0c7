"""Events recorded before issue 12 still replay as they did: an upheld objection or a revision then placed
every member of the group again and left the committee's overrides in force; since, it places only the member
it names, whose new placing gives their grade."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.appraisal_svc.domain import steps
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.records import placings
from shared.eventstore.codec import mapper
from tests.appraisal.unit.test_appraisal_member_streams import group_of, inputs


def replayed(events: list[Any]) -> AnnualAppraisal:
    group = None
    for event in events:
        group = mapper().to_domain_event(mapper().to_stored_event(event)).mutate(group)
    assert isinstance(group, AnnualAppraisal)
    return group


def overridden_final_group() -> tuple[AnnualAppraisal, dict[str, Any], str]:
    """Five members scored 90.00 to 90.40 (M0004 excellent, the quota of 1); the committee lowered M0004 to qualified."""
    group, members = group_of(5)
    steps.close(group, members, inputs(group, lambda i: 9000 + 10 * i), date(2023, 1, 20))(members)
    best = list(group.members)[-1]
    group.confirm(date(2023, 1, 25), [{"tenure_id": best, "grade": "qualified", "reason": "安全生产事故"}])
    steps.finalise(group, {}, date(2023, 3, 1))(members)
    return group, members, best


def test_a_revision_recorded_before_issue_12_places_every_member_and_keeps_the_overrides() -> None:
    group, members, best = overridden_final_group()
    again, proposals = steps.scores_and_ranking(group, members, inputs(group, lambda i: 9500 - 10 * i))
    group._revised(reason="审计调整", decided_on=date(2023, 6, 1), proposals=placings(proposals))  # as then, no tenure

    rebuilt = replayed(group.collect_events())

    assert {t: p.total for t, p in rebuilt.proposals.items()} == {t: s.total for t, s in again.items()}
    assert rebuilt.grades[best] == "qualified" and rebuilt.overrides[best].reason == "安全生产事故"
    assert [(r.tenure_id, r.decision_ref) for r in rebuilt.revisions] == [(None, None)]


def test_a_revision_since_issue_12_places_only_its_member_and_its_placing_replaces_their_override() -> None:
    group, members, best = overridden_final_group()
    before = {t: p for t, p in group.proposals.items() if t != best}
    corrected = inputs(group, lambda i: 9000 + 10 * i + (100 if i == 4 else 0))

    steps.revise(group, members, corrected, best, "审计调整", "审计报告〔2023〕12号", date(2023, 6, 1), {})

    rebuilt = replayed(group.collect_events())
    assert rebuilt.proposals[best].total == Decimal("91.40") and rebuilt.grades[best] == "excellent"
    assert best not in rebuilt.overrides and {t: p for t, p in rebuilt.proposals.items() if t != best} == before
    assert [(r.tenure_id, r.decision_ref) for r in rebuilt.revisions] == [(best, "审计报告〔2023〕12号")]
