"""Handlers for annual appraisals: open a group, close it on audited figures, confirm, objections, finalise,
revise. Each loads the group and, where a step records in them, its members' streams; decides (domain/steps.py);
and saves the group and its members in one unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.appraisal_svc.adapters.appraisal_queries import (
    earlier_final_years,
    group_to_open,
    members_to_decide,
    members_who_left,
    tenures_ended_before,
    tenures_in_year,
)
from services.appraisal_svc.adapters.observation_queries import open_periods
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.application.actuals import inputs_of, tenure_sheets
from services.appraisal_svc.domain import steps
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.annual_checks import check_group
from services.appraisal_svc.domain.member import MemberAppraisal
from services.appraisal_svc.domain.observing import observe
from services.appraisal_svc.domain.outcomes import (
    TenureAppraisal,
    closing_tenures,
    exit_proposals,
    leave_out,
    revise_tenure,
    tenure_appraisals,
)
from shared.errors import ConflictError, NotFoundError
from shared.unit_of_work import UnitOfWork

MEMBERS_AT_ONCE = 100  # a group's members recorded and saved this many at a time
Recorded = Callable[[AnnualAppraisal, dict[str, MemberAppraisal]], None]  # told each part once it is recorded


def _unheard(_: AnnualAppraisal, __: dict[str, MemberAppraisal]) -> None:
    pass


async def open_appraisal(uow: UnitOfWork, cmd: c.OpenAppraisal) -> AnnualAppraisal:
    """The group: the enterprise's tenures that touch the year, each under its signed annual letter."""
    try:
        await uow.load(AnnualAppraisal, AnnualAppraisal.create_id(cmd.enterprise_id, cmd.year))
        raise ConflictError(f"the {cmd.year} appraisal of this enterprise is open already", field="year", rule="one_appraisal_per_year")
    except NotFoundError:
        pass
    tenures = await tenures_in_year(uow, cmd.enterprise_id, cmd.year)
    check_group(cmd.enterprise_id, cmd.year, [t.policy_id for t in tenures])
    found = await group_to_open(uow, tenures, cmd.year)
    group = AnnualAppraisal(enterprise_id=cmd.enterprise_id, year=cmd.year, policy_id=found.policy_id,
                            policy_version=found.policy_version, parameters=found.parameters, members=found.members,
                            opened_on=cmd.opened_on)
    members = [MemberAppraisal(group_id=group.id, tenure_id=UUID(str(m["tenure_id"])), year=cmd.year,
                               manager_id=UUID(str(m["manager_id"])), kpis=found.sheets[str(m["tenure_id"])])
               for m in found.members]
    await uow.save(group, *members, effective_date=cmd.opened_on)
    return group


async def close_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.CloseAppraisal, version: int | None,
                          recorded: Recorded = _unheard) -> AnnualAppraisal:
    """Closed without the members who left for cause since it opened (DOMAIN.md "Exit for cause"). Scored a part
    of the members at a time, ranked whole, then recorded a part at a time (`recorded` told of each): the members
    are read twice so that a 1,000-member group is never held at once."""
    group = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    leave_out(group, await members_who_left(uow, group))
    closing = steps.Closing(group, cmd.closed_on)
    async for part in parts_to_decide(uow, group):
        closing.score(part, await inputs_of(uow, list(part), group.year))
    record = closing.rank()
    await uow.save(group, effective_date=cmd.closed_on)
    async for part in parts_to_decide(uow, group):
        record(part)
        await uow.save(*part.values(), effective_date=cmd.closed_on, held=False)
        recorded(group, part)
    return group


async def parts_to_decide(uow: UnitOfWork, group: AnnualAppraisal) -> AsyncIterator[dict[str, MemberAppraisal]]:
    """The group's members to decide, MEMBERS_AT_ONCE at a time in the group's order; each part let go by the
    caller (saved not held) before the next is read."""
    tenure_ids = list(group.members)
    for first in range(0, len(tenure_ids), MEMBERS_AT_ONCE):
        yield await members_to_decide(uow, group, tenure_ids[first:first + MEMBERS_AT_ONCE])


