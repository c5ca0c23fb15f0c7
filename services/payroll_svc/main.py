"""The payroll service: `uvicorn services.payroll_svc.main:app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.payroll_svc.adapters.read_models import PROJECTED, project
from services.payroll_svc.api import pay, supervision
from services.payroll_svc.application.messages import MESSAGE_HANDLERS
from services.payroll_svc.api.record import RECORD
from services.payroll_svc.settings import Settings
from shared.api.app import ServiceSpec, create_service_app
from shared.knowledge.tables import known_enterprises, known_managers, known_tenures

SPEC = ServiceSpec(
    name="payroll",
    title="Payroll service (任期制契约化: 薪酬服务)",
    description=(
        "Pay plans, monthly base runs, performance settlement when an annual appraisal becomes final, "
        "retention, tenure incentive, clawbacks and corrections, payslips, statements and exports. Money is a "
        "decimal string. Any POST may carry `Idempotency-Key`; errors are RFC 9457."
    ),
    migrations=Path(__file__).parent / "migrations",
    routers=[pay.router, supervision.router],
    message_handlers=MESSAGE_HANDLERS,
    projector=project,
    read_models=PROJECTED,
    record=RECORD,
    directory=(known_enterprises, known_managers, known_tenures),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or Settings())


app = create_app()
