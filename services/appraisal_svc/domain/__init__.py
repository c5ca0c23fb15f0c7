"""The appraisal service's scoring domain: KPI scores, annual totals, grades, warnings and exit triggers,
and the tenure appraisal (DOMAIN.md "Scoring rules", "Tenure appraisal", "Grades", "Warnings and exit").

Pure: no I/O. KPI sheets and policy parameters come in the contract service's normalised shape (KPI dicts
from `validate_sheet`, the policy as `shared.domain.parameters.PolicyParameters` or its recorded dict); figures are Decimals, rounded
only through `shared.decimals`. Errors raised are those of `shared.errors`, naming the field and the rule.
"""

from .adjustments import Adjustment
from .appraisal import AnnualScore, missing, score_sheet
from .grading import (
    Candidate,
    GradeDistribution,
    GradeProposal,
    propose_grades,
    quota,
)
from .kpi_score import KpiScore
from .ranking import in_bottom
from .results import Trigger, TriggerReport, YearResult
from .scoring import RULES, score_kpi
from .tenure import TenureAppraisalResult, appraise_tenure, tenure_score
from .triggers import evaluate_triggers

__all__ = [
    "RULES",
    "Adjustment",
    "AnnualScore",
    "Candidate",
    "GradeDistribution",
    "GradeProposal",
    "KpiScore",
    "TenureAppraisalResult",
    "Trigger",
    "TriggerReport",
    "YearResult",
    "appraise_tenure",
    "evaluate_triggers",
    "in_bottom",
    "missing",
    "propose_grades",
    "quota",
    "score_kpi",
    "score_sheet",
    "tenure_score",
]
