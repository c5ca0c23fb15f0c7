"""The payroll service's pay domain (DOMAIN.md "Pay"): the pay plan check, calendar-day pro-rating, monthly
base, a year's performance pay and its retention, the tenure incentive and released retention, clawbacks and
corrections of paid years.

Pure: no I/O. Amounts are Decimals in yuan, rounded only through `shared.decimals` (to the cent, HALF_UP;
coefficients to 4 decimals); every result keeps its intermediate figures for audit. Policy parameters come as
`PayParameters` or as the contract service's policy dict (`PolicyParameters.to_dict()`). Errors raised are
those of `shared.errors`, naming the field and the rule.
"""

from .base import BaseYear, MonthLine, base_for_year, month_amount, monthly_base
from .clawback import ClawbackPlan, Deduction, clawback_plan
from .corrections import ARREARS, RECOVERY, CorrectionLine, correction_lines
from .parameters import (
    BASIC,
    EXCELLENT,
    GRADE_MODE,
    GRADES,
    LEVELS,
    QUALIFIED,
    SCORE_MODE,
    UNQUALIFIED,
    PayParameters,
    pay_parameters,
)
from .performance import TERMINATED_FOR_CAUSE, PerformanceSettlement, settle_performance
from .plan import PayPlan, check_pay_plan
from .proration import YearFraction, days_in, paid_days, year_fraction
from .tenure import (
    ENDINGS,
    EXPIRED,
    RENEWED,
    TENURE_UNQUALIFIED,
    TERMINATED,
    TenureSettlement,
    settle_tenure,
    tenure_coefficient,
)

__all__ = [
    "ARREARS",
    "BASIC",
    "ENDINGS",
    "EXCELLENT",
    "EXPIRED",
    "GRADES",
    "GRADE_MODE",
    "LEVELS",
    "QUALIFIED",
    "RECOVERY",
    "RENEWED",
    "SCORE_MODE",
    "TENURE_UNQUALIFIED",
    "TERMINATED",
    "TERMINATED_FOR_CAUSE",
    "UNQUALIFIED",
    "BaseYear",
    "ClawbackPlan",
    "CorrectionLine",
    "Deduction",
    "MonthLine",
    "PayParameters",
    "PayPlan",
    "PerformanceSettlement",
    "TenureSettlement",
    "YearFraction",
    "base_for_year",
    "check_pay_plan",
    "clawback_plan",
    "correction_lines",
    "days_in",
    "month_amount",
    "monthly_base",
    "paid_days",
    "pay_parameters",
    "settle_performance",
    "settle_tenure",
    "tenure_coefficient",
    "year_fraction",
]
