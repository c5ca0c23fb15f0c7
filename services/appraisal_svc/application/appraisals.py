"""Handlers for annual appraisals: open a group, close it on audited figures, confirm, objections, finalise."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select

from shared.knowledge import tables as knowledge
from services.appraisal_svc.adapters.read_models import appraisal_results_view
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.application.actuals import inputs_of
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.outcomes import ExitProposal, TenureAppraisal
from shared.errors import ConflictError, NotFoundError, RuleViolationError
from shared.unit_of_work import UnitOfWork


async def open_appraisal(uow: UnitOfWork, cmd: c.OpenAppraisal) -> AnnualAppraisal:
    """The group: the enterprise's tenures that touch the year, each under its signed annual letter."""
    await uow.begin()
    conn = uow.conn
    assert conn is not None
    try:
        await uow.load(AnnualAppraisal, AnnualAppraisal.create_id(cmd.enterprise_id, cmd.year))
        raise ConflictError(f"the {cmd.year} appraisal of this enterprise is open already", field="year", rule="one_appraisal_per_year")
    except NotFoundError:
        pass
    tenures = await knowledge.tenures_in_year(conn, str(cmd.enterprise_id), cmd.year)
    if not tenures:
        raise RuleViolationError(f"no tenure of enterprise {cmd.enterprise_id} runs in {cmd.year}", field="enterprise_id", rule="group_not_empty")
    policies = {t.policy_id for t in tenures}
    if len(policies) > 1:
        raise RuleViolationError("the group's tenures are under different policies", field="enterprise_id", rule="one_policy_per_group")
    policy = await knowledge.policy_version_on(conn, tenures[0].policy_id, max(date(cmd.year, 12, 31), tenures[0].start_date))
    members = [await _member(conn, t, cmd.year) for t in tenures]
    appraisal = AnnualAppraisal(
        enterprise_id=cmd.enterprise_id, year=cmd.year, policy_id=UUID(policy.policy_id), policy_version=policy.number,
        parameters=policy.parameters, members=members, opened_on=cmd.opened_on,
    )
    await uow.save(appraisal, effective_date=cmd.opened_on)
    return appraisal


async def _member(conn, tenure: Any, year: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    letter = await knowledge.signed_annual_letter(conn, tenure.id, year, field="enterprise_id")
    manager = await knowledge.manager(conn, tenure.manager_id)
    return {
        "tenure_id": tenure.id, "manager_id": tenure.manager_id, "manager_code": manager.code if manager else None,
        "manager_name": manager.name if manager else None, "level": tenure.level,
        "term_start_year": tenure.start_date.year, "tenure_end": tenure.end_date,
        "letter_key": letter.key, "letter_version": letter.version_number, "kpis": letter.kpis,
    }


async def close_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.CloseAppraisal, version: int | None) -> AnnualAppraisal:
    appraisal = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    appraisal.close(await inputs_of(uow, list(appraisal.members), appraisal.year), cmd.closed_on)
    await uow.save(appraisal, effective_date=cmd.closed_on)
    return appraisal


async def confirm_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.ConfirmAppraisal, version: int | None) -> AnnualAppraisal:
    appraisal = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    overrides = [o.model_dump() for o in cmd.overrides]
    appraisal.confirm(cmd.decided_on, overrides, int(appraisal.parameters.get("objection_window_days", 15)))
    await uow.save(appraisal, effective_date=cmd.decided_on)
    return appraisal


async def file_objection(uow: UnitOfWork, appraisal_id: UUID, cmd: c.FileObjection, version: int | None) -> AnnualAppraisal:
    appraisal = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    appraisal.file_objection(str(cmd.tenure_id), cmd.reason, cmd.filed_on)
    await uow.save(appraisal, effective_date=cmd.filed_on)
    return appraisal


