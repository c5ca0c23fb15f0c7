"""The appraisal service's part of a manager's tenure record: for each tenure and year the actuals known,
the annual appraisal's figures for this manager with their intermediates, grades, overrides, objections and
revisions; then the tenure appraisal and any exit proposals, as recorded by the as-of time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.appraisal_svc.adapters.read_models import appraisals_view, exit_proposals_view, observation_periods_view
from services.appraisal_svc.api.ledger_schemas import LedgerPublic
from services.appraisal_svc.api.outcomes import TenureSheetPublic
from services.appraisal_svc.api.schemas import ObjectionPublic, member_public
from services.appraisal_svc.domain.actuals import KpiActuals, ledger_id
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.member import MemberAppraisal, member_id
from services.appraisal_svc.domain.observation import ObservationPeriod
from services.appraisal_svc.domain.outcomes import ExitProposal, TenureAppraisal
from shared.knowledge.tables import known_tenures
from shared.messages import jsonable
from shared.records import ManagerStreams, RecordSpec

CATEGORIES = {
    "KpiActuals.Entered": "measure",
    "AnnualAppraisal.MemberLeftOut": "decision",
    "AnnualAppraisal.Closed": "appraisal",
    "AnnualAppraisal.Confirmed": "grade",
    "AnnualAppraisal.ObjectionFiled": "decision",
    "AnnualAppraisal.ObjectionDecided": "decision",
    "AnnualAppraisal.Finalised": "grade",
    "AnnualAppraisal.Revised": "decision",
    "MemberAppraisal.Scored": "appraisal",
    "MemberAppraisal.Graded": "grade",
    "MemberAppraisal.TriggersEvaluated": "warning",
    "MemberAppraisal.Finalised": "grade",
    "TenureAppraisal.Recorded": "appraisal",
    "TenureAppraisal.Revised": "decision",
    "ExitProposal.Proposed": "warning",
    "ExitProposal.Decided": "decision",
    "ObservationPeriod.Opened": "warning",
    "ObservationPeriod.Concluded": "decision",
}
APPRAISAL_FIELDS = ("id", "status", "policy_id", "policy_version", "confirmed_on", "window_ends", "final_on")


async def manager_streams(conn: AsyncConnection, manager_id: UUID) -> ManagerStreams:
    """Ledgers of each tenure year, the appraisal groups of those years, tenure appraisals, exit proposals,
    observation periods."""
    tenures = (await conn.execute(select(known_tenures).where(known_tenures.c.manager_id == str(manager_id)))).all()
    streams: list[str] = []
    shared: set[str] = set()  # the appraisal groups: every member's record reads them
    for t in tenures:
        years = range(t.start_date.year, t.end_date.year + 1)
        streams += [str(ledger_id(UUID(str(t.id)), year)) for year in (*years, None)]  # None: the tenure period
        streams += [str(member_id(str(t.id), year)) for year in years]
        streams.append(str(TenureAppraisal.create_id(UUID(str(t.id)))))
        groups = select(appraisals_view.c.id).where(appraisals_view.c.enterprise_id == str(t.enterprise_id),
                                                    appraisals_view.c.year.in_(list(years)))
        group_ids = [str(row.id) for row in (await conn.execute(groups)).all()]
        streams += group_ids
        shared.update(group_ids)
    proposals = select(exit_proposals_view.c.id).where(exit_proposals_view.c.manager_id == str(manager_id))
    streams += [str(row.id) for row in (await conn.execute(proposals)).all()]
    periods = select(observation_periods_view.c.id).where(observation_periods_view.c.manager_id == str(manager_id))
    streams += [str(row.id) for row in (await conn.execute(periods)).all()]
    return ManagerStreams(sorted(set(streams)), frozenset(str(t.id) for t in tenures), shared=frozenset(shared))


async def describe(
    conn: AsyncConnection, manager_id: UUID, streams: ManagerStreams, aggregates: Mapping[str, Aggregate]
) -> dict[str, Any]:
    found = list(aggregates.values())
    return {"tenures": [_tenure(tenure_id, found) for tenure_id in sorted(streams.tenure_ids)]}


def _tenure(tenure_id: str, found: list[Aggregate]) -> dict[str, Any]:
    ledgers = {a.year: a for a in found if isinstance(a, KpiActuals) and str(a.tenure_id) == tenure_id}
    groups = {a.year: a for a in found if isinstance(a, AnnualAppraisal) and tenure_id in a.members}
    members = {a.year: a for a in found if isinstance(a, MemberAppraisal) and str(a.tenure_id) == tenure_id}
    outcome = next((a for a in found if isinstance(a, TenureAppraisal) and str(a.tenure_id) == tenure_id), None)
    proposals = [a for a in found if isinstance(a, ExitProposal) and str(a.tenure_id) == tenure_id]
    periods = [a for a in found if isinstance(a, ObservationPeriod) and str(a.tenure_id) == tenure_id]
    return {
        "tenure_id": tenure_id,
        "years": [
            {"year": year, "actuals": _ledger(ledgers.get(year)), "appraisal": _appraisal(groups.get(year), members.get(year), tenure_id)}
            for year in sorted((set(ledgers) | set(groups)) - {None})
        ],
        "tenure_actuals": _ledger(ledgers.get(None)),  # the tenure letter's own sheet's figures, when it has one
        "tenure_appraisal": _outcome(outcome),
        "exit_proposals": [
            jsonable({"id": p.id, "year": p.year, "basis": p.basis, "triggers": p.triggers,
                      "proposed_on": p.proposed_on, "decision": p.decision})
            for p in sorted(proposals, key=lambda p: (p.year, p.basis))
        ],
        "observation_periods": [_observation(p) for p in sorted(periods, key=lambda p: p.year)],
    }


def _ledger(ledger: KpiActuals | None) -> dict[str, Any] | None:
    return LedgerPublic.of(ledger).model_dump(mode="json") if ledger is not None else None


def _appraisal(group: AnnualAppraisal | None, member: MemberAppraisal | None, tenure_id: str) -> dict[str, Any] | None:
    """The group's appraisal as it concerns this tenure: its own figures (its own stream) and objections, the
    group's decisions (the group's small stream)."""
    if group is None:
        return None
    objections = [ObjectionPublic(**o.to_dict()) for o in group.objections.values() if o.tenure_id == tenure_id]
    return {
        **jsonable({key: getattr(group, key) for key in APPRAISAL_FIELDS}),
        # A revision names the member scored again (one recorded before issue 12 names none: it scored every one).
        "revisions": jsonable([r.to_dict() for r in group.revisions if r.tenure_id in (None, tenure_id)]),
        "parameters": jsonable(group.parameters),
        "objections": [o.model_dump(mode="json") for o in objections],
        "member": member_public(group, tenure_id, member).model_dump(mode="json"),
    }


def _outcome(outcome: TenureAppraisal | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    r, sheet = jsonable(outcome.result), TenureSheetPublic.of(outcome.result.get("sheet"))
    return {"tenure_score": r["score"], "tenure_grade": r["grade"], "tenure_coefficient": r["coefficient"],
            "basis": r["basis"], "annual_totals": r["annual_totals"], "exit_triggers": r["exit_triggers"],
            "policy_id": str(outcome.policy_id), "policy_version": outcome.policy_version,
            "final_on": outcome.final_on.isoformat(), "sheet": sheet.model_dump(mode="json") if sheet else None,
            "sheet_inputs": jsonable(outcome.sheet_inputs), "revisions": jsonable(list(outcome.revisions))}


def _observation(period: ObservationPeriod) -> dict[str, Any]:
    """An observation period as the record keeps it: why and when, and how it was concluded."""
    return jsonable({"id": period.id, "year": period.year, "appraisal_id": period.appraisal_id,
                     "starts_on": period.start, "ends_on": period.end, "months": period.months,
                     "reason": period.reason, "position": period.position, "group_size": period.group_size,
                     "status": period.status, "conclusion": period.conclusion})


RECORD = RecordSpec(streams=manager_streams, describe=describe, categories=CATEGORIES)
