"""What supervisors measure: signing coverage of enterprises and of managers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.contract_svc.adapters.coverage import signing_coverage
from services.contract_svc.adapters.read_models import enterprises_view
from shared.api.deps import ReadDep
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.decimals import round_rate

router = APIRouter(prefix="/coverage", tags=["supervision"], route_class=CommandRoute)


class SigningCoverage(BaseModel):
    on: date
    enterprises: int
    enterprises_covered: int
    enterprise_rate: Decimal | None
    managers: int
    managers_covered: int
    manager_rate: Decimal | None
    enterprises_not_covered: list[str]
    managers_not_covered: list[str]

    @classmethod
    def of(cls, figures: dict) -> SigningCoverage:
        """The counts of `adapters.coverage.signing_coverage` with their rates."""
        return cls(**figures, enterprise_rate=_rate(figures["enterprises_covered"], figures["enterprises"]),
                   manager_rate=_rate(figures["managers_covered"], figures["managers"]))


def _rate(part: int, whole: int) -> Decimal | None:
    return round_rate(Decimal(part) / Decimal(whole)) if whole else None


@router.get("/signing", response_model=SigningCoverage, dependencies=[allow("coverage.read")])
async def signing(
    conn: ReadDep, access: AccessDep, on: Annotated[date, Query()], category: Annotated[str | None, Query()] = None
) -> SigningCoverage:
    """Share of enterprises whose managers have all signed, and of managers with a signed agreement in force,
    over the enterprises your grants reach."""
    return SigningCoverage.of(await signing_coverage(conn, on, category, await access.where(enterprises_view.c.id)))
