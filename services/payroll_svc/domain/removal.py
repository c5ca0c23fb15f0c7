"""一重's automatic removal as payroll pays it (DOMAIN.md "Warnings and exit", "Pay": Termination; 003 一重:
"自动免职并只拿基本生活费"). An exit for cause like any other (exit.py), and besides: the appraised year whose figures
removed the manager forfeits its performance pay too, though it may have been paid already (then a recovery line
names the line that paid it); and from the day after the exit to the end of the planned term the manager is paid
the policy's living allowance each month instead of base, a month in part by its calendar days (allowance × days
paid / days in the month, to the cent), by the monthly runs: a run pays the months of it not yet paid up to its own."""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from shared.decimals import round_money
from shared.domain.messages import RemovalByRule
from shared.domain.vocabulary import AUTOMATIC_REMOVAL

from .figures import NO_MONEY
from .lines import LIVING_ALLOWANCE, PERFORMANCE, RECOVERY, Cause, LineDraft, PaymentLine, parse_period
from .performance import TERMINATED_FOR_CAUSE
from .records import Exit, YearSettlement


def removal_record(by_rule: RemovalByRule | None, until: date) -> dict[str, Any] | None:
    """What `PayAccount.Exited` records of an automatic removal decided `by_rule`, paid until `until`."""
    if by_rule is None:
        return None
    return {"year": by_rule.year, "rule": by_rule.rule, "living_allowance_monthly": by_rule.living_allowance_monthly,
            "until": until}


def allowance_months(exit: Exit | None) -> list[tuple[str, Decimal]]:
    """(period, amount) of each month of living allowance an automatic removal pays, in order; none without one,
    or with an allowance of 0 or none (a policy recorded before it had one)."""
    removal = exit.removal if exit is not None else None
    if exit is None or removal is None or not removal.living_allowance_monthly:
        return []
    first, last, months = exit.on + timedelta(days=1), removal.until, []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days = calendar.monthrange(year, month)[1]
        paid = (min(last, date(year, month, days)) - max(first, date(year, month, 1))).days + 1
        months.append((f"{year:04d}-{month:02d}", round_money(removal.living_allowance_monthly * paid / days)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def allowance_runs_in(exit: Exit | None, year: int, month: int) -> bool:
    return any(period == f"{year:04d}-{month:02d}" for period, _ in allowance_months(exit))


def allowance_due(exit: Exit | None, lines: Iterable[PaymentLine], period: str, run_ref: str) -> list[LineDraft]:
    """The living allowance a run of `period` pays: every month of it up to `period` not paid yet."""
    parse_period(period)
    if exit is None:
        return []
    paid = {line.for_period for line in lines if line.kind == LIVING_ALLOWANCE}
    return [LineDraft(LIVING_ALLOWANCE, amount, month, Cause("base_run", run_ref),
                      f"living allowance {month}: automatic removal effective {exit.on.isoformat()}")
            for month, amount in allowance_months(exit) if month <= period and month not in paid]


def removed_year(exit: Exit, settlements: Mapping[int, YearSettlement]) -> tuple[YearSettlement, LineDraft] | None:
    """The appraised year of an automatic removal, settled (and paid) before the removal was learned: settled
    again as forfeited, what it paid recovered by a line naming the line that last paid it."""
    removal = exit.removal
    earlier = settlements.get(removal.year) if removal is not None else None
    if removal is None or earlier is None or earlier.forfeited_by is not None:
        return None
    now = dataclasses.replace(earlier, forfeited_by=TERMINATED_FOR_CAUSE, performance_pay=NO_MONEY, retained=NO_MONEY,
                              performance_paid_now=NO_MONEY)
    cause = Cause(AUTOMATIC_REMOVAL, exit.ref)
    note = f"performance pay {removal.year} forfeited: automatic removal ({removal.rule}) effective {exit.on}"
    if earlier.performance_paid_now == NO_MONEY:
        return now, LineDraft(PERFORMANCE, NO_MONEY, str(removal.year), cause, note)
    return now, LineDraft(RECOVERY, -earlier.performance_paid_now, str(removal.year), cause, note, earlier.line_id)
