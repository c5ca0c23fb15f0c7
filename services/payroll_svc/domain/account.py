"""A tenure's pay account: its plan and every payment line, by period. A closed period is never edited:
what changes later is paid or recovered by new lines on the next open period, naming what they correct.
Each command checks and decides through the rules of its own module (base, performance, corrections, tenure,
exit, removal, clawback), then records what was decided; the recording methods (`@event`) only assign, as replay
runs them again. Their names and attributes are those of the events recorded before the account had typed state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.messages import RemovalByRule, TenureResult
from shared.domain.parameters import PolicyParameters

from .base import base_line
from .clawback import clawback_line
from .corrections import performance_line, retained_revised, tenure_corrections
from .exit import base_paid_past, settled_at_exit
from .figures import require_amounts
from .lines import Cause, LineDraft, PaymentLine, paid, parse_period, period_of
from .owed import owed_balance, with_covering
from .performance import settle_performance
from .plan import KnownTenure, check_pay_plan, require_in_force
from .proration import year_fraction
from .records import Exit, Removal, TenureSettled, YearSettlement, plain
from .removal import allowance_due, allowance_runs_in, removal_record
from .tenure import settle_tenure_of, tenure_lines

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/payroll/account")


class PayAccount(Aggregate):
    """One per tenure, its id derived from the tenure's: the plan, the lines, what was settled, the exit."""

    @staticmethod
    def create_id(tenure_id: UUID, **_: Any) -> UUID:
        return uuid5(ACCOUNT_NAMESPACE, str(tenure_id))

    @classmethod
    def plan(cls, tenure: KnownTenure, base: Decimal, performance: Decimal, policy_version: int,
             parameters: Mapping[str, Any]) -> PayAccount:
        """The pay plan of a tenure in force; refused below the minimum performance share for its level."""
        require_in_force(tenure)
        require_amounts(base=base, performance=performance)
        check_pay_plan(base, performance, tenure.level, parameters)
        return cls(in_force=True, tenure_id=tenure.tenure_id, manager_id=tenure.manager_id,
                   enterprise_id=tenure.enterprise_id, level=tenure.level, start=tenure.start, end=tenure.end,
                   base=base, performance=performance, policy_id=tenure.policy_id, policy_version=policy_version,
                   parameters=dict(parameters))

    @event("Planned")
    def __init__(self, in_force: bool, tenure_id: UUID, manager_id: UUID, enterprise_id: UUID, level: str, start: date,
                 end: date, base: Decimal, performance: Decimal, policy_id: UUID, policy_version: int,
                 parameters: dict[str, Any]) -> None:
        self.tenure_id, self.manager_id, self.enterprise_id, self.level = tenure_id, manager_id, enterprise_id, level
        self.start, self.end, self.base, self.performance = start, end, base, performance
        self.policy_id, self.policy_version = policy_id, policy_version
        self.policy = PolicyParameters.of(parameters)  # the plan's policy version, checked when planned
        self.in_force = in_force  # the agreement signed and the tenure activated: only then is base paid
        self.lines: tuple[PaymentLine, ...] = ()
        self.closed_periods: tuple[str, ...] = ()
        self.settlements: dict[int, YearSettlement] = {}
        self.tenure_settlement: TenureSettled | None = None
        self.exit: Exit | None = None

    @property
    def exit_date(self) -> date | None:
        return self.exit.on if self.exit else None

    def runs_in(self, year: int, month: int) -> bool:
        """Whether the month lies within the tenure, up to its exit, or is one of a living allowance after it."""
        last = min(self.end, self.exit_date or self.end)
        in_post = (self.start.year, self.start.month) <= (year, month) <= (last.year, last.month)
        return in_post or allowance_runs_in(self.exit, year, month)

    def pay_base(self, period: str, run_ref: str) -> PaymentLine | None:
        """The month's base as the schedule known now owes it (`base.base_line`); a period already paid pays
        nothing more, and nothing is paid before the tenure is in force or after its exit."""
        draft = base_line(self.base, period, self.lines, self.start, self.end, self.exit_date, run_ref)
        return None if draft is None or not self.in_force else self._add(draft, period)

    def pay_living_allowance(self, period: str, run_ref: str) -> list[PaymentLine]:
        """After an automatic removal, the living allowance of the months up to `period` not paid yet (removal.py)."""
        return [self._add(draft, period) for draft in allowance_due(self.exit, self.lines, period, run_ref)]

    def settle_year(self, year: int, total: Decimal, grade: str, appraisal_ref: str, final_on: date,
                    policy_version: int | None = None, parameters: Mapping[str, Any] | None = None) -> None:
        """Performance pay of a final annual appraisal, under the policy version the appraisal used (the
        plan's when not told); a changed result is corrected by a new line, and so is the retained pay
        released when the tenure was settled already."""
        fraction = year_fraction(self.start, self.end, year, self.exit_date)
        for_cause = bool(self.exit and self.exit.forfeits(year))
        pay = settle_performance(self.performance, fraction, grade, total, parameters or self.policy, for_cause)
        now = YearSettlement(**asdict(pay), year=year, total=total, appraisal=appraisal_ref,
                             policy_version=policy_version or self.policy_version, line_id=f"L{len(self.lines) + 1}")
        line = performance_line(self.settlements.get(year), now)
        if line is None:
            return
        self._year_settled(year=year, figures=now.as_recorded())
        self._add(line, period_of(final_on))
        if (settled := self.tenure_settlement) is not None:
            self._resettle(settled, retained_revised(settled, self.settlements), line.cause, final_on)

    @event("YearSettled")
    def _year_settled(self, year: int, figures: dict[str, Any]) -> None:
        settled = YearSettlement.recorded(figures, line_id=f"L{len(self.lines) + 1}")
        self.settlements = {**self.settlements, int(year): settled}

    def settle_tenure(self, appraisal: TenureResult, appraisal_ref: str, final_on: date) -> None:
        """The tenure incentive and the retained pay from the tenure appraisal's result and coefficient; a
        revised result corrects what was paid. None after an exit for cause, which forfeits both."""
        earlier = self.tenure_settlement
        if (self.exit is not None and self.exit.for_cause) or (earlier and earlier.appraisal == appraisal_ref):
            return
        result = settle_tenure_of(self.start, self.end, self.exit_date, self.base + self.performance,
                                  {year: s.retained for year, s in self.settlements.items()}, appraisal, self.policy)
        now = TenureSettled(**asdict(result), appraisal=appraisal_ref)
        if earlier is not None:
            self._resettle(earlier, now, Cause("tenure_appraisal", appraisal_ref), final_on)
        else:
            self._tenure_settled(figures=plain(now))
            for line in tenure_lines(result, appraisal_ref):
                self._add(line, period_of(final_on))

    def _resettle(self, earlier: TenureSettled, now: TenureSettled, cause: Cause, on: date) -> None:
        """The tenure settled again: the differences paid or recovered on the next open period."""
        if now == earlier:
            return
        self._tenure_settled(figures=plain(now))
        for line in tenure_corrections(earlier, now, self.lines, cause):
            self._add(line, period_of(on))

    @event("TenureSettled")
    def _tenure_settled(self, figures: dict[str, Any]) -> None:
        self.tenure_settlement = TenureSettled.recorded(figures)

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

    def record_exit(self, on: date, reason: str, for_cause: bool, ref: str, by_rule: RemovalByRule | None = None
                    ) -> None:
        """The tenure's pay ends on `on`, base paid past it recovered; for cause, that year's performance pay is
        forfeited (exit.py), and an automatic removal's appraised year's with it (removal.py)."""
        if self.exit is not None:
            return
        self._exited(on=on, reason=reason, for_cause=for_cause, ref=ref, removal=removal_record(by_rule, self.end))
        assert self.exit is not None
        for draft in base_paid_past(self.lines, self.base, self.start, self.end, self.exit):
            self._add(draft, period_of(on))
        for settled, line in settled_at_exit(self.exit, self.settlements, self.performance, self.start, self.end,
                                             self.policy, self.policy_version):
            self._year_settled(year=settled.year, figures=settled.as_recorded())
            self._add(line, period_of(on))

    @event("Exited")
    def _exited(self, on: date, reason: str, for_cause: bool, ref: str, removal: dict[str, Any] | None = None) -> None:
        self.exit = Exit(on, reason, for_cause, ref, Removal.recorded(removal))

    def claw_back(self, amount: Decimal, reason: str, decision_ref: str, period: str) -> None:
        """A recorded decision to recover pay already paid, as a recovery line."""
        self._add(clawback_line(amount, reason, decision_ref, period, paid(self.lines) - owed_balance(self.lines)), period)

    def close_period(self, period: str) -> None:
        parse_period(period)
        if period not in self.closed_periods:
            self._period_closed(period=period)

    @event("PeriodClosed")
    def _period_closed(self, period: str) -> None:
        self.closed_periods = (*self.closed_periods, period)

    def _add(self, draft: LineDraft, period: str) -> PaymentLine:
        """The line, then what its payslip cannot cover carried as owed, or owed pay recovered from it."""
        line, *covering = with_covering(self.lines, self.closed_periods, draft, period, self.policy_version)
        for added in (line, *covering):
            self._line_added(line=added.as_recorded())
        return line

    @event("LineAdded")
    def _line_added(self, line: dict[str, Any]) -> None:
        self.lines = (*self.lines, PaymentLine.recorded(line))
