"""The fixed words of DOMAIN.md: levels, positions, grades, performance modes, the parties of a signature."""

from __future__ import annotations

LEADERSHIP, MIDDLE, PROFESSIONAL = LEVELS = ("leadership", "middle", "professional")

POSITIONS = (
    "general_manager",
    "deputy_general_manager",
    "chief_financial_officer",
    "other_senior",
    "middle_manager",
    "professional_manager",
)

EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = GRADES = ("excellent", "qualified", "basic", "unqualified")
TENURE_GRADES = (QUALIFIED, UNQUALIFIED)  # a tenure appraisal has no forced distribution

# How an observation period after a yellow warning ends (004 §四(二)): standard met, or not (an exit is proposed).
MET, NOT_MET = OBSERVATION_OUTCOMES = ("met", "not_met")

GRADE_MODE, SCORE_MODE = PERFORMANCE_MODES = ("grade", "score")  # how performance pay follows the year

# The two parties of an agreement or a letter: the enterprise (its authorised signer) and the manager.
PARTIES = ("enterprise", "manager")
