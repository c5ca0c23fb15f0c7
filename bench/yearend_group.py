"""A generated group for the year-end bench: many enterprises, each a scenario made from golden-1's sheets.

Deterministic: enterprise `e` and manager `i` take golden-1's manager `i mod 10` (level, pay, KPI sheets and
targets as they are) with every actual moved by a small step of its own, between -2 % and +2 % in 0.5 %
steps, and every rating by -3 to +3 points (kept within 0..100), so that the grades spread as they would in
a real group and no two enterprises are copies. The figures the services compute are whatever the rules give:
the bench checks that each year-end completed and was paid, not what it paid.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from tenurectl.scenario import Scenario

ACTUAL_STEPS = [Decimal(k) / 200 for k in range(-4, 5)]  # -2 % .. +2 %
RATING_STEPS = list(range(-3, 4))


def group(golden: Scenario, enterprises: int, per: int, large: int) -> list[Scenario]:
    """`enterprises` enterprises of `per` managers, then one of `large` managers (none when `large` is 0)."""
    sizes = [per] * enterprises + ([large] if large else [])
    return [enterprise(golden, index, size) for index, size in enumerate(sizes, start=1)]


def enterprise(golden: Scenario, index: int, size: int) -> Scenario:
    code = f"Y{index:03d}"
    raw = {
        **golden.raw,
        "name": f"yearend {code}",
        "enterprise": {**golden.enterprise, "code": code, "name": f"{golden.enterprise['name']}{index:03d}"},
        "managers": [manager(golden.managers[i % len(golden.managers)], code, index, i) for i in range(size)],
    }
    return Scenario(raw)


def manager(source: Mapping[str, Any], enterprise_code: str, index: int, i: int) -> dict[str, Any]:
    seed = index * 7 + i * 13
    step, points = ACTUAL_STEPS[seed % len(ACTUAL_STEPS)], RATING_STEPS[seed % len(RATING_STEPS)]
    return {
        **source,
        "code": f"{enterprise_code}-{i + 1:04d}",
        "name": f"{source['name']}{i + 1:04d}",
        "actuals": {year: {kpi: _moved(value, step) for kpi, value in figures.items()}
                    for year, figures in source.get("actuals", {}).items()},
        "ratings": {year: {kpi: max(0, min(100, value + points)) for kpi, value in figures.items()}
                    for year, figures in source.get("ratings", {}).items()},
    }


def _moved(value: Any, step: Decimal) -> Decimal:
    """The actual moved by `step`, to the precision it was written with (two decimals more at most)."""
    exact = Decimal(str(value))
    places = max(-exact.as_tuple().exponent, 0) + 2  # type: ignore[operator]
    return (exact * (1 + step)).quantize(Decimal(1).scaleb(-places))
