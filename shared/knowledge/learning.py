"""Learning the contract side from its messages: enterprises, managers, policy versions, tenures, letters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.domain import contract_messages as cm
from shared.domain.messages import ExitProposalDecided, TenureTerminated, TermExtended
from shared.knowledge.tables import (
    known_enterprises,
    known_letters,
    known_managers,
    known_policy_versions,
    known_tenures,
)
from shared.messages import Message, NotReadyError
from shared.readmodels import Amending, Upserting
from shared.unit_of_work import UnitOfWork

Learn = Callable[[AsyncConnection, Message], Awaitable[None]]
Row = tuple[Table, dict[str, Any]]


def enterprise_registered(m: Message) -> Row:
    p = cm.EnterpriseRegistered.of(m)
    return known_enterprises, {"id": m.stream_id, "code": p.code, "name": p.name_zh, "category": p.category}


def manager_registered(m: Message) -> Row:
    p = cm.ManagerRegistered.of(m)
    return known_managers, {"id": m.stream_id, "code": p.code, "name": p.name, "level": p.level,
                            "position": p.position, "enterprise_id": str(p.enterprise_id)}


async def manager_position_changed(conn: AsyncConnection, m: Message) -> None:
    p = cm.ManagerPositionChanged.of(m)
    values = {"position": p.position, **({"level": p.level} if p.level else {})}
    changed = await conn.execute(update(known_managers).where(known_managers.c.id == m.stream_id).values(**values))
    _known_or_wait(changed.rowcount, f"manager {m.stream_id}")


async def policy_versioned(conn: AsyncConnection, m: Message) -> None:
    p = cm.PolicyVersioned.of(m)
    # the parameters as the message carried them: a reader parses them (PolicyParameters.of)
    row = {"policy_id": m.stream_id, "number": p.number, "effective_from": p.effective_from,
           "parameters": m.payload["parameters"]}
    await conn.execute(insert(known_policy_versions).values(**row))


def tenure_opened(m: Message) -> Row:
    p = cm.TenureOpened.of(m)
    row = {
        "id": m.stream_id, "manager_id": str(p.manager_id), "enterprise_id": str(p.enterprise_id), "level": p.level,
        "position": p.position, "policy_id": str(p.policy_id), "policy_version": p.policy_version,
        "start_date": p.start, "end_date": p.end, "term_number": p.term_number,
        "status": "draft", "ended_reason": None, "ended_on": None,
    }
    return known_tenures, row


async def _set_tenure(conn: AsyncConnection, tenure_id: str, **values: Any) -> None:
    changed = await conn.execute(update(known_tenures).where(known_tenures.c.id == tenure_id).values(**values))
    _known_or_wait(changed.rowcount, f"tenure {tenure_id}")


def _known_or_wait(rowcount: int, what: str) -> None:
    """A change of something not learned yet waits for it (its stream's earlier message, still on the way)."""
    if rowcount == 0:
        raise NotReadyError(f"waits until {what} is known")


async def tenure_activated(conn: AsyncConnection, m: Message) -> None:
    await _set_tenure(conn, m.stream_id, status="active")


async def tenure_extended(conn: AsyncConnection, m: Message) -> None:
    await _set_tenure(conn, m.stream_id, end_date=TermExtended.of(m).new_end)


async def tenure_closed(conn: AsyncConnection, m: Message) -> None:
    p = cm.TenureClosed.of(m)
    await _set_tenure(conn, m.stream_id, status="ended", ended_reason=p.reason, ended_on=p.ended_on)


async def tenure_terminated(conn: AsyncConnection, m: Message) -> None:
    p = TenureTerminated.of(m)
    await _set_tenure(conn, m.stream_id, status="ended", ended_reason="terminated", ended_on=p.effective_on,
                      ended_for_cause=p.for_cause)


async def exit_proposal_decided(conn: AsyncConnection, m: Message) -> None:
    p = ExitProposalDecided.of(m)
    if p.ends_tenure:
        await _set_tenure(conn, m.stream_id, status="ended", ended_reason="terminated", ended_on=p.effective,
                          ended_for_cause=p.for_cause)


def letter_versioned(m: Message) -> Row:
    p = cm.LetterVersioned.of(m)
    kind, year = p.kind_and_year()
    row = {
        "tenure_id": str(p.tenure_id), "key": p.key, "version_number": p.version_number, "kind": kind, "year": year,
        "kpis": p.kpis, "policy_version": p.policy_version, "signed_by_enterprise": False, "signed_by_manager": False,
    }
    return known_letters, row


def letter_signature(m: Message) -> tuple[Table, tuple[Any, ...], dict[str, Any]]:
    """The letter version's row (its key's values) and the party's mark."""
    p = cm.LetterSigned.of(m)
    column = "signed_by_enterprise" if p.party == "enterprise" else "signed_by_manager"
    return known_letters, (str(p.tenure_id), p.key, p.version_number), {column: True}


async def letter_signed(conn: AsyncConnection, m: Message) -> None:
    _, (tenure_id, key, version), mark = letter_signature(m)
    letter = known_letters.c
    changed = await conn.execute(update(known_letters).where(
        letter.tenure_id == tenure_id, letter.key == key, letter.version_number == version).values(mark))
    _known_or_wait(changed.rowcount, f"letter {key} version {version} of tenure {tenure_id}")


def activation(m: Message) -> tuple[Table, tuple[Any, ...], dict[str, Any]]:
    return known_tenures, (m.stream_id,), {"status": "active"}


# a row each, written by upsert: a chunk of them is written at once (shared.readmodels.Upserts)
ROWS: dict[str, Callable[[Message], Row]] = {
    "Enterprise.Registered": enterprise_registered,
    "Manager.Registered": manager_registered,
    "Tenure.Opened": tenure_opened,
}
LETTER_KEY = ("tenure_id", "key", "version_number")
LETTER_ROWS: dict[str, Callable[[Message], Row]] = {
    "PerformanceLetter.Issued": letter_versioned,
    "PerformanceLetter.Revised": letter_versioned,
    # sent before letters had streams of their own; one still undelivered at an upgrade is learned the same
    "Tenure.LetterIssued": letter_versioned,
    "Tenure.LetterRevised": letter_versioned,
}
# a change of one row: made to the row itself when the chunk gathered it (shared.readmodels.Amending)
AMENDING = {
    "Tenure.Activated": Amending(activation, tenure_activated),
    "PerformanceLetter.Signed": Amending(letter_signature, letter_signed),
    "Tenure.LetterSigned": Amending(letter_signature, letter_signed),
}
LEARNERS: dict[str, Learn] = {
    "Manager.PositionChanged": manager_position_changed,
    "Policy.Adopted": policy_versioned,
    "Policy.Revised": policy_versioned,
    "Tenure.TermExtended": tenure_extended,
    "Tenure.Closed": tenure_closed,
    "Tenure.Terminated": tenure_terminated,
    "Tenure.ExitProposalDecided": exit_proposal_decided,
}


def learner(learn: Learn) -> Callable[[UnitOfWork, Message], Awaitable[None]]:
    async def handle(uow: UnitOfWork, message: Message) -> None:
        await uow.begin()
        assert uow.conn is not None
        await learn(uow.conn, message)

    return handle


MESSAGE_HANDLERS = {**{message_type: learner(learn) for message_type, learn in LEARNERS.items()},
                    **{message_type: Upserting(row_of) for message_type, row_of in ROWS.items()},
                    **{message_type: Upserting(row_of, LETTER_KEY) for message_type, row_of in LETTER_ROWS.items()},
                    **AMENDING}
# what a service that learns the contract side takes of its messages: the contract service sends it no other
LEARNED = frozenset(MESSAGE_HANDLERS)
