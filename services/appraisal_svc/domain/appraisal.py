"""The annual score of a KPI sheet (DOMAIN.md "Scoring rules": annual total; "KPI sheets": main and veto)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.decimals import round_score
from shared.domain.parameters import PolicyParameters
from shared.domain.records import as_values, field_names
from shared.errors import InvalidInputError, RuleViolationError

from .adjustments import Adjustment, adjustments_of
from .figures import ZERO
from .kpi_score import KpiScore
from .scoring import score_kpi

Kpi = Mapping[str, Any]


@dataclass(frozen=True)
class AnnualScore:
    """A sheet's score. `total` = round(kpi_total + bonus − deductions, 2 dp, ROUND_HALF_UP), never below 0.

    `bonus` is the sum of bonus items capped at `bonus_cap`; `kpi_total` and `total_unrounded` keep full
    precision. `vetoed_by` and `main_kpis_below_floor` name the KPIs behind the two flags.
    """

    kpis: tuple[KpiScore, ...]
    kpi_total: Decimal
    adjustments: tuple[Adjustment, ...]
    bonus_claimed: Decimal
    bonus_cap: Decimal
    bonus: Decimal
    deductions: Decimal
    total_unrounded: Decimal
    total: Decimal
    vetoed_by: tuple[str, ...]
    main_kpi_floor: Decimal
    main_kpis_below_floor: tuple[str, ...]

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoed_by)

    @property
    def main_kpi_below_floor(self) -> bool:
        return bool(self.main_kpis_below_floor)

    def kpi(self, code: str) -> KpiScore:
        for score in self.kpis:
            if score.code == code:
                return score
        raise KeyError(code)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> AnnualScore:
        """Back from `to_dict()`, as an event recorded it: the score is kept, never computed again."""
        return cls(**{
            **{name: values[name] for name in field_names(cls)}, "kpis": tuple(KpiScore.from_dict(k) for k in values["kpis"]),
            "adjustments": tuple(Adjustment(**a) for a in values["adjustments"]),
            "vetoed_by": tuple(values["vetoed_by"]), "main_kpis_below_floor": tuple(values["main_kpis_below_floor"]),
        })

    def to_dict(self) -> dict[str, Any]:
        """Plain values (Decimals kept) fit for an event or a read model."""
        values = as_values(self)
        values.update(
            kpis=[score.to_dict() for score in self.kpis],
            adjustments=[item.to_dict() for item in self.adjustments],
            vetoed_by=list(self.vetoed_by),
            main_kpis_below_floor=list(self.main_kpis_below_floor),
            vetoed=self.vetoed,
            main_kpi_below_floor=self.main_kpi_below_floor,
        )
        return values


def score_sheet(
    kpis: Sequence[Kpi],
    actuals: Mapping[str, Any],
    ratings: Mapping[str, Any] | None = None,
    params: PolicyParameters | Mapping[str, Any] | None = None,
    adjustments: Iterable[Adjustment | tuple[str, Any, str]] = (),
) -> AnnualScore:
    """Score every KPI of the sheet and total them.

    `actuals` maps a quantitative KPI's code to its actual; `ratings` maps a rated KPI's code to its
    evaluators' ratings (a list; the mean is taken) or to a single rating. A code that is not on the sheet,
    an actual for a rated KPI or a rating for a quantitative one is refused; a missing one too (see `missing`).
    """
    policy = PolicyParameters.of(params)
    ratings = ratings or {}
    _check_codes(kpis, actuals, ratings)
    _check_complete(kpis, actuals, ratings)
    scores = tuple(score_kpi(kpi, actuals.get(kpi["code"]), ratings.get(kpi["code"]), policy) for kpi in kpis)
    return _total(scores, adjustments_of(adjustments), policy)


def _total(scores: tuple[KpiScore, ...], items: tuple[Adjustment, ...], policy: PolicyParameters) -> AnnualScore:
    kpi_total = sum((score.score for score in scores), ZERO)
    claimed = sum((item.amount for item in items if item.kind == "bonus"), ZERO)
    bonus = min(claimed, policy.bonus_cap)
    deductions = sum((item.amount for item in items if item.kind == "deduction"), ZERO)
    # Deductions can outweigh the KPIs only in theory; a total below zero has no meaning for grades or pay.
    unrounded = max(ZERO, kpi_total + bonus - deductions)
    return AnnualScore(
        kpis=scores, kpi_total=kpi_total, adjustments=items, bonus_claimed=claimed, bonus_cap=policy.bonus_cap,
        bonus=bonus, deductions=deductions, total_unrounded=unrounded, total=round_score(unrounded),
        vetoed_by=tuple(score.code for score in scores if score.vetoed),
        main_kpi_floor=policy.main_kpi_floor,
        # Rated and pass/fail main KPIs have no completion and so never fall below the floor.
        main_kpis_below_floor=tuple(
            s.code for s in scores if s.main and s.completion is not None and s.completion < policy.main_kpi_floor
        ),
    )


def _check_complete(kpis: Sequence[Kpi], actuals: Mapping[str, Any], ratings: Mapping[str, Any]) -> None:
    lacking = missing(kpis, actuals, ratings)
    if lacking:
        rated = {kpi["code"] for kpi in kpis if kpi["rule"] == "rated"}
        source = "ratings" if lacking[0] in rated else "actuals"
        raise RuleViolationError(
            f"no actual or rating yet for {', '.join(lacking)}", field=f"{source}.{lacking[0]}", rule="inputs_complete"
        )


def missing(kpis: Sequence[Kpi], actuals: Mapping[str, Any], ratings: Mapping[str, Any] | None = None) -> list[str]:
    """Codes of the sheet's KPIs that still lack an actual (quantitative) or any rating (rated), in sheet order."""
    ratings = ratings or {}
    lacking = []
    for kpi in kpis:
        code = kpi["code"]
        if kpi["rule"] == "rated":
            given = ratings.get(code)
            if given is None or (isinstance(given, (list, tuple)) and not given):
                lacking.append(code)
        elif actuals.get(code) is None:
            lacking.append(code)
    return lacking


def _check_codes(kpis: Sequence[Kpi], actuals: Mapping[str, Any], ratings: Mapping[str, Any]) -> None:
    codes = [kpi["code"] for kpi in kpis]
    if len(set(codes)) != len(codes):
        raise InvalidInputError("KPI codes of a sheet must be unique", field="kpis", rule="unique_kpi_codes")
    for source, given in (("actuals", actuals), ("ratings", ratings)):
        unknown = sorted(set(given) - set(codes))
        if unknown:
            raise InvalidInputError(
                f"{source} name KPIs that are not on the sheet: {', '.join(map(str, unknown))}",
                field=f"{source}.{unknown[0]}",
                rule="kpi_on_sheet",
            )
