"""The payroll service's pay domain (DOMAIN.md "Pay"): the pay plan check, calendar-day pro-rating, monthly
base, a year's performance pay and its retention, the tenure incentive and released retention, clawbacks and
corrections of paid years, and the pay account that records them.

Pure: no I/O. Amounts are Decimals in yuan, rounded only through `shared.decimals` (to the cent, HALF_UP);
every result keeps its intermediate figures for audit. Policy parameters are `shared.domain.parameters`'
`PolicyParameters`, or the contract service's policy dict (`PolicyParameters.to_dict()`). The tenure
coefficient is the tenure appraisal's, as sent. Errors raised are those of `shared.errors`, naming the field
and the rule.
"""

from .base import BaseYear, MonthLine, base_due, base_for_year, month_amount, monthly_base
from .clawback import ClawbackPlan, Deduction, clawback_line, clawback_plan
from .corrections import CorrectionLine, correction_lines, performance_line
from .lines import ARREARS, RECOVERY, Cause, LineDraft, PaymentLine
from .performance import TERMINATED_FOR_CAUSE, PerformanceSettlement, settle_performance
from .plan import KnownTenure, PayPlan, check_pay_plan
from .proration import YearFraction, days_in, paid_days, year_fraction
from .tenure import (
    ENDINGS,
    EXPIRED,
    RENEWED,
    TENURE_UNQUALIFIED,
    TERMINATED,
    TenureSettlement,
    settle_tenure,
)

__all__ = [
    "ARREARS",
    "ENDINGS",
    "EXPIRED",
    "RECOVERY",
    "RENEWED",
    "TENURE_UNQUALIFIED",
    "TERMINATED",
    "TERMINATED_FOR_CAUSE",
    "BaseYear",
    "Cause",
    "ClawbackPlan",
    "CorrectionLine",
    "Deduction",
    "KnownTenure",
    "LineDraft",
    "MonthLine",
    "PayPlan",
    "PaymentLine",
    "PerformanceSettlement",
    "TenureSettlement",
    "YearFraction",
    "base_due",
    "base_for_year",
    "check_pay_plan",
    "clawback_line",
    "clawback_plan",
    "correction_lines",
    "days_in",
    "month_amount",
    "monthly_base",
    "paid_days",
    "performance_line",
    "settle_performance",
    "settle_tenure",
    "year_fraction",
]
