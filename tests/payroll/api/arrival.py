"""Messages held back from payroll, then made to arrive in any order: what the contract and appraisal
outboxes hold for payroll after a whole tenure, a payroll emptied between two orders, and what payroll
ends up paying, in a form that two orders can be compared by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import MetaData, Table, delete, insert, select

from shared.eventstore.store import Metadata
from shared.eventstore.tables import outbox
from shared.messages import Message
from shared.unit_of_work import UnitOfWork
from tests.appraisal.api.helpers import TENURE_YEARS, appraise, sign_letter, sign_letters
from tests.contract.api.tenure_helpers import active_tenure
from tests.delivery import in_process_relay
from tests.payroll.conftest import Services3

_MESSAGE = TypeAdapter(Message)


@dataclass(frozen=True)
class Sent:
    source: str
    message: Message

    def concerns(self, tenure_id: str) -> bool:
        return tenure_id in (self.message.stream_id, str(self.message.payload.get("tenure_id")))


def hold_back_payroll(services: Services3) -> None:
    """From now on the relays deliver only between contract and appraisal; payroll's messages stay put."""
    services.relays = [in_process_relay(services.apps, "contract", ["appraisal"]),
                       in_process_relay(services.apps, "appraisal", ["contract"])]
    services.inboxes = [services.apps[name].state.inbox for name in ("contract", "appraisal")]


async def whole_tenures(services: Services3, size: int, **policy: Any) -> list[dict[str, Any]]:
    """`size` managers of one enterprise under a policy with `policy`, their tenures 2022-2024 appraised to
    final year by year (with the tenure appraisals that the last year yields)."""
    members: list[dict[str, Any]] = []
    enterprise = None
    for index in range(size):
        code = f"M{index + 1:02d}"
        contract = await active_tenure(services.contract, enterprise, code=code, **policy)
        enterprise = contract.enterprise
        member = {"code": code, "index": index, "tenure_id": contract.tenure["id"],
                  "manager_id": contract.manager["id"], "name": contract.manager["name"],
                  "enterprise_id": enterprise["id"], "enterprise_code": enterprise["code"]}
        await sign_letter(services, member, TENURE_YEARS[0])
        members.append(member)
    await services.deliver()
    for year in TENURE_YEARS[1:]:
        await sign_letters(services, members, year)
    for year in TENURE_YEARS:
        await appraise(services, members, year)
    await services.deliver()
    return members


async def held_for_payroll(services: Services3) -> list[Sent]:
    """What the outboxes hold for payroll, in the order it was recorded."""
    held = []
    for source in ("contract", "appraisal"):
        query = (select(outbox.c.created_at, outbox.c.body)
                 .where(outbox.c.destination == "payroll", outbox.c.delivered_at.is_(None)).order_by(outbox.c.id))
        async with services.apps[source].state.wiring.engine.connect() as conn:
            held += [(row.created_at, Sent(source, _MESSAGE.validate_json(row.body))) for row in await conn.execute(query)]
    return [sent for _, sent in sorted(held, key=lambda pair: pair[0])]


async def arrive(services: Services3, sent: Sent) -> None:
    """`sent` recorded in payroll's inbox as a delivery records it, then whatever can take effect does."""
    payroll = services.apps["payroll"]
    meta = Metadata(actor=f"service:{sent.source}", correlation_id="arrival")
    async with UnitOfWork(payroll.state.wiring, meta) as uow:
        await uow.receive(sent.source, [sent.message])
        await uow.commit()
    while await payroll.state.inbox.process_once():  # as its background loop does: until a pass does nothing
        pass


async def try_to_plan(services: Services3, member: dict[str, Any]) -> bool:
    """The payroll officer's pay plan, made once payroll knows the tenure in force; False when not yet."""
    body = {"tenure_id": member["tenure_id"], "base": "200000", "performance": "200000"}
    answer = await services.payroll.post("/pay-plans", json=body)
    assert answer.status_code in (201, 404, 422), answer.text
    return answer.status_code == 201


Snapshot = list[tuple[Table, list[dict[str, Any]]]]


async def snapshot(services: Services3) -> Snapshot:
    """Every row of every payroll table but Alembic's, parents first."""
    engine = services.apps["payroll"].state.wiring.engine
    async with engine.connect() as conn:
        tables = MetaData()
        await conn.run_sync(lambda sync: tables.reflect(sync))
        kept = [t for t in tables.sorted_tables if t.name != "alembic_version"]
        return [(t, [dict(row._mapping) for row in await conn.execute(select(t))]) for t in kept]


async def restore(services: Services3, taken: Snapshot) -> None:
    """Payroll as it stood when `taken`: nothing since kept."""
    async with services.apps["payroll"].state.wiring.engine.begin() as conn:
        for table, _ in reversed(taken):
            await conn.execute(delete(table))
        for table, rows in taken:
            if rows:
                await conn.execute(insert(table), rows)


async def paid(services: Services3, members: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per member: every payment line (what, when, for what, how much, why), the settlements, the exit."""
    state = {}
    for member in members:
        account = (await services.payroll.get(f"/accounts/{member['tenure_id']}")).json()
        lines = sorted((line["kind"], line["period"], line["for_period"], line["amount"], line["cause"]["type"],
                        line["cause"]["ref"], line["corrects"] is not None, line["policy_version"])
                       for line in account["lines"])
        # a line's number on the account (L1, L2, ...) follows the order it was recorded in: that may differ
        settlements = {year: {k: v for k, v in s.items() if k != "line_id"} for year, s in account["settlements"].items()}
        state[member["code"]] = {"lines": lines, "settlements": settlements,
                                 "tenure_settlement": account["tenure_settlement"], "exit": account["exit"]}
    return state
