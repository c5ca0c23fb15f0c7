"""Exit triggers and warnings of one manager's annual appraisal (DOMAIN.md "Warnings and exit").

`history` holds the manager's earlier final results (any order, any tenure). Runs "in a row" are runs of
calendar years ending with the current one: a year missing from the history breaks the run. "Within the
appointment" (professional managers' unqualified count) and "within a tenure" (basic count) count the
years from `term_start_year` (default: all the history given) up to the current one. A veto makes the year
unqualified but is not an exit trigger in itself; a vetoed total of 70 or more proposes no exit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import BASIC, LEVELS, UNQUALIFIED
from shared.errors import InvalidInputError

from .appraisal import AnnualScore
from .kpi_score import KpiScore
from .ranking import ranking_warnings
from .results import (
    AUTOMATIC_REMOVAL,
    BASIC_IN_TENURE,
    CONSECUTIVE_BASIC,
    CONSECUTIVE_UNQUALIFIED,
    EXIT_PROPOSED,
    MAIN_KPI_BELOW_FLOOR,
    REMOVAL_FLOOR,
    SCORE_BELOW_FLOOR,
    TALK_ADJUSTMENT_OR_DEMOTION_REVIEW,
    Trigger,
    TriggerReport,
    YearResult,
)


def evaluate_triggers(
    current: YearResult,
    annual: AnnualScore,
    history: Iterable[YearResult],
    params: PolicyParameters | Mapping[str, Any] | None,
    *,
    level: str = "middle",
    term_start_year: int | None = None,
) -> TriggerReport:
    """The current year's exit triggers, warnings and ranking warnings, each with its reason."""
    policy = PolicyParameters.of(params)
    if level not in LEVELS:
        raise InvalidInputError(
            f"level must be one of {', '.join(LEVELS)}; got {level!r}", field="level", rule="known_level"
        )
    if current.total != annual.total:
        raise InvalidInputError(
            f"the result's total {current.total} is not the annual score's {annual.total}",
            field="current.total",
            rule="total_matches_score",
        )
    years = _by_year(current, history)
    within = [r for y, r in years.items() if term_start_year is None or y >= term_start_year]
    exits = [
        *_score_below_floor(current, policy),
        *_main_kpi_below_floor(annual),
        *_consecutive_unqualified(current, years, within, policy, level == "professional"),
        *_removal_floor(annual, policy),
    ]
    warnings = list(_consecutive_basic(current, years, within, policy))
    return TriggerReport(tuple(exits), tuple(warnings), ranking_warnings(current, years, policy))


def _score_below_floor(current: YearResult, p: PolicyParameters) -> list[Trigger]:
    if current.total >= p.exit_score_floor:
        return []
    return [Trigger(SCORE_BELOW_FLOOR, EXIT_PROPOSED, f"annual total {current.total} < {p.exit_score_floor}")]


def _main_kpi_below_floor(annual: AnnualScore) -> list[Trigger]:
    codes = annual.main_kpis_below_floor
    if not codes:
        return []
    shown = ", ".join(f"{s.code} {s.completion_rounded}" for s in annual.kpis if s.code in codes)
    reason = f"main KPI completion below {annual.main_kpi_floor}: {shown}"
    return [Trigger(MAIN_KPI_BELOW_FLOOR, EXIT_PROPOSED, reason, codes)]


def _consecutive_unqualified(
    current: YearResult, years: dict[int, YearResult], within: list[YearResult], p: PolicyParameters, pro: bool
) -> list[Trigger]:
    if current.grade != UNQUALIFIED:
        return []
    reasons = []
    run = _run(UNQUALIFIED, current, years)
    if run >= p.consecutive_unqualified_exit:
        reasons.append(f"unqualified {run} years in a row (limit {p.consecutive_unqualified_exit})")
    times = sum(1 for r in within if r.grade == UNQUALIFIED)
    if pro and times >= p.professional_unqualified_in_appointment:
        limit = p.professional_unqualified_in_appointment
        reasons.append(f"professional manager unqualified {times} times within the appointment (limit {limit})")
    return [Trigger(CONSECUTIVE_UNQUALIFIED, EXIT_PROPOSED, "; ".join(reasons))] if reasons else []


def _removal_floor(annual: AnnualScore, p: PolicyParameters) -> list[Trigger]:
    """一重 variant: revenue or profit completion below its removal floor; off when the floor is None."""
    below = [(s.code, f"{what} KPI {s.code} completion {s.completion_rounded} < {floor}")
             for s, floor, what in _below_removal_floor(annual, p)]
    if not below:
        return []
    reason = "; ".join(text for _, text in below)
    return [Trigger(REMOVAL_FLOOR, AUTOMATIC_REMOVAL, reason, tuple(code for code, _ in below))]


def _below_removal_floor(annual: AnnualScore, p: PolicyParameters) -> list[tuple[KpiScore, Decimal, str]]:
    """Each revenue or profit KPI whose completion is below its floor, with the floor and what it measures."""
    below = []
    for codes, floor, what in (
        (p.revenue_kpi_codes, p.revenue_removal_floor, "revenue"),
        (p.profit_kpi_codes, p.profit_removal_floor, "profit"),
    ):
        for s in annual.kpis:
            if floor is not None and s.code in codes and s.completion is not None and s.completion < floor:
                below.append((s, floor, what))
    return below


def removal_figures(annual: AnnualScore, params: PolicyParameters | Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The KPI figures that put a manager below a removal floor, as the exit proposal carries them: the decision
    the rule records on it names them (DOMAIN.md "Warnings and exit", 一重)."""
    return [{"kpi_code": s.code, "measure": what, "actual": s.actual, "target": s.target,
             "completion": s.completion_rounded, "floor": floor}
            for s, floor, what in _below_removal_floor(annual, PolicyParameters.of(params))]


def _consecutive_basic(
    current: YearResult, years: dict[int, YearResult], within: list[YearResult], p: PolicyParameters
) -> list[Trigger]:
    """One warning (约谈、岗位调整或降职考察) with every reason that holds. Its kind is consecutive_basic when the
    basic years run in a row, else basic_in_tenure: the two halves of 004 §二(三)'s trigger stay apart."""
    if current.grade != BASIC:
        return []
    reasons = []
    run = _run(BASIC, current, years)
    if run >= p.consecutive_basic_warning:
        reasons.append(f"basic {run} years in a row (limit {p.consecutive_basic_warning})")
    times = sum(1 for r in within if r.grade == BASIC)
    if times >= p.basic_in_tenure_warning:
        reasons.append(f"basic {times} times within the tenure (limit {p.basic_in_tenure_warning})")
    if not reasons:
        return []
    kind = CONSECUTIVE_BASIC if run >= p.consecutive_basic_warning else BASIC_IN_TENURE
    return [Trigger(kind, TALK_ADJUSTMENT_OR_DEMOTION_REVIEW, "; ".join(reasons))]


def _run(grade: str, current: YearResult, years: dict[int, YearResult]) -> int:
    """How many calendar years in a row, ending with the current one, have this grade."""
    run, year = 0, current.year
    while year in years and years[year].grade == grade:
        run, year = run + 1, year - 1
    return run


def _by_year(current: YearResult, history: Iterable[YearResult]) -> dict[int, YearResult]:
    years: dict[int, YearResult] = {}
    for result in history:
        if result.year >= current.year or result.year in years:
            raise InvalidInputError(
                f"history holds one earlier result per year; {result.year} is repeated or not before {current.year}",
                field="history",
                rule="earlier_distinct_years",
            )
        years[result.year] = result
    years[current.year] = current
    return years