async def decide_objection(uow: UnitOfWork, appraisal_id: UUID, objection_id: str, cmd: c.DecideObjection,
                           version: int | None) -> AnnualAppraisal:
    """Upheld: scored again on the ledgers as corrected since; rejected: recorded with its reason."""
    appraisal = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    inputs = await inputs_of(uow, list(appraisal.members), appraisal.year) if cmd.outcome == "upheld" else None
    appraisal.decide_objection(objection_id, cmd.outcome, cmd.reason, cmd.decided_on, inputs)
    await uow.save(appraisal, effective_date=cmd.decided_on)
    return appraisal


async def finalise_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.FinaliseAppraisal, version: int | None) -> AnnualAppraisal:
    appraisal = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    history = await _final_years(uow, appraisal)
    appraisal.finalise(cmd.on, {t: [h for h in history.get(m["manager_id"], [])] for t, m in appraisal.members.items()})
    tenure_appraisals = _tenure_appraisals(appraisal, history, cmd.on)
    proposals = [
        *(_proposal(appraisal, t, "annual", r["exit_triggers"], cmd.on) for t, r in appraisal.reports.items() if r["exit_triggers"]),
        *(_proposal(appraisal, str(t.tenure_id), "tenure", t.result["exit_triggers"], cmd.on)
          for t in tenure_appraisals if t.result["exit_triggers"]),
    ]
    await uow.save(appraisal, *tenure_appraisals, *proposals, effective_date=cmd.on)
    return appraisal


async def revise_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.ReviseAppraisal, version: int | None) -> AnnualAppraisal:
    appraisal = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    history = await _final_years(uow, appraisal)
    inputs = await inputs_of(uow, list(appraisal.members), appraisal.year)
    appraisal.revise(inputs, cmd.reason, cmd.decided_on,
                     {t: history.get(m["manager_id"], []) for t, m in appraisal.members.items()})
    await uow.save(appraisal, effective_date=cmd.decided_on)
    return appraisal


async def _final_years(uow: UnitOfWork, appraisal: AnnualAppraisal) -> dict[str, list[dict[str, Any]]]:
    """Each member's earlier final annual results, by manager."""
    assert uow.conn is not None
    managers = [str(m["manager_id"]) for m in appraisal.members.values()]
    rows = (
        await uow.conn.execute(
            select(appraisal_results_view).where(
                appraisal_results_view.c.manager_id.in_(managers), appraisal_results_view.c.status == "final",
                appraisal_results_view.c.year < appraisal.year,
            ).order_by(appraisal_results_view.c.year)
        )
    ).all()
    history: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        history.setdefault(r.manager_id, []).append(
            {"year": r.year, "total": r.total, "grade": r.grade, "position": r.position, "group_size": r.group_size,
             "tenure_id": r.tenure_id})
    return history


def _proposal(appraisal: AnnualAppraisal, tenure_id: str, basis: str, triggers: list[dict[str, Any]], on: date) -> ExitProposal:
    member = appraisal.members[tenure_id]
    return ExitProposal(tenure_id=UUID(tenure_id), year=appraisal.year, basis=basis, manager_id=UUID(str(member["manager_id"])),
                        triggers=triggers, proposed_on=on)


def _tenure_appraisals(appraisal: AnnualAppraisal, history: dict[str, list[dict[str, Any]]], on: date) -> list[TenureAppraisal]:
    """Done with the final year's appraisal: for members whose term ends in this year."""
    outcomes = []
    for tenure_id, member in appraisal.members.items():
        if _year_of(member["tenure_end"]) != appraisal.year:
            continue
        totals = {h["year"]: h["total"] for h in history.get(str(member["manager_id"]), []) if h["tenure_id"] == tenure_id}
        totals[appraisal.year] = appraisal.proposals[tenure_id]["total"]
        outcomes.append(TenureAppraisal.appraise(
            UUID(tenure_id), UUID(str(member["manager_id"])), totals, appraisal.parameters,
            appraisal.policy_id, appraisal.policy_version, on,
        ))
    return outcomes


def _year_of(value: Any) -> int:
    return value.year if isinstance(value, date) else date.fromisoformat(str(value)).year
