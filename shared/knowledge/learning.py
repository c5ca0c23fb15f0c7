"""Learning the contract side from its messages: enterprises, managers, policy versions, tenures, letters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.domain.contract_messages import LetterSigned, LetterVersioned
from shared.knowledge.tables import (
    known_enterprises,
    known_letters,
    known_managers,
    known_policy_versions,
    known_tenures,
)
from shared.messages import Message
from shared.readmodels import upsert
from shared.unit_of_work import UnitOfWork

Learn = Callable[[AsyncConnection, Message], Awaitable[None]]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


async def enterprise_registered(conn: AsyncConnection, m: Message) -> None:
    p = m.payload
    row = {"id": m.stream_id, "code": p["code"], "name": p["name_zh"], "category": p["category"]}
    await upsert(conn, known_enterprises, row)


async def manager_registered(conn: AsyncConnection, m: Message) -> None:
    p = m.payload
    row = {"id": m.stream_id, "code": p["code"], "name": p["name"], "level": p["level"], "position": p["position"],
           "enterprise_id": p["enterprise_id"]}
    await upsert(conn, known_managers, row)


async def manager_position_changed(conn: AsyncConnection, m: Message) -> None:
    p = m.payload
    values = {"position": p["position"], **({"level": p["level"]} if p.get("level") else {})}
    await conn.execute(update(known_managers).where(known_managers.c.id == m.stream_id).values(**values))


async def policy_versioned(conn: AsyncConnection, m: Message) -> None:
    p = m.payload
    row = {"policy_id": m.stream_id, "number": p.get("number", 1), "effective_from": _day(p["effective_from"]),
           "parameters": p["parameters"]}
    await conn.execute(insert(known_policy_versions).values(**row))


async def tenure_opened(conn: AsyncConnection, m: Message) -> None:
    p = m.payload
    row = {
        "id": m.stream_id, "manager_id": p["manager_id"], "enterprise_id": p["enterprise_id"], "level": p["level"],
        "position": p["position"], "policy_id": p["policy_id"], "policy_version": p["policy_version"],
        "start_date": _day(p["start"]), "end_date": _day(p["end"]), "term_number": p["term_number"],
        "status": "draft", "ended_reason": None, "ended_on": None,
    }
    await upsert(conn, known_tenures, row)


async def _set_tenure(conn: AsyncConnection, tenure_id: str, **values: Any) -> None:
    await conn.execute(update(known_tenures).where(known_tenures.c.id == tenure_id).values(**values))


async def tenure_activated(conn: AsyncConnection, m: Message) -> None:
    await _set_tenure(conn, m.stream_id, status="active")


async def tenure_extended(conn: AsyncConnection, m: Message) -> None:
    await _set_tenure(conn, m.stream_id, end_date=_day(m.payload["new_end"]))


async def tenure_closed(conn: AsyncConnection, m: Message) -> None:
    await _set_tenure(conn, m.stream_id, status="ended", ended_reason=m.payload["reason"], ended_on=_day(m.payload["ended_on"]))


async def tenure_terminated(conn: AsyncConnection, m: Message) -> None:
    await _set_tenure(conn, m.stream_id, status="ended", ended_reason="terminated", ended_on=_day(m.payload["effective_on"]))


async def exit_proposal_decided(conn: AsyncConnection, m: Message) -> None:
    if m.payload.get("ends_tenure"):
        await _set_tenure(conn, m.stream_id, status="ended", ended_reason="terminated", ended_on=_day(m.payload["decided_on"]))


async def letter_versioned(conn: AsyncConnection, m: Message) -> None:
    p = LetterVersioned.of(m)
    kind, year = p.kind_and_year()
    row = {
        "tenure_id": str(p.tenure_id), "key": p.key, "version_number": p.version_number, "kind": kind, "year": year,
        "kpis": p.kpis, "policy_version": p.policy_version, "signed_by_enterprise": False, "signed_by_manager": False,
    }
    await conn.execute(insert(known_letters).values(**row))


async def letter_signed(conn: AsyncConnection, m: Message) -> None:
    p = LetterSigned.of(m)
    column = "signed_by_enterprise" if p.party == "enterprise" else "signed_by_manager"
    await conn.execute(
        update(known_letters)
        .where(known_letters.c.tenure_id == str(p.tenure_id), known_letters.c.key == p.key,
               known_letters.c.version_number == p.version_number)
        .values({column: True})
    )


LEARNERS: dict[str, Learn] = {
    "Enterprise.Registered": enterprise_registered,
    "Manager.Registered": manager_registered,
    "Manager.PositionChanged": manager_position_changed,
    "Policy.Adopted": policy_versioned,
    "Policy.Revised": policy_versioned,
    "Tenure.Opened": tenure_opened,
    "Tenure.Activated": tenure_activated,
    "Tenure.TermExtended": tenure_extended,
    "Tenure.Closed": tenure_closed,
    "Tenure.Terminated": tenure_terminated,
    "Tenure.ExitProposalDecided": exit_proposal_decided,
    "PerformanceLetter.Issued": letter_versioned,
    "PerformanceLetter.Revised": letter_versioned,
    "PerformanceLetter.Signed": letter_signed,
    # sent before letters had streams of their own; one still undelivered at an upgrade is learned the same
    "Tenure.LetterIssued": letter_versioned,
    "Tenure.LetterRevised": letter_versioned,
    "Tenure.LetterSigned": letter_signed,
}


def learner(learn: Learn) -> Callable[[UnitOfWork, Message], Awaitable[None]]:
    async def handle(uow: UnitOfWork, message: Message) -> None:
        await uow.begin()
        assert uow.conn is not None
        await learn(uow.conn, message)

    return handle


MESSAGE_HANDLERS = {message_type: learner(learn) for message_type, learn in LEARNERS.items()}
