"""The appraisal service: `uvicorn services.appraisal_svc.main:app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.appraisal_svc.adapters.read_models import PROJECTED, project
from services.appraisal_svc.api import actuals, appraisals, observations, outcomes
from services.appraisal_svc.api.record import RECORD
from services.appraisal_svc.application.messages import MESSAGE_HANDLERS
from services.appraisal_svc.settings import Settings
from shared.api.app import ServiceSpec, create_service_app
from shared.knowledge.tables import known_enterprises, known_managers, known_tenures

# What payroll and contract read: each member's final result (`shared.domain.messages.AnnualResult`), the tenure
# appraisal (`TenureAppraised`), appraised again after a revision (`TenureAppraisalRevised`), and exit proposals
# (`ExitProposed`).
TENURE_APPRAISALS = frozenset({"TenureAppraisal.Recorded", "TenureAppraisal.Revised"})
PUBLISHED = frozenset({"MemberAppraisal.Finalised", *TENURE_APPRAISALS, "ExitProposal.Proposed"})

SPEC = ServiceSpec(
    name="appraisal",
    title="Appraisal service (任期制契约化: 考核服务)",
    description=(
        "Actuals and ratings, scoring by the rules of the signed letters, annual appraisals of appraisal groups "
        "with forced-distribution grades, committee confirmation, objections, tenure appraisals, warnings and "
        "exit proposals. It learns tenures, letters and policies from the contract service's events. "
        "Any POST may carry `Idempotency-Key`; errors are RFC 9457 problem+json."
    ),
    migrations=Path(__file__).parent / "migrations",
    routers=[actuals.router, appraisals.router, outcomes.router, observations.router],
    subscriptions={"contract": frozenset({*TENURE_APPRAISALS, "ExitProposal.Proposed"}), "payroll": PUBLISHED},
    message_handlers=MESSAGE_HANDLERS,
    projector=project,
    read_models=PROJECTED,
    record=RECORD,
    directory=(known_enterprises, known_managers, known_tenures),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or Settings())


app = create_app()
