"""One KPI's score with every figure that produced it (DOMAIN.md: "an auditor must see how each score was reached")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.domain.records import as_values, known

# Where a rule parameter (cap, step, penalty) came from: the KPI sheet itself, or the policy's default
# because the sheet left it blank. The contract service writes the policy's default into a sheet when it
# records it, so a recorded sheet reports "sheet" for every parameter it carries.
SHEET = "sheet"
POLICY = "policy"

# How a deduct gap is measured: the relative shortfall in % of the target (amounts), or the difference in
# percentage points (KPIs whose unit is "%").
RELATIVE_PCT = "relative_pct"
PERCENTAGE_POINTS = "percentage_points"

# Where a tiered KPI's actual landed: below basic, from basic up to striving, from striving up to
# challenge, at or beyond challenge.
TIER_BANDS = ("below_basic", "basic", "striving", "challenge")


@dataclass(frozen=True, slots=True)  # thousands held at once by a group's year-end: no dict each
class KpiScore:
    """The score of one KPI; `score` keeps full precision, `score_rounded` (2 dp) is for display only.

    `completion` is actual / target (higher is better) or target / actual (lower is better) at full
    precision, against the striving target for tiered KPIs; None for rated and pass_fail KPIs, and for a
    lower-is-better actual of 0, which beats any positive target (see `note`). `met` says whether the
    target was reached (the mean rating reached `veto_below` for a rated veto KPI); `vetoed` is True
    when a veto KPI was not met.
    """

    code: str
    name: str
    rule: str
    weight: Decimal
    direction: str | None
    unit: str
    main: bool
    veto: bool
    score: Decimal
    score_rounded: Decimal
    vetoed: bool = False
    met: bool | None = None
    target: Decimal | None = None
    tiers: Mapping[str, Decimal] | None = None
    actual: Decimal | None = None
    ratings: tuple[Decimal, ...] = ()
    rating: Decimal | None = None
    veto_below: Decimal | None = None
    completion: Decimal | None = None
    completion_rounded: Decimal | None = None
    gap: Decimal | None = None
    gap_basis: str | None = None
    tier: str | None = None
    cap: Decimal | None = None
    cap_source: str | None = None
    step: Decimal | None = None
    step_source: str | None = None
    penalty: Decimal | None = None
    penalty_source: str | None = None
    note: str | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> KpiScore:
        # Immutable, and its read-only tiers mapping cannot be deep-copied: a copy is the object itself.
        return self

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> KpiScore:
        """Back from `to_dict()`, as an event recorded it."""
        return cls(**{**known(cls, values), "ratings": tuple(values.get("ratings") or ())})

    def to_dict(self) -> dict[str, Any]:
        """Plain values (Decimals kept) fit for an event or a read model."""
        values = as_values(self)
        values["tiers"] = None if self.tiers is None else dict(self.tiers)
        values["ratings"] = list(self.ratings)
        return values
