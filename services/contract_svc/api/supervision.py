"""What supervisors measure (DOMAIN.md; 000, 001 annex rows 6, 11, 12), per enterprise or for the group, as of
a date, as JSON or XLSX: signing coverage and managers moved down or out for performance from this service's
facts; the performance-pay share by level and the pay that followed an appraisal from the payroll's, asked
for as the caller (the payroll holds the plans and settlements, and checks the caller's grants itself)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from services.contract_svc.adapters import supervision as facts
from services.contract_svc.adapters.coverage import signing_coverage
from services.contract_svc.adapters.read_models import enterprises_view, tenures_view
from services.contract_svc.api.coverage import SigningCoverage
from shared.api.filters import KNOWN_FILTERS
from services.contract_svc.api.supervision_xlsx import XLSX, workbook
from services.contract_svc.api.tenure_records import as_the_caller
from shared.api.deps import ReadUowDep
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.errors import InvalidInputError

router = APIRouter(prefix="/supervision", tags=["supervision"], route_class=CommandRoute)


class Moved(BaseModel):
    manager_code: str
    enterprise_code: str
    tenure_id: UUID
    mode: str
    effective_on: date
    proposal_id: str


class MovedForPerformance(BaseModel):
    since: date
    until: date
    out: int  # rigid exits
    down: int  # flexible adjustments: transfer, demotion
    managers: list[Moved]


class Supervision(BaseModel):
    on: date
    enterprise_id: UUID | None
    signing_coverage: SigningCoverage
    moved_for_performance: MovedForPerformance
    pay: dict[str, Any]  # the payroll's answer (GET /supervision/pay there), or {"error": ...}
    complete: bool  # false when the payroll's part is missing


@router.get("", response_model=Supervision, dependencies=[allow("supervision.read"), KNOWN_FILTERS],
            responses={200: {"content": {XLSX: {}}}})
async def supervision(request: Request, uow: ReadUowDep, access: AccessDep, on: Annotated[date, Query()],
                      enterprise_id: Annotated[UUID | None, Query()] = None,
                      since: Annotated[date | None, Query(alias="from")] = None,
                      format: Annotated[Literal["json", "xlsx"], Query()] = "json") -> Supervision | Response:
    """Of `enterprise_id`, or of every enterprise your grants reach (the group with a group-wide grant), on `on`;
    moves counted from `from` (default 1 January of `on`'s year) through `on`."""
    since = since or date(on.year, 1, 1)
    if since > on:
        raise InvalidInputError(f"from ({since}) is after on ({on})", field="from", rule="period_order")
    enterprises = await access.where(enterprises_view.c.id)
    if enterprise_id:
        enterprises = enterprises & (enterprises_view.c.id == str(enterprise_id))
    conn = (await uow.begin()).conn
    assert conn is not None
    coverage = SigningCoverage.of(await signing_coverage(conn, on, within=enterprises))
    moved = await facts.moved_for_performance(uow, since, on, enterprise_id,
                                              await access.where(tenures_view.c.enterprise_id))
    pay = await facts.pay_part(request.app.state.http, request.app.state.peers, on, enterprise_id,
                               as_the_caller(request))
    out, down = facts.count_moves(moved)
    answer = Supervision(
        on=on, enterprise_id=enterprise_id, signing_coverage=coverage, pay=pay, complete="error" not in pay,
        moved_for_performance=MovedForPerformance(since=since, until=on, out=out, down=down,
                                                  managers=[Moved(**vars(m)) for m in moved]),
    )
    if format == "xlsx":
        return Response(workbook(answer.model_dump()), media_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="supervision-{on}.xlsx"'})
    return answer
