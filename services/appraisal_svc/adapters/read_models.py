"""The appraisal service's read models, rewritten from each aggregate in the transaction of its events."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.domain import Aggregate
from sqlalchemy import JSON, Column, Date, Integer, MetaData, Numeric, String, Table, delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.grading import GradeProposal
from services.appraisal_svc.domain.member import MemberAppraisal
from services.appraisal_svc.domain.observation import ObservationPeriod
from services.appraisal_svc.domain.outcomes import ExitProposal, TenureAppraisal
from services.appraisal_svc.domain.records import report_dict
from services.appraisal_svc.domain.results import TriggerReport
from shared.messages import jsonable
from shared.readmodels import Key, upsert_all

metadata = MetaData()
ID = String(36)
Row = tuple[Table, dict[str, Any], Key]  # a read model's row and the key it is written under

appraisals_view = Table(
    "appraisals_view",
    metadata,
    Column("id", ID, primary_key=True),
    Column("enterprise_id", ID, nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("policy_version", Integer, nullable=False),
    Column("version", Integer, nullable=False),
)

appraisal_results_view = Table(
    "appraisal_results_view",
    metadata,
    Column("appraisal_id", ID, primary_key=True),
    Column("tenure_id", ID, primary_key=True),
    Column("manager_id", ID, nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("total", Numeric(12, 2)),
    Column("grade", String(20)),
    Column("position", Integer),
    Column("group_size", Integer),
    Column("exit_triggers", JSON),
    Column("warnings", JSON),
    Column("ranking_warnings", JSON),
)

exit_proposals_view = Table(
    "exit_proposals_view",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenure_id", ID, nullable=False, index=True),
    Column("manager_id", ID, nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("basis", String(20), nullable=False),
    Column("triggers", JSON, nullable=False),
    Column("proposed_on", Date, nullable=False),
    Column("decision", JSON),
)

tenure_appraisals_view = Table(
    "tenure_appraisals_view",
    metadata,
    Column("tenure_id", ID, primary_key=True),
    Column("manager_id", ID, nullable=False, index=True),
    Column("score", Numeric(12, 2), nullable=False),
    Column("grade", String(20), nullable=False),
    Column("final_on", Date, nullable=False),
)

observation_periods_view = Table(
    "observation_periods_view",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenure_id", ID, nullable=False, index=True),
    Column("manager_id", ID, nullable=False, index=True),
    Column("enterprise_id", ID, nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
)


async def _legacy(conn: AsyncConnection, a: AnnualAppraisal) -> None:
    """A group recorded before members had streams: its member detail is in its own events, rewritten whole
    (a member it left out since loses its row)."""
    await conn.execute(delete(appraisal_results_view).where(appraisal_results_view.c.appraisal_id == str(a.id)))
    await conn.execute(insert(appraisal_results_view), [_legacy_row(a, tenure_id) for tenure_id in a.members])


def _appraisal(a: AnnualAppraisal) -> Row:
    """The group's row; its members' rows come from their own streams (but a legacy group's: _legacy)."""
    return appraisals_view, {"id": str(a.id), "enterprise_id": str(a.enterprise_id), "year": a.year,
                             "status": a.status, "policy_version": a.policy_version, "version": a.version}, "id"


def _legacy_row(a: AnnualAppraisal, tenure_id: str) -> dict[str, Any]:
    proposal, figures = a.proposals.get(tenure_id), a.legacy.figures(tenure_id)
    return {"appraisal_id": str(a.id), "tenure_id": tenure_id, "manager_id": a.members[tenure_id].manager_id,
            "year": a.year, "status": a.status, "grade": a.grades.get(tenure_id),
            **_placing(proposal), **_report(figures.report if figures else None)}


def _placing(proposal: GradeProposal | None) -> dict[str, Any]:
    if proposal is None:
        return {"total": None, "position": None, "group_size": None}
    return {"total": proposal.total, "position": proposal.position, "group_size": proposal.group_size}


def _report(report: TriggerReport | None) -> dict[str, Any]:
    if report is None:
        return {"exit_triggers": None, "warnings": None, "ranking_warnings": None}
    return jsonable(report_dict(report))  # type: ignore[no-any-return]


def _member(m: MemberAppraisal) -> Row:
    """A member's row: its place in the ranking, its final grade, its triggers and warnings."""
    row = {"appraisal_id": str(m.group_id), "tenure_id": str(m.tenure_id), "manager_id": str(m.manager_id),
           "year": m.year, "status": m.status, "grade": m.final.grade if m.final else None,
           **_placing(m.proposal), **_report(m.figures.report)}
    return appraisal_results_view, row, ("appraisal_id", "tenure_id")


def _exit_proposal(p: ExitProposal) -> Row:
    row = {"id": str(p.id), "tenure_id": str(p.tenure_id), "manager_id": str(p.manager_id), "year": p.year,
           "basis": p.basis, "triggers": jsonable(p.triggers), "proposed_on": p.proposed_on,
           "decision": jsonable(p.decision)}
    return exit_proposals_view, row, "id"


def _tenure_appraisal(t: TenureAppraisal) -> Row:
    row = {"tenure_id": str(t.tenure_id), "manager_id": str(t.manager_id), "score": t.result["score"],
           "grade": t.result["grade"], "final_on": t.final_on}
    return tenure_appraisals_view, row, "tenure_id"


def _observation(o: ObservationPeriod) -> Row:
    row = {"id": str(o.id), "tenure_id": str(o.tenure_id), "manager_id": str(o.manager_id),
           "enterprise_id": str(o.enterprise_id), "year": o.year, "starts_on": o.start, "ends_on": o.end,
           "status": o.status}
    return observation_periods_view, row, "id"


PROJECTIONS: dict[type, Callable[[Any], Row]] = {
    AnnualAppraisal: _appraisal, MemberAppraisal: _member, ExitProposal: _exit_proposal,
    TenureAppraisal: _tenure_appraisal, ObservationPeriod: _observation,
}


async def project(conn: AsyncConnection, aggregates: Sequence[Aggregate]) -> None:
    """Each aggregate's row rewritten from its state, one statement per table for all of them."""
    for legacy in (a for a in aggregates if isinstance(a, AnnualAppraisal) and a.legacy.read):
        await _legacy(conn, legacy)
    await upsert_all(conn, (PROJECTIONS[type(a)](a) for a in aggregates if type(a) in PROJECTIONS))


# What `project` writes from this service's own events, and can rebuild from them.
PROJECTED = tuple(metadata.sorted_tables)
