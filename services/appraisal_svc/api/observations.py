"""Observation periods after a yellow warning (004): listed by enterprise, tenure, manager, status or the day
they are due by; read one, by its tenure and the year whose warning opened it (one per tenure and year); the
committee concludes one at or after its end."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from services.appraisal_svc.adapters.observation_queries import period_page
from services.appraisal_svc.adapters.read_models import observation_periods_view
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.application.observations import conclude_observation
from services.appraisal_svc.domain.observation import ObservationPeriod, observation_id
from shared.api.deps import IfMatchDep, ReadDep, ReadUowDep, UowDep
from shared.api.filters import KNOWN_FILTERS
from shared.api.pagination import Page, PageDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import tenure_at
from shared.messages import jsonable

router = APIRouter(prefix="/observation-periods", tags=["observation"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
Status = Literal["open", "met", "not_met"]


class ObservationSummary(BaseModel):
    id: UUID
    tenure_id: UUID
    manager_id: UUID
    enterprise_id: UUID
    year: int  # of the annual appraisal whose yellow warning opened it
    starts_on: date
    ends_on: date
    status: Status


class ObservationPublic(BaseModel):
    id: UUID
    tenure_id: UUID
    manager_id: UUID
    enterprise_id: UUID
    appraisal_id: UUID
    year: int
    starts_on: date  # the day that appraisal became final
    ends_on: date  # starts_on + months calendar months, clamped to a shorter month's last day
    months: int
    reason: str  # the yellow warning's text
    position: int | None
    group_size: int | None
    status: Status
    conclusion: dict[str, Any] | None  # outcome, by (committee or rule), reason, decision, exit_proposal_id

    @classmethod
    def of(cls, p: ObservationPeriod) -> ObservationPublic:
        return cls(id=p.id, tenure_id=p.tenure_id, manager_id=p.manager_id, enterprise_id=p.enterprise_id,
                   appraisal_id=p.appraisal_id, year=p.year, starts_on=p.start, ends_on=p.end, months=p.months,
                   reason=p.reason, position=p.position, group_size=p.group_size,
                   status=p.status, conclusion=jsonable(p.conclusion))  # type: ignore[arg-type]


@router.get("", response_model=Page[ObservationSummary], dependencies=[allow("result.read"), KNOWN_FILTERS])
async def list_periods(
    conn: ReadDep, access: AccessDep, paging: PageDep,
    enterprise_id: Annotated[UUID | None, Query()] = None, tenure_id: Annotated[UUID | None, Query()] = None,
    manager_id: Annotated[UUID | None, Query()] = None, status: Annotated[Status | None, Query()] = None,
    due_by: Annotated[date | None, Query(description="ending on or before this day")] = None,
) -> Page[ObservationSummary]:
    """The periods of the enterprises (a manager: their own) the caller's grants reach, earliest end first."""
    view = observation_periods_view
    filters = {"enterprise_id": enterprise_id, "tenure_id": tenure_id, "manager_id": manager_id, "status": status,
               "due_by": due_by}
    rows, total = await period_page(conn, await access.where(view.c.enterprise_id, view.c.manager_id), paging, filters)
    return Page(items=[ObservationSummary.model_validate(r._mapping) for r in rows], total=total,
                page=paging.page, page_size=paging.page_size)


@router.get("/{tenure_id}/{year}", response_model=ObservationPublic,
            dependencies=[allow("result.read", tenure_at(), what="tenure")])
async def get_period(tenure_id: UUID, year: int, uow: ReadUowDep, response: Response) -> ObservationPublic:
    """The period the tenure's `year` appraisal opened (a manager: their own)."""
    period = await uow.load(ObservationPeriod, observation_id(tenure_id, year))
    with_version(response, period.version)
    return ObservationPublic.of(period)


@router.post("/{tenure_id}/{year}/conclusion", status_code=CREATED, response_model=ObservationPublic,
             dependencies=[allow("appraisal.decide", tenure_at(), what="tenure")])  # the committee of its enterprise
async def conclude(tenure_id: UUID, year: int, cmd: c.ConcludeObservation, uow: UowDep, version: IfMatchDep,
                   response: Response) -> ObservationPublic:
    """Met closes the period; not met proposes an exit (basis observation) for the contract side to decide."""
    period = await conclude_observation(uow, observation_id(tenure_id, year), cmd, version)
    with_version(response, period.version)
    return ObservationPublic.of(period)
