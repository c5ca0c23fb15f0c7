"""How a tenure year's ledger of actuals and ratings reads over HTTP: every entry, corrections naming what
they correct and why."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from services.appraisal_svc.domain.actuals import Entry, KpiActuals


# An entry answers as the domain records it: the value object is its own schema (as contract's Kpi is).
EntryPublic = Entry


class LedgerPublic(BaseModel):
    tenure_id: UUID
    year: int | None  # None: the tenure period's ledger
    period: str  # annual or tenure
    entries: list[EntryPublic]
    version: int

    @classmethod
    def of(cls, ledger: KpiActuals) -> LedgerPublic:
        return cls(tenure_id=ledger.tenure_id, year=ledger.year, period="annual" if ledger.year else "tenure", version=ledger.version,
                   entries=list(ledger.entries))
