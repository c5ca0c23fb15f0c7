"""What was measured: a tenure's actuals and qualitative ratings for one year, or for the tenure period when
the tenure letter carries its own KPI sheet (DOMAIN.md Lifecycle 4, "Tenure appraisal"): that ledger's year is None.

Nothing is overwritten: a correction is a new entry that names the entry it corrects and why.
Only audited actuals close an appraisal; a KPI's value is its latest entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.errors import InvalidInputError, NotFoundError, RuleViolationError

SOURCES = ("manual", "file", "erp")
TENURE_PERIOD = "tenure"  # the period of the tenure letter's own sheet, beside the years of the annual letters
LEDGER_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/actuals")


@dataclass(frozen=True)
class Entry:
    """One measured figure (an actual) or one evaluator's rating, as recorded."""

    entry_id: str
    kind: str  # "actual" | "rating"
    kpi_code: str
    value: Decimal
    audited: bool
    source: str
    reference: str | None
    evaluator: str | None
    corrects: str | None
    reason: str | None
    entered_on: date | None = None  # the service's day when it was entered; None for entries recorded before it


class KpiActuals(Aggregate):
    """The ledger of one tenure's actuals and ratings for one year (None: for the tenure period)."""

    @staticmethod
    def create_id(tenure_id: UUID, year: int | None) -> UUID:
        return ledger_id(tenure_id, year)

    @event("Opened")
    def __init__(self, tenure_id: UUID, year: int | None) -> None:
        self.tenure_id, self.year = tenure_id, year
        self.entries: tuple[Entry, ...] = ()

    @property
    def period(self) -> str:
        """How its entries and refusals name the ledger: its year, or the tenure."""
        return period_name(self.year)

    def record_actual(self, kpi_code: str, value: Decimal, audited: bool, source: str, reference: str | None,
                      on: date | None = None) -> Entry:
        if self.latest("actual", kpi_code) is not None:
            raise RuleViolationError(
                f"KPI {kpi_code} already has an actual for {self.period} ({self.latest('actual', kpi_code).entry_id}); "
                "change it by a correction that names it and says why",
                field="kpi_code",
                rule="correct_do_not_overwrite",
            )
        return self._entry("actual", kpi_code, _figure(value), audited, source, reference, None, None, None, on)

    def record_rating(self, kpi_code: str, evaluator: str, rating: Decimal, source: str,
                      on: date | None = None) -> Entry:
        if not evaluator or not evaluator.strip():
            raise InvalidInputError("a rating names its evaluator", field="evaluator", rule="required")
        if any(e.evaluator == evaluator for e in self.current_ratings(kpi_code)):
            raise RuleViolationError(
                f"{evaluator} has already rated KPI {kpi_code} for {self.period}; change it by a correction",
                field="evaluator",
                rule="correct_do_not_overwrite",
            )
        return self._entry("rating", kpi_code, _rating(rating), True, source, None, evaluator.strip(), None, None, on)

    def correct(self, entry_id: str, value: Decimal, reason: str, audited: bool = True, source: str = "manual",
                on: date | None = None) -> Entry:
        """A new entry replacing `entry_id`, which must be the KPI's (or evaluator's) latest."""
        old = self.entry(entry_id)
        if not reason or not reason.strip():
            raise RuleViolationError("a correction says why", field="reason", rule="reason_required")
        latest = self.latest(old.kind, old.kpi_code, old.evaluator)
        if latest is None or latest.entry_id != entry_id:
            raise RuleViolationError(
                f"entry {entry_id} was already corrected by {latest.entry_id if latest else '?'}; correct the latest",
                field="entry_id",
                rule="correct_the_latest",
            )
        figure = _rating(value, "value") if old.kind == "rating" else _figure(value)
        return self._entry(old.kind, old.kpi_code, figure, audited, source, None, old.evaluator, entry_id,
                           reason.strip(), on)

    def _entry(self, kind: str, kpi_code: str, value: Decimal, audited: bool, source: str, reference: str | None,
               evaluator: str | None, corrects: str | None, reason: str | None, on: date | None) -> Entry:
        if source not in SOURCES:
            raise InvalidInputError(f"source must be one of {', '.join(SOURCES)}", field="source", rule="known_source")
        if not isinstance(audited, bool):
            raise InvalidInputError("audited must be true or false", field="audited", rule="boolean")
        entry_id = f"{self.year or TENURE_PERIOD}-{len(self.entries) + 1}"
        self._entered(entry_id=entry_id, kind=kind, kpi_code=kpi_code, value=value, audited=audited, source=source,
                      reference=reference, evaluator=evaluator, corrects=corrects, reason=reason, entered_on=on)
        return self.entries[-1]

    @event("Entered")
    def _entered(self, entry_id: str, kind: str, kpi_code: str, value: Decimal, audited: bool, source: str,
                 reference: str | None, evaluator: str | None, corrects: str | None, reason: str | None,
                 entered_on: date | None = None) -> None:
        entry = Entry(entry_id, kind, kpi_code, value, audited, source, reference, evaluator, corrects, reason,
                      entered_on)
        self.entries = (*self.entries, entry)

    def entry(self, entry_id: str) -> Entry:
        for entry in self.entries:
            if entry.entry_id == entry_id:
                return entry
        raise NotFoundError(f"no entry {entry_id} in the ledger of {self.period}", field="entry_id", rule="exists")

    def latest(self, kind: str, kpi_code: str, evaluator: str | None = None) -> Entry | None:
        matching = [e for e in self.entries if (e.kind, e.kpi_code, e.evaluator) == (kind, kpi_code, evaluator)]
        return matching[-1] if matching else None

    def current_actuals(self) -> dict[str, Entry]:
        return {e.kpi_code: e for e in self.entries if e.kind == "actual"}

    def current_ratings(self, kpi_code: str) -> list[Entry]:
        latest: dict[str | None, Entry] = {}
        for e in self.entries:
            if e.kind == "rating" and e.kpi_code == kpi_code:
                latest[e.evaluator] = e
        return list(latest.values())


def ledger_id(tenure_id: UUID, year: int | None) -> UUID:
    return uuid5(LEDGER_NAMESPACE, f"{tenure_id}:{TENURE_PERIOD if year is None else year}")


def period_name(year: int | None) -> str:
    return "the tenure period" if year is None else str(year)


def _figure(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidInputError("an actual is a finite decimal number", field="value", rule="decimal")
    return value


def _rating(value: Decimal, field: str = "rating") -> Decimal:
    figure = _figure(value)
    if not Decimal(0) <= figure <= Decimal(100):
        raise InvalidInputError(f"a rating is between 0 and 100; got {figure}", field=field, rule="rating_range")
    return figure
