"""Reading a tenure's performance letters: their stream ids follow from the tenure and the letter's key."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.contract_svc.domain.letter import PerformanceLetter, letter_id, letter_ids
from services.contract_svc.domain.tenure import Tenure
from shared.errors import NotFoundError
from shared.replay import replay
from shared.unit_of_work import UnitOfWork


async def letters_of(uow: UnitOfWork, tenure: Tenure, as_of: datetime | None = None) -> list[PerformanceLetter]:
    """The tenure's letters in the order they were issued."""
    await uow.begin()
    assert uow.store is not None
    ids = [str(i) for i in letter_ids(tenure.id, tenure.start, tenure.end)]
    streams = await uow.store.read_streams(ids, as_of=as_of)
    letters = [replay(records) for records in streams.values()]
    return sorted((x for x in letters if isinstance(x, PerformanceLetter)), key=lambda x: (x.created_on, x.key))


async def letter_of(uow: UnitOfWork, tenure_id: UUID, key: str, expected_version: int | None = None
                    ) -> PerformanceLetter:  # fmt: skip
    """The tenure's letter `key`; `expected_version` (from If-Match) must be the letter's current version."""
    try:
        return await uow.load(PerformanceLetter, letter_id(tenure_id, key), expected_version=expected_version)
    except NotFoundError:
        raise NotFoundError(f"this tenure has no letter {key!r}", field="letter_key", rule="known_letter") from None
