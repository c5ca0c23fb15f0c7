"""A minimal service built only from the foundation, to test the foundation through HTTP. Its commands need a
group-wide operations grant (any permission would do: the foundation's tests are about storage)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from shared.api.audit import audit_router
from shared.api.deps import IfMatchDep, UowDep
from shared.api.feeds import feed_router
from shared.delivery.processor import InboxProcessor
from shared.api.problems import install_problem_handlers
from shared.api.routing import CommandRoute
from shared.api.security import Security, allow, check_every_route_declares_a_permission
from shared.settings import ServiceSettings
from shared.errors import RuleViolationError
from shared.messages import Message
from shared.unit_of_work import UnitOfWork, Wiring


class Ledger(Aggregate):
    @event("Opened")
    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.balance = Decimal("0")

    def credit(self, amount: Decimal) -> None:
        if amount <= 0:
            raise RuleViolationError("a credit must be positive", field="amount", rule="positive_amount")
        self._credited(amount=amount)

    @event("Credited")
    def _credited(self, amount: Decimal) -> None:
        self.balance += amount


class LedgerCreate(BaseModel):
    owner: str


class CreditCreate(BaseModel):
    amount: Decimal


class LedgerPublic(BaseModel):
    id: UUID
    owner: str
    balance: Decimal
    version: int


router = APIRouter(route_class=CommandRoute)


@router.post("/ledgers", status_code=201, response_model=LedgerPublic, dependencies=[allow("readmodel.rebuild")])
async def open_ledger(body: LedgerCreate, uow: UowDep) -> LedgerPublic:
    ledger = Ledger(body.owner)
    await uow.save(ledger)
    return LedgerPublic(id=ledger.id, owner=ledger.owner, balance=ledger.balance, version=ledger.version)


@router.post("/ledgers/{ledger_id}/credits", status_code=201, response_model=LedgerPublic,
             dependencies=[allow("readmodel.rebuild")])
async def credit(ledger_id: UUID, body: CreditCreate, uow: UowDep, expected: IfMatchDep) -> LedgerPublic:
    ledger = await uow.load(Ledger, ledger_id, expected_version=expected)
    ledger.credit(body.amount)
    await uow.save(ledger)
    return LedgerPublic(id=ledger.id, owner=ledger.owner, balance=ledger.balance, version=ledger.version)


async def on_ledger_credited(uow: UnitOfWork, message: Message) -> None:
    """The consumer's effect: a mirror ledger credited once per message."""
    mirror = Ledger(owner=f"mirror of {message.stream_id}")
    mirror.credit(Decimal(message.payload["amount"]))
    await uow.save(mirror)


def ledger_app(wiring: Wiring) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router)
    app.include_router(feed_router())
    app.include_router(audit_router(wiring.source, None, (), None))
    app.state.wiring = wiring
    app.state.inbox = InboxProcessor(wiring, {"Ledger.Credited": on_ledger_credited})  # stepped by the tests
    # the test app answers to the contract service's audience, which every test token carries
    app.state.security = Security.build(wiring.source, ServiceSettings(auth_audience="tenure-contract"), wiring.engine, ())
    check_every_route_declares_a_permission(app.routes)
    return app
