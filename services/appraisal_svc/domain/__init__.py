"""The appraisal service's scoring domain: KPI scores, annual totals, grades, warnings and exit triggers,
and the tenure appraisal (DOMAIN.md "Scoring rules", "Tenure appraisal", "Grades", "Warnings and exit").

Pure: no I/O. KPI sheets and policy parameters come in the contract service's normalised shape (KPI dicts
from `validate_sheet`, the policy dict from `PolicyParameters.to_dict()`); figures are Decimals, rounded
only through `shared.decimals`. Errors raised are those of `shared.errors`, naming the field and the rule.
"""

from .adjustments import Adjustment
from .appraisal import AnnualScore, missing, score_sheet
from .grading import (
    BASIC,
    EXCELLENT,
    GRADES,
    QUALIFIED,
    UNQUALIFIED,
    Candidate,
    GradeDistribution,
    GradeProposal,
    propose_grades,
    quota,
)
from .kpi_score import KpiScore
from .parameters import AppraisalParameters, ScoringParameters, appraisal_parameters, scoring_parameters
from .ranking import in_bottom
from .results import Trigger, TriggerReport, YearResult
from .scoring import RULES, score_kpi
from .tenure import TenureAppraisalResult, appraise_tenure, tenure_coefficient, tenure_score
from .triggers import evaluate_triggers

__all__ = [
    "BASIC",
    "EXCELLENT",
    "GRADES",
    "QUALIFIED",
    "RULES",
    "UNQUALIFIED",
    "Adjustment",
    "AnnualScore",
    "AppraisalParameters",
    "Candidate",
    "GradeDistribution",
    "GradeProposal",
    "KpiScore",
    "ScoringParameters",
    "TenureAppraisalResult",
    "Trigger",
    "TriggerReport",
    "YearResult",
    "appraisal_parameters",
    "appraise_tenure",
    "evaluate_triggers",
    "in_bottom",
    "missing",
    "propose_grades",
    "quota",
    "score_kpi",
    "score_sheet",
    "scoring_parameters",
    "tenure_coefficient",
    "tenure_score",
]
