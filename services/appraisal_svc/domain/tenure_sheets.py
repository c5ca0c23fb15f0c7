"""The tenure letter's own KPI sheet at the tenure appraisal (DOMAIN.md "Tenure appraisal"): scored like an
annual sheet against the tenure targets, on the tenure period's audited actuals and ratings. A tenure whose letter
carries a sheet is not appraised on the mean while those figures are missing: finalising the year that closes it
is refused naming them, as closing a year is refused naming a year's missing figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from shared.domain.parameters import PolicyParameters
from shared.errors import RuleViolationError

from .appraisal import AnnualScore, score_sheet
from .steps import Members, missing_inputs

if TYPE_CHECKING:
    from .annual import AnnualAppraisal


@dataclass(frozen=True)
class TenureSheet:
    """The tenure letter's KPIs (its targets are the tenure targets) and what the tenure period's ledger holds."""

    kpis: list[dict[str, Any]]
    inputs: dict[str, Any]  # {"actuals": {code: {value, entry_id, audited}}, "ratings": {code: [...]}}

    def score(self, policy: PolicyParameters) -> AnnualScore:
        actuals = {code: a["value"] for code, a in self.inputs.get("actuals", {}).items()}
        ratings = {code: [r["value"] for r in rs] for code, rs in self.inputs.get("ratings", {}).items()}
        return score_sheet(self.kpis, actuals, ratings, policy)


def check_tenure_sheets(group: AnnualAppraisal, sheets: Mapping[str, TenureSheet]) -> None:
    """Every KPI of each tenure sheet has its audited actual (or, rated, a rating) for the tenure period."""
    lacking = missing_inputs(cast(Members, sheets), {tenure_id: s.inputs for tenure_id, s in sheets.items()})
    if lacking:
        raise RuleViolationError(
            f"{len(lacking)} KPI figure(s) of the tenure letter's sheet are missing or unaudited; the year that "
            "closes the tenure is final only with the tenure appraisal, scored on audited tenure figures",
            field="actuals", rule="audited_tenure_actuals_complete",
            missing=[{**gap, "period": "tenure", "manager_code": group.members[gap["tenure_id"]].manager_code}
                     for gap in lacking],
        )
