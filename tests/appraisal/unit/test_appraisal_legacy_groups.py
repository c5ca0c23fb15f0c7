"""A group recorded before members had streams of their own still replays: its events carry every member's
sheet, inputs, results and reports, which the group keeps apart (`legacy`) and which are read until a step
taken since gives each member its own stream."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.appraisal_svc.domain import steps
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.member import MemberAppraisal
from services.appraisal_svc.domain.records import report_dict
from shared.eventstore.codec import mapper
from tests.appraisal.unit.test_appraisal_member_streams import group_of, inputs


def legacy_events(size: int) -> tuple[list[Any], AnnualAppraisal]:
    """A group's events as recorded before the change: the members' detail in the group's own events."""
    group, members = group_of(size)
    steps.close(group, members, inputs(group), date(2023, 1, 20))(members)
    group.confirm(date(2023, 1, 25), [])
    steps.finalise(group, {}, date(2023, 3, 1))(members)
    opened, closed, confirmed, finalised = group.collect_events()
    sheets = {t: m.kpis for t, m in members.items()}
    opened.__dict__["members"] = [{**m, "kpis": sheets[m["tenure_id"]]} for m in opened.members]
    closed.__dict__.update(inputs=inputs(group), results={t: m.figures.score.to_dict() for t, m in members.items()},  # type: ignore[union-attr]
                           proposals={t: dict(vars(m.proposal)) for t, m in members.items()})
    finalised.__dict__.update(reports={t: report_dict(m.figures.report) for t, m in members.items()},  # type: ignore[arg-type]
                              finals={t: {"total": m.final.total} for t, m in members.items()})  # type: ignore[union-attr]
    recorded = [mapper().to_domain_event(mapper().to_stored_event(e)) for e in (opened, closed, confirmed, finalised)]
    return recorded, group


def replayed(events: list[Any]) -> AnnualAppraisal:
    group = None
    for event in events:
        group = event.mutate(group)
    assert isinstance(group, AnnualAppraisal)
    return group


def test_a_legacy_group_replays_its_own_state_and_keeps_the_member_detail_apart() -> None:
    events, decided = legacy_events(4)

    group = replayed(events)

    assert (group.status, group.grades) == ("final", decided.grades)
    assert all(p.reason for p in group.proposals.values()), "whole proposals, reasons included, as recorded then"
    tenure_id = next(iter(group.members))
    figures = group.legacy.figures(tenure_id)
    assert figures is not None and figures.score is not None and figures.score.total == decided.proposals[tenure_id].total
    assert figures.report is not None and figures.inputs is not None


def test_a_step_taken_since_gives_every_member_its_stream_and_the_legacy_detail_is_no_longer_read() -> None:
    events, _ = legacy_events(4)
    group = replayed(events)
    members = {t: opened_from_legacy(group, t) for t in group.members}
    kept = {t: m.figures.score.total for t, m in members.items()}  # type: ignore[union-attr]
    corrected = inputs(group, lambda i: 9100 + 10 * i)
    first = next(iter(group.members))

    steps.revise(group, members, corrected, first, "审计调整", "审计报告〔2023〕12号", date(2023, 6, 1), {})

    assert not group.legacy.read and all(group.legacy.figures(t) is None for t in group.members)
    assert all(m.final is not None and m.final.total == m.figures.score.total for m in members.values())  # type: ignore[union-attr]
    assert members[first].final.total == Decimal("91.00"), "on the corrected revenue of 9100"  # type: ignore[union-attr]
    assert all(members[t].final.total == kept[t] for t in members if t != first), "only the corrected one"  # type: ignore[union-attr]


def opened_from_legacy(group: AnnualAppraisal, tenure_id: str) -> MemberAppraisal:
    """A member's stream opened on what the legacy events recorded of it, as the handlers open it."""
    member = MemberAppraisal(group_id=group.id, tenure_id=tenure_id, manager_id=group.members[tenure_id].manager_id,
                             year=group.year, kpis=group.legacy.sheets[tenure_id])
    figures = group.legacy.figures(tenure_id)
    assert figures is not None and figures.score is not None and group.closed_on is not None
    member.record_score(figures.inputs or {}, figures.score, "recorded in the group's events", group.closed_on)
    member.record_grade(group.proposals[tenure_id])
    return member