async def confirm_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.ConfirmAppraisal, version: int | None) -> AnnualAppraisal:
    group = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    group.confirm(cmd.decided_on, [o.model_dump() for o in cmd.overrides])
    await uow.save(group, effective_date=cmd.decided_on)
    return group


async def file_objection(uow: UnitOfWork, appraisal_id: UUID, cmd: c.FileObjection, version: int | None) -> AnnualAppraisal:
    group = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    group.file_objection(str(cmd.tenure_id), cmd.reason, cmd.filed_on)
    await uow.save(group, effective_date=cmd.filed_on)
    return group


async def decide_objection(uow: UnitOfWork, appraisal_id: UUID, objection_id: str, cmd: c.DecideObjection,
                           version: int | None) -> AnnualAppraisal:
    """Upheld: the objector scored again on their ledger as corrected since; rejected: recorded with its reason."""
    group = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    objection = group.objections.get(objection_id)
    upheld = cmd.outcome == "upheld" and objection is not None
    members = await members_to_decide(uow, group) if upheld else {}
    inputs = await inputs_of(uow, [objection.tenure_id], group.year) if upheld and objection else None
    steps.decide_objection(group, members, objection_id, cmd.outcome, cmd.reason, cmd.decided_on, inputs)
    await uow.save(group, *members.values(), effective_date=cmd.decided_on)
    return group


async def finalise_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.FinaliseAppraisal, version: int | None,
                             recorded: Recorded = _unheard) -> AnnualAppraisal:
    """Final: each member's triggers and final result, a part of the members at a time (`recorded` told of each);
    tenure appraisals, exit proposals and observation periods (opened on yellow warnings, earlier ones concluded
    by rule) with it."""
    group = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    history, left = await earlier_final_years(uow, group), await members_who_left(uow, group)
    sheets = await tenure_sheets(uow, closing_tenures(group, left))
    tenures = tenure_appraisals(group, history, cmd.on, left, sheets)  # refused before anything is recorded
    ended, periods = await tenures_ended_before(uow, group, cmd.on), await open_periods(uow, group)
    record = steps.finalise(group, history, cmd.on)
    await uow.save(group, effective_date=cmd.on)
    outcomes: list[Aggregate] = [*tenures, *exit_proposals(group, {}, tenures, cmd.on, ended)]
    async for part in parts_to_decide(uow, group):
        record(part)
        outcomes += exit_proposals(group, part, [], cmd.on, ended)
        outcomes += observe(group, part, periods, cmd.on, ended).aggregates
        await uow.save(*part.values(), effective_date=cmd.on, held=False)
        recorded(group, part)
    await uow.save(group, *outcomes, effective_date=cmd.on)  # the group again: for any event an outcome adds to it
    return group


async def revise_appraisal(uow: UnitOfWork, appraisal_id: UUID, cmd: c.ReviseAppraisal, version: int | None) -> AnnualAppraisal:
    group = await uow.load(AnnualAppraisal, appraisal_id, expected_version=version)
    members, history = await members_to_decide(uow, group), await earlier_final_years(uow, group)
    inputs = await inputs_of(uow, [str(cmd.tenure_id)], group.year)
    steps.revise(group, members, inputs, str(cmd.tenure_id), cmd.reason, cmd.decision_ref, cmd.decided_on, history)
    tenure = await recorded_tenure_appraisal(uow, cmd.tenure_id)
    if tenure is not None:  # the tenure appraised already follows the revised year (DOMAIN.md "Correction after final")
        revise_tenure(tenure, group, members[str(cmd.tenure_id)], cmd.reason, cmd.decision_ref, cmd.decided_on)
    await uow.save(group, *members.values(), *filter(None, [tenure]), effective_date=cmd.decided_on)
    return group


async def recorded_tenure_appraisal(uow: UnitOfWork, tenure_id: UUID) -> TenureAppraisal | None:
    try:
        return await uow.load(TenureAppraisal, TenureAppraisal.create_id(tenure_id))
    except NotFoundError:
        return None
