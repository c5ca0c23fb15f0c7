"""How a tenure year's ledger of actuals and ratings reads over HTTP: every entry, corrections naming what
they correct and why."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from services.appraisal_svc.domain.actuals import KpiActuals


class EntryPublic(BaseModel):
    entry_id: str
    kind: str
    kpi_code: str
    value: Decimal
    audited: bool
    source: str
    reference: str | None
    evaluator: str | None
    corrects: str | None
    reason: str | None


class LedgerPublic(BaseModel):
    tenure_id: UUID
    year: int
    entries: list[EntryPublic]
    version: int

    @classmethod
    def of(cls, ledger: KpiActuals) -> LedgerPublic:
        return cls(tenure_id=ledger.tenure_id, year=ledger.year, version=ledger.version,
                   entries=[EntryPublic(**e.__dict__) for e in ledger.entries])
