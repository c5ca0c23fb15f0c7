"""Onboarding: an enterprise's serving managers brought in at once from the signed papers the group holds."""

from __future__ import annotations

import hashlib
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile, status
from pydantic import BaseModel

from services.contract_svc.application.onboarding import onboard
from services.contract_svc.application.onboarding_upload import onboard_workbook
from services.contract_svc.application.onboarding_commands import Onboard, Roster, ServingManager
from services.contract_svc.domain.onboarding import Brought, Onboarding, cause_of
from shared.api.bulk import bulk_body, documented
from shared.api.deps import UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import allow
from shared.auth.scope import enterprise_at

router = APIRouter(prefix="/enterprises", tags=["onboarding"], route_class=CommandRoute)
# a whole roster in one body: JSON up to the upload limit, not the limit of one command's body (shared/api/limits.py)
BULK_PATHS = ("/onboarding",)
RosterDep = Annotated[Roster, Depends(bulk_body(Onboard, "managers", ServingManager, key=lambda m: m.code))]


class BroughtPublic(BaseModel):
    code: str
    manager_id: UUID
    tenure_id: UUID
    letter_keys: list[str]


class OnboardingPublic(BaseModel):
    id: UUID
    enterprise_id: UUID
    source: str
    format: str
    digest: str
    cause: str  # what every event it brought in names as its causation_id
    managers: list[BroughtPublic]

    @classmethod
    def of(cls, onboarding: Onboarding, brought: list[Brought]) -> OnboardingPublic:
        return cls(id=onboarding.id, enterprise_id=onboarding.enterprise_id, source=onboarding.source,
                   format=onboarding.document_format, digest=onboarding.digest, cause=cause_of(onboarding.id),
                   managers=[BroughtPublic(code=b.code, manager_id=b.manager_id, tenure_id=b.tenure_id,
                                           letter_keys=list(b.letter_keys)) for b in brought])


@router.post("/{enterprise_id}/onboarding", status_code=status.HTTP_201_CREATED, response_model=OnboardingPublic,
             dependencies=[allow("onboarding.import", enterprise_at(), what="enterprise")],
             openapi_extra=documented(Onboard))
async def import_managers(enterprise_id: UUID, uow: UowDep, roster: RosterDep, request: Request,
                          response: Response) -> OnboardingPublic:
    """Bring the enterprise's serving managers in, all or none: each registered, their tenure opened, reviewed,
    approved, signed by both parties (as on the papers) and active, each letter issued and signed by both. The
    events record you as their actor and this onboarding as their cause, with the SHA-256 of the body sent;
    the first refusal names its item."""
    digest = hashlib.sha256(await request.body()).hexdigest()  # the body as read already: no second copy
    onboarding, brought = await onboard(uow, enterprise_id, roster, digest=digest)
    with_version(response, onboarding.version)
    return OnboardingPublic.of(onboarding, brought)


@router.post("/{enterprise_id}/onboarding/upload", status_code=status.HTTP_201_CREATED, response_model=OnboardingPublic,
             dependencies=[allow("onboarding.import", enterprise_at(), what="enterprise")])
async def import_workbook(
    enterprise_id: UUID, uow: UowDep, response: Response,
    file: Annotated[UploadFile, File(description="the roster workbook (XLSX): sheets managers, letters and kpis")],
    source: Annotated[str, Form(description="where the papers are: the archive, file or decision")],
) -> OnboardingPublic:
    """The same onboarding from the HR office's roster workbook: a sheet `managers` (a row per manager), `letters`
    (a row per letter, `manager_code` saying whose) and `kpis` (a row per KPI, `manager_code`, `kind` and `year`
    saying of which letter), each column headed by the field's path in the JSON roster (`agreement.pay.base`,
    `signatures.0.signer_name`). Every bad cell is reported by sheet, row and column, and nothing is brought in;
    the events record the SHA-256 of the file sent."""
    onboarding, brought = await onboard_workbook(uow, enterprise_id, source, file.filename or "", file.file)
    with_version(response, onboarding.version)
    return OnboardingPublic.of(onboarding, brought)
