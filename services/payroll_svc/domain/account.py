"""A tenure's pay account: its plan and every payment line, by period. A closed period is never edited:
what changes later is paid or recovered by new lines on the next open period, naming what they correct."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.decimals import round_money
from shared.errors import RuleViolationError

from .base import month_amount
from .performance import settle_performance
from .plan import check_pay_plan
from .proration import year_fraction
from .tenure import settle_tenure

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/payroll/account")
ZERO = Decimal("0.00")


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class PayAccount(Aggregate):
    @staticmethod
    def create_id(tenure_id: UUID, **_: Any) -> UUID:
        return uuid5(ACCOUNT_NAMESPACE, str(tenure_id))

    @classmethod
    def plan(cls, tenure: dict[str, Any], base: Decimal, performance: Decimal, policy_version: int,
             parameters: dict[str, Any]) -> PayAccount:
        """The pay plan of a tenure; refused below the minimum performance share for its level."""
        check_pay_plan(base, performance, tenure["level"], parameters)
        return cls(in_force=tenure["status"] == "active", tenure_id=UUID(str(tenure["id"])), manager_id=UUID(str(tenure["manager_id"])),
                   enterprise_id=UUID(str(tenure["enterprise_id"])), level=tenure["level"], start=tenure["start_date"],
                   end=tenure["end_date"], base=base, performance=performance, policy_id=UUID(str(tenure["policy_id"])),
                   policy_version=policy_version, parameters=parameters)

    @event("Planned")
    def __init__(self, in_force: bool, tenure_id: UUID, manager_id: UUID, enterprise_id: UUID, level: str, start: date, end: date,
                 base: Decimal, performance: Decimal, policy_id: UUID, policy_version: int,
                 parameters: dict[str, Any]) -> None:
        self.tenure_id, self.manager_id, self.enterprise_id, self.level = tenure_id, manager_id, enterprise_id, level
        self.start, self.end, self.base, self.performance = start, end, base, performance
        self.policy_id, self.policy_version, self.parameters = policy_id, policy_version, parameters
        self.in_force = in_force  # the agreement signed and the tenure activated: only then is base paid
        self.lines: tuple[dict[str, Any], ...] = ()
        self.closed_periods: tuple[str, ...] = ()
        self.settlements: dict[str, dict[str, Any]] = {}
        self.tenure_settlement: dict[str, Any] | None = None
        self.exit: dict[str, Any] | None = None

    # Base ---------------------------------------------------------------------------------------
    def pay_base(self, period: str, run_ref: str) -> dict[str, Any] | None:
        """The month's base; a period already paid pays nothing more; nothing after the exit date.

        The amount is this month's share of the year's schedule as known now, plus what the schedule as known
        now owes for the months of the year already paid, less what they were paid: when an exit or an
        extension changes the year in its middle, the paid months still add up to the year's pro-rated base.
        """
        year, month = _period(period)
        if not self.in_force or any(line["kind"] == "base" and line["for_period"] == period for line in self.lines):
            return None
        paid_lines = [line for line in self.lines if line["kind"] == "base" and line["for_period"][:4] == str(year)]
        paid_months = sorted({int(line["for_period"][5:]) for line in paid_lines})
        owed = sum((self._month(year, m) for m in [*paid_months, month]), ZERO)
        amount = owed - sum((line["amount"] for line in paid_lines), ZERO)
        if amount == ZERO:
            return None
        return self._line("base", amount, period, period, {"type": "base_run", "ref": run_ref}, f"base {period}")

    def _month(self, year: int, month: int) -> Decimal:
        return month_amount(self.base, year, month, self.start, self.end, self.exit_date)

    # Performance --------------------------------------------------------------------------------
    def settle_year(self, year: int, total: Decimal, grade: str, appraisal_ref: str, final_on: date,
                    policy_version: int | None = None, parameters: dict[str, Any] | None = None) -> None:
        """Performance pay of a final annual appraisal, under the policy version the appraisal used (the
        plan's when not told); a changed result is corrected by a new line."""
        fraction = year_fraction(self.start, self.end, year, self.exit_date)
        for_cause = bool(self.exit and self.exit["for_cause"] and self.exit["on"].year == year)
        settlement = settle_performance(self.performance, fraction, grade, total, parameters or self.parameters, for_cause)
        figures = {**_plain(asdict(settlement)), "year": year, "total": total, "grade": grade, "appraisal": appraisal_ref,
                   "policy_version": policy_version or self.policy_version}
        earlier = self.settlements.get(str(year))
        if earlier is not None and earlier["performance_paid_now"] == figures["performance_paid_now"]:
            return
        self._year_settled(year=year, figures=figures)
        cause = {"type": "annual_appraisal", "ref": appraisal_ref}
        version = figures["policy_version"]
        if earlier is None:
            self._line("performance", settlement.performance_paid_now, period_of(final_on), str(year), cause,
                       f"performance pay {year}: {grade}", policy_version=version)
        else:
            difference = settlement.performance_paid_now - earlier["performance_paid_now"]
            kind = "arrears" if difference > 0 else "recovery"
            self._line(kind, difference, period_of(final_on), str(year), cause,
                       f"performance pay {year} corrected: {earlier['grade']} {earlier['total']} → {grade} {total}",
                       corrects=earlier["line_id"], policy_version=version)

    @event("YearSettled")
    def _year_settled(self, year: int, figures: dict[str, Any]) -> None:
        line_id = f"L{len(self.lines) + 1}"
        self.settlements = {**self.settlements, str(year): {**figures, "line_id": line_id}}

    # Tenure -------------------------------------------------------------------------------------
    def settle_tenure(self, scores: dict[int, Decimal], tenure_grade: str, appraisal_ref: str, final_on: date) -> None:
        if self.tenure_settlement is not None:
            return
        years = sorted(scores)
        fractions = {y: year_fraction(self.start, self.end, y, self.exit_date) for y in years}
        targets = {y: self.base + self.performance for y in years}
        retained = {y: Decimal(str(self.settlements.get(str(y), {}).get("retained", ZERO))) for y in years}
        # Only a removal for cause forfeits the incentive and retained pay (DOMAIN.md "Termination").
        ended_by = self.exit["reason"] if self.exit and self.exit["for_cause"] else None
        result = settle_tenure(targets, fractions, scores, tenure_grade, retained, self.parameters, ended_by)
        self._tenure_settled(figures={**_plain(asdict(result)), "appraisal": appraisal_ref})
        cause, period = {"type": "tenure_appraisal", "ref": appraisal_ref}, period_of(final_on)
        if result.tenure_incentive > ZERO:
            self._line("tenure_incentive", result.tenure_incentive, period, "tenure", cause, "tenure incentive")
        if result.retained_released > ZERO:
            self._line("retention_release", result.retained_released, period, "tenure", cause, "retained pay released")

    @event("TenureSettled")
    def _tenure_settled(self, figures: dict[str, Any]) -> None:
        self.tenure_settlement = figures

    # Exit, clawback, periods ---------------------------------------------------------------------
    @property
    def exit_date(self) -> date | None:
        return self.exit["on"] if self.exit else None

    def take_effect(self, on: date) -> None:
        if not self.in_force:
            self._took_effect(on=on)

    @event("TookEffect")
    def _took_effect(self, on: date) -> None:
        self.in_force = True

    def extend_to(self, new_end: date, ref: str) -> None:
        if new_end != self.end:
            self._extended(new_end=new_end, ref=ref)

    @event("Extended")
    def _extended(self, new_end: date, ref: str) -> None:
        self.end = new_end

    def record_exit(self, on: date, reason: str, for_cause: bool, ref: str) -> None:
        if self.exit is None:
            self._exited(on=on, reason=reason, for_cause=for_cause, ref=ref)

    @event("Exited")
    def _exited(self, on: date, reason: str, for_cause: bool, ref: str) -> None:
        self.exit = {"on": on, "reason": reason, "for_cause": for_cause, "ref": ref}

    def claw_back(self, amount: Decimal, reason: str, decision_ref: str, period: str) -> None:
        """A recorded decision to recover pay already paid, as a recovery line."""
        _period(period)
        if not reason.strip():
            raise RuleViolationError("a clawback says why", field="reason", rule="reason_required")
        if amount <= ZERO:
            raise RuleViolationError("a clawback is a positive amount", field="amount", rule="positive_amount")
        if amount > self.paid():
            raise RuleViolationError(f"a clawback of {amount} exceeds the {self.paid()} paid", field="amount",
                                     rule="clawback_within_paid")
        self._line("clawback", -amount, period, period, {"type": "clawback_decision", "ref": decision_ref}, reason)

    def close_period(self, period: str) -> None:
        _period(period)
        if period not in self.closed_periods:
            self._period_closed(period=period)

    @event("PeriodClosed")
    def _period_closed(self, period: str) -> None:
        self.closed_periods = (*self.closed_periods, period)

    def paid(self) -> Decimal:
        return sum((line["amount"] for line in self.lines), ZERO)

    def _line(self, kind: str, amount: Decimal, period: str, for_period: str, cause: dict[str, str], note: str,
              corrects: str | None = None, policy_version: int | None = None) -> dict[str, Any]:
        while period in self.closed_periods:  # a closed payslip is never edited: the line goes to the next one
            period = _next(period)
        self._line_added(line={"line_id": f"L{len(self.lines) + 1}", "kind": kind, "amount": round_money(amount),
                               "period": period, "for_period": for_period, "cause": cause, "note": note,
                               "corrects": corrects, "policy_version": policy_version or self.policy_version})
        return self.lines[-1]

    @event("LineAdded")
    def _line_added(self, line: dict[str, Any]) -> None:
        self.lines = (*self.lines, line)


def _period(period: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in period.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise RuleViolationError(f"a period is YYYY-MM; got {period!r}", field="period", rule="period_format") from None
    return year, month


def _next(period: str) -> str:
    year, month = _period(period)
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def _plain(value: Any) -> Any:
    """Dataclass figures as an event carries them: string keys, lists for tuples."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
