"""Builds a service's FastAPI app the same way for all three: wiring, errors, migrations check, relay."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fastapi import APIRouter, FastAPI
from sqlalchemy import Table

from shared.api.audit import audit_router
from shared.api.bulk import add_documented_schemas
from shared.api.deliveries import deliveries_router
from shared.api.feeds import feed_router
from shared.api.operations import Readiness, operations_router
from shared.api.limits import BodyLimit, SecurityHeaders
from shared.api.problems import AnswerUnknownErrors, document_problems, install_problem_handlers
from shared.api.security import Security, check_every_route_declares_a_permission
from shared.eventstore.db import create_engine
from shared.schema import ensure_at_head, upgrade_apart
from shared.delivery.processor import MessageHandler
from shared.delivery.running import delivering, delivery_for
from shared.records import RecordSpec
from shared.settings import ServiceSettings
from shared.unit_of_work import Projector, Wiring


AUTH_NOTE = (
    "\n\nEvery request but `/health` and `/ready` carries `Authorization: Bearer <token>` (Authorize, above); in "
    "the embedded default `tenurectl token --user NAME --role ROLE@ENTERPRISE` prints one. Messages to `/inbox` are "
    "signed by the sending service instead."
)


@dataclass
class ServiceSpec:
    """Everything that makes one service different from the others."""

    name: str  # "contract", "appraisal", "payroll": the source name in messages
    title: str
    description: str
    migrations: Path
    routers: Sequence[APIRouter]
    subscriptions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    message_handlers: Mapping[str, MessageHandler] = field(default_factory=dict)
    projector: Projector | None = None
    read_models: Sequence[Table] = ()  # the tables `projector` fills, parents first; rebuilt from the events
    record: RecordSpec | None = None  # how the service serves its part of a manager's tenure record
    # the service's own tables of enterprises, managers and tenures (id, code, enterprise_id, manager_id):
    # where a caller's grants (role@ENTERPRISE_CODE) are matched with what a request touches
    directory: Sequence[Table] = ()
    bulk_paths: tuple[str, ...] = ()  # path endings whose JSON bodies (whole rosters) may be as large as uploads
    version: str = "0.1.0"


def create_service_app(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    url = settings.resolved_database_url(f"{spec.name}")
    readiness = Readiness(spec.migrations)
    app = FastAPI(title=spec.title, description=spec.description + AUTH_NOTE, version=spec.version,
                  lifespan=_lifespan(spec, settings, url, readiness))
    app.state.readiness = readiness
    install_problem_handlers(app)
    routers = [*spec.routers, operations_router(spec.name, url.split("://", 1)[0], readiness),
               feed_router(), deliveries_router(),
               audit_router(spec.name, spec.record, spec.read_models, spec.projector)]
    routes = [route for router in routers for route in router.routes]
    check_every_route_declares_a_permission(routes)  # before inclusion: the app's copies are built lazily
    document_problems(routes)
    for router in routers:
        app.include_router(router)
    add_documented_schemas(app, routes)

    app.add_middleware(AnswerUnknownErrors)  # innermost of ours: its answers get the security headers too
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes,
                       bulk_paths=spec.bulk_paths)
    return app


def _lifespan(
    spec: ServiceSpec, settings: ServiceSettings, url: str, readiness: Readiness
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    """Start: migrate (when asked) and check the schema, wire the engine, security, relay and peer client."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.upgrade_on_start:
            await upgrade_apart(spec.migrations, url)
        engine = create_engine(url, pool_size=settings.database_pool_size)
        await ensure_at_head(engine, spec.migrations, f"python -m deploy.migrate {spec.name} (or set upgrade_on_start)")
        app.state.wiring = Wiring(
            source=spec.name, engine=engine, subscriptions=spec.subscriptions, projector=spec.projector
        )
        app.state.security = Security.build(spec.name, settings, engine, spec.directory)
        signer = app.state.security.signer
        delivery = delivery_for(app.state.wiring, spec.message_handlers, settings, signer)
        app.state.relay, app.state.inbox = delivery.relay, delivery.inbox  # tests step them when not in background
        app.state.peers = dict(settings.subscribers)  # other services by name, for queries that span them
        app.state.http = httpx.AsyncClient(timeout=settings.peer_timeout_seconds)
        try:
            async with delivering(delivery, app.state.wiring, settings, signer) as workers:
                readiness.workers = workers if settings.relay_enabled else None
                yield
        finally:
            await app.state.http.aclose()
            await engine.dispose()

    return lifespan
