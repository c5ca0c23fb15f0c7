"""The contract service: `uvicorn services.contract_svc.main:app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.contract_svc.adapters.read_models import (
    PROJECTED,
    enterprises_view,
    managers_view,
    project,
    tenures_view,
)
from services.contract_svc.api import (
    bids, coverage, enterprises, expiring, managers, onboarding, policies, supervision, tenure_records, tenures,
)
from services.contract_svc.application.messages import MESSAGE_HANDLERS
from services.contract_svc.api.record import RECORD
from services.contract_svc.settings import Settings
from shared.api.app import ServiceSpec, create_service_app
from shared.knowledge.learning import LEARNED

SPEC = ServiceSpec(
    name="contract",
    title="Contract service (任期制契约化: 合同服务)",
    description=(
        "Enterprises, policies, managers, tenures with their appointment agreements, performance letters and "
        "KPI sheets, signatures, target bids (摘标), renewals, extensions and exits. "
        "Any POST may carry `Idempotency-Key`; errors are RFC 9457 problem+json."
    ),
    migrations=Path(__file__).parent / "migrations",
    # expiring before tenures: its /tenures/expiring is not a tenure's id
    routers=[enterprises.router, onboarding.router, policies.router, managers.router, expiring.router,
             tenures.router, bids.router, coverage.router, supervision.router, tenure_records.router],
    bulk_paths=onboarding.BULK_PATHS,
    subscriptions={"appraisal": LEARNED, "payroll": LEARNED},  # what they learn; nothing else is sent
    message_handlers=MESSAGE_HANDLERS,
    projector=project,
    read_models=PROJECTED,
    record=RECORD,
    directory=(enterprises_view, managers_view, tenures_view),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or Settings())


app = create_app()
