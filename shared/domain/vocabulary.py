"""The fixed words of DOMAIN.md: levels, positions, grades, performance modes, the parties of a signature, and
the consequence of 一重's removal floor."""

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

# 一重 (003): "当年未完成目标收入60%或目标利润70%自动免职并只拿基本生活费". The consequence of the removal-floor
# trigger, the outcome of the decision the rule itself records on its exit proposal, and the mode of that exit.
AUTOMATIC_REMOVAL = "automatic_removal"
