"""What the annual appraisal handlers read: the group's tenures with their signed letters and policy, the
members' own streams, and the managers' earlier final years. Small typed queries; no handler touches SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.appraisal_svc.adapters.read_models import appraisal_results_view, appraisals_view
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.member import MemberAppraisal, member_id
from services.appraisal_svc.domain.results import YearResult
from services.appraisal_svc.domain.steps import History, PastYear
from shared.api.pagination import PageParams, fetch_page
from shared.knowledge import tables as knowledge
from shared.replay import replay
from shared.unit_of_work import SAVED_AT_ONCE, UnitOfWork


@dataclass(frozen=True)
class GroupToOpen:
    """An enterprise's tenures that touch the year, each under its signed annual letter, and their policy."""

    policy_id: UUID
    policy_version: int
    parameters: dict[str, Any]
    members: list[dict[str, Any]]  # membership, as the group records it
    sheets: dict[str, list[dict[str, Any]]]  # each member's KPI sheet, as its own stream records it


async def tenures_in_year(uow: UnitOfWork, enterprise_id: UUID, year: int) -> list[Any]:
    """The enterprise's tenures whose term touches the year, as learned from the contract side."""
    await uow.begin()
    assert uow.conn is not None
    return list(await knowledge.tenures_in_year(uow.conn, str(enterprise_id), year))


async def tenures_ended_before(uow: UnitOfWork, group: AnnualAppraisal, day: date) -> set[str]:
    """The group's tenures that had ended before `day`, as learned from the contract side."""
    await uow.begin()
    assert uow.conn is not None
    return await knowledge.ended_before(uow.conn, list(group.members), day)


async def members_who_left(uow: UnitOfWork, group: AnnualAppraisal) -> dict[str, date]:
    """The group's members whose manager left for cause before the year's last day, as learned since it opened."""
    await uow.begin()
    assert uow.conn is not None
    return await knowledge.left_for_cause(uow.conn, list(group.members), date(group.year, 12, 31))


async def group_to_open(uow: UnitOfWork, tenures: list[Any], year: int) -> GroupToOpen:
    await uow.begin()
    conn = uow.conn
    assert conn is not None
    policy = await knowledge.policy_version_on(conn, tenures[0].policy_id, max(date(year, 12, 31), tenures[0].start_date))
    members, sheets = [], {}
    letters = await knowledge.signed_annual_letters(conn, [str(t.id) for t in tenures], year, field="enterprise_id")
    managers = await knowledge.managers(conn, [str(t.manager_id) for t in tenures])
    for tenure in tenures:
        letter, manager = letters[str(tenure.id)], managers.get(str(tenure.manager_id))
        members.append({
            "tenure_id": tenure.id, "manager_id": tenure.manager_id, "manager_code": manager.code if manager else None,
            "manager_name": manager.name if manager else None, "level": tenure.level,
            "term_start_year": tenure.start_date.year, "tenure_end": tenure.end_date,
            "letter_key": letter.key, "letter_version": letter.version_number,
        })
        sheets[str(tenure.id)] = letter.kpis
    return GroupToOpen(UUID(policy.policy_id), policy.number, policy.parameters, members, sheets)


async def members_of(uow: UnitOfWork, group: AnnualAppraisal, as_of: datetime | None = None,
                     tenure_ids: Iterable[str] | None = None) -> dict[str, MemberAppraisal]:
    """The members' own streams (all, or those of `tenure_ids`), in the group's order, read in one query (none for
    a group recorded before members had streams: its member detail is in its own events, `group.legacy`)."""
    wanted = group.members if tenure_ids is None else tenure_ids
    ids = {tenure_id: member_id(tenure_id, group.year) for tenure_id in wanted}
    if as_of is None:  # as they are now: those this unit of work saved are not replayed again
        found = await uow.load_many(MemberAppraisal, list(ids.values()))
        return {tenure_id: found[stream_id] for tenure_id, stream_id in ids.items() if stream_id in found}
    await uow.begin()
    assert uow.store is not None
    streams = await uow.store.read_streams([str(i) for i in ids.values()], as_of=as_of)
    return {tenure_id: replay(streams[str(i)]) for tenure_id, i in ids.items() if str(i) in streams}  # type: ignore[misc]


async def members_in_parts(uow: UnitOfWork, group: AnnualAppraisal
                           ) -> AsyncIterator[tuple[list[str], dict[str, MemberAppraisal]]]:  # fmt: skip
    """As `members_of`, SAVED_AT_ONCE members at a time (their tenure ids, and their streams): what one part
    answers is let go before the next is read."""
    tenure_ids = list(group.members)
    for first in range(0, len(tenure_ids), SAVED_AT_ONCE):
        part = tenure_ids[first:first + SAVED_AT_ONCE]
        yield part, await members_of(uow, group, tenure_ids=part)


async def members_to_decide(uow: UnitOfWork, group: AnnualAppraisal,
                            tenure_ids: list[str] | None = None) -> dict[str, MemberAppraisal]:
    """Every member's stream (or those of `tenure_ids`), for a step that records in them: a member of a group
    recorded before members had streams gets one now, opened on the sheet the group's first event recorded."""
    wanted = list(group.members) if tenure_ids is None else tenure_ids
    members = await members_of(uow, group, tenure_ids=wanted)
    for tenure_id in wanted:
        if tenure_id not in members:
            members[tenure_id] = _from_legacy(group, tenure_id)
    return {tenure_id: members[tenure_id] for tenure_id in wanted}


def _from_legacy(group: AnnualAppraisal, tenure_id: str) -> MemberAppraisal:
    """A member's stream opened on what the group's legacy events recorded of it: its sheet, and its figures
    and grade if the group was closed."""
    member = MemberAppraisal(group_id=group.id, tenure_id=UUID(tenure_id), year=group.year,
                             manager_id=UUID(group.members[tenure_id].manager_id), kpis=group.legacy.sheets[tenure_id])
    figures = group.legacy.figures(tenure_id)
    if figures is not None and figures.score is not None and group.closed_on is not None and group.proposals:
        member.record_score(figures.inputs or {}, figures.score, "recorded in the group's events", group.closed_on)
        member.record_grade(group.proposals[tenure_id])
    return member


async def earlier_final_years(uow: UnitOfWork, group: AnnualAppraisal) -> History:
    """Each member's manager's earlier final annual results (any tenure), by the member's tenure."""
    await uow.begin()
    assert uow.conn is not None
    view = appraisal_results_view
    managers = {m.manager_id for m in group.members.values()}
    query = (select(view).where(view.c.manager_id.in_(sorted(managers)), view.c.status == "final", view.c.year < group.year)
             .order_by(view.c.year))
    by_manager: dict[str, list[PastYear]] = {}
    for r in (await uow.conn.execute(query)).all():
        result = YearResult(r.year, r.total, r.grade, r.position, r.group_size)
        by_manager.setdefault(r.manager_id, []).append(PastYear(r.tenure_id, result))
    return {tenure_id: by_manager.get(m.manager_id, []) for tenure_id, m in group.members.items()}


async def appraisal_page(conn: AsyncConnection, reachable: ColumnElement[bool], paging: PageParams,
                         enterprise_id: UUID | None, year: int | None) -> tuple[list[Any], int]:
    """One page of the appraisal groups the caller reaches, earliest year first."""
    view = appraisals_view
    query = select(view).where(reachable).order_by(view.c.year, view.c.enterprise_id, view.c.id)
    if enterprise_id:
        query = query.where(view.c.enterprise_id == str(enterprise_id))
    if year:
        query = query.where(view.c.year == year)
    return await fetch_page(conn, query, paging)
