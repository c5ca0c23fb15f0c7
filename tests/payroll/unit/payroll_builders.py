"""Shared figures of the pay unit tests: the golden tenure, the recorded default policy, and `refused`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from services.payroll_svc.domain import YearFraction, year_fraction
from shared.domain.coefficient import tenure_coefficient, tenure_coefficient_uncapped
from shared.domain.messages import TenureResult
from shared.domain.parameters import PolicyParameters
from shared.errors import TenureSystemError

D = Decimal
# The policy dict as the contract service records it: the payroll reads pay parameters from it.
POLICY: dict[str, Any] = PolicyParameters().to_dict()
START, END = date(2022, 3, 1), date(2024, 12, 31)
YEARS = (2022, 2023, 2024)


def policy(**overrides: Any) -> dict[str, Any]:
    """The default policy with `overrides`, validated as the contract service validates a policy."""
    return PolicyParameters.from_dict(overrides).to_dict()


def fractions(start: date = START, end: date = END) -> dict[int, YearFraction]:
    return {year: year_fraction(start, end, year) for year in range(start.year, end.year + 1)}


def refused(call: Any, *args: Any, **kwargs: Any) -> tuple[str | None, str | None]:
    """(field, rule) of the error the call raises."""
    with pytest.raises(TenureSystemError) as raised:
        call(*args, **kwargs)
    return raised.value.field, raised.value.rule


def appraised(scores: dict[int, Decimal], grade: str = "qualified", cap: Decimal = D("2.0")) -> TenureResult:
    """The tenure appraisal's result as the appraisal service sends it: its coefficient computed there."""
    return TenureResult(annual_totals=scores, basis="mean_of_annual_scores", score=D(0), vetoed=False, grade=grade,
                        coefficient_uncapped=tenure_coefficient_uncapped(scores),
                        coefficient=tenure_coefficient(scores, cap))
