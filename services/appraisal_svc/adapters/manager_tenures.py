"""The tenures of managers named by their codes, as a spreadsheet names them: all codes of a file looked up
at once, not one query per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.knowledge.tables import known_managers, known_tenures
from shared.unit_of_work import UnitOfWork

CODES_PER_QUERY = 500  # bound parameters per query stay far below SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class Term:
    tenure_id: str
    start_date: date
    end_date: date

    def runs_in(self, year: int) -> bool:
        return self.start_date <= date(year, 12, 31) and self.end_date >= date(year, 1, 1)


class ManagerTenures:
    """Each manager code's tenures, earliest first; only those `reachable` (the caller's) are known."""

    def __init__(self, terms: dict[str, list[Term]]) -> None:
        self._terms = terms

    def in_year(self, manager_code: str, year: int) -> str | None:
        """The tenure of the manager that runs in `year`, or None."""
        return next((t.tenure_id for t in self._terms.get(manager_code, ()) if t.runs_in(year)), None)

    @classmethod
    async def of(cls, uow: UnitOfWork, codes: Iterable[str], reachable: ColumnElement[bool]) -> ManagerTenures:
        """In the command's own transaction."""
        await uow.begin()
        assert uow.conn is not None
        return await cls.load(uow.conn, codes, reachable)

    @classmethod
    async def load(cls, conn: AsyncConnection, codes: Iterable[str], reachable: ColumnElement[bool]) -> ManagerTenures:
        wanted = sorted({code for code in codes if code})
        terms: dict[str, list[Term]] = defaultdict(list)
        for start in range(0, len(wanted), CODES_PER_QUERY):
            query = (
                select(known_managers.c.code, known_tenures.c.id, known_tenures.c.start_date, known_tenures.c.end_date)
                .join(known_managers, known_managers.c.id == known_tenures.c.manager_id)
                .where(known_managers.c.code.in_(wanted[start:start + CODES_PER_QUERY]), reachable)
                .order_by(known_managers.c.code, known_tenures.c.start_date)
            )
            for code, tenure_id, start_date, end_date in (await conn.execute(query)).all():
                terms[code].append(Term(str(tenure_id), start_date, end_date))
        return cls(dict(terms))
