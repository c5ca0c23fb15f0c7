"""What the warning and exit rules read and report: final annual results, triggers and their consequences."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.errors import InvalidInputError

from shared.domain.vocabulary import AUTOMATIC_REMOVAL, GRADES  # noqa: F401 - AUTOMATIC_REMOVAL: a consequence

from .grading import GradeProposal

# Kinds of trigger. The first four and TENURE_UNQUALIFIED propose an exit (REMOVAL_FLOOR: automatic removal).
SCORE_BELOW_FLOOR = "score_below_floor"
MAIN_KPI_BELOW_FLOOR = "main_kpi_below_floor"
CONSECUTIVE_UNQUALIFIED = "consecutive_unqualified"
REMOVAL_FLOOR = "removal_floor"
TENURE_UNQUALIFIED = "tenure_unqualified"
CONSECUTIVE_BASIC = "consecutive_basic"  # basic years in a row (连续两年基本合格)
BASIC_IN_TENURE = "basic_in_tenure"  # basic twice within the tenure, not in a row (任期内累计两次基本合格)
BOTTOM_RANKING_YELLOW = "bottom_ranking_yellow"
BOTTOM_RANKING_RED = "bottom_ranking_red"
OBSERVATION_NOT_MET = "observation_not_met"  # an observation period concluded not met: exit proposed

# Consequences (DOMAIN.md "Warnings and exit"); an exit proposal still needs a recorded decision, but for
# AUTOMATIC_REMOVAL (shared vocabulary), which the contract side records by rule when it learns the proposal.
EXIT_PROPOSED = "exit_proposed"
TALK_ADJUSTMENT_OR_DEMOTION_REVIEW = "talk_adjustment_or_demotion_review"
OBSERVATION_6_TO_12_MONTHS = "observation_6_to_12_months"
EXIT_PROCEDURE_STARTS = "exit_procedure_starts"


@dataclass(frozen=True)
class YearResult:
    """A manager's final result of one year: total, grade and place in the group's annual ranking.

    `position` is 1 for the best of a group of `group_size` (ties share the better one); both are None
    when the year was not ranked, and the ranking warnings then stay silent for it.
    """

    year: int
    total: Decimal
    grade: str
    position: int | None = None
    group_size: int | None = None

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            raise InvalidInputError(
                f"grade must be one of {', '.join(GRADES)}; got {self.grade!r}", field="grade", rule="known_grade"
            )

    @classmethod
    def from_proposal(cls, year: int, proposal: GradeProposal) -> YearResult:
        return cls(year, proposal.total, proposal.grade, proposal.position, proposal.group_size)


@dataclass(frozen=True)
class Trigger:
    """One trigger or warning: its kind, what it leads to, why, and the KPIs behind it if any."""

    kind: str
    consequence: str
    reason: str
    kpi_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriggerReport:
    """Exit triggers, grade warnings (consecutive basic) and ranking warnings (yellow, red), kept apart."""

    exit_triggers: tuple[Trigger, ...] = ()
    warnings: tuple[Trigger, ...] = ()
    ranking_warnings: tuple[Trigger, ...] = ()

    @property
    def exit_trigger_kinds(self) -> list[str]:
        return [trigger.kind for trigger in self.exit_triggers]

    @property
    def warning_kinds(self) -> list[str]:
        return [warning.kind for warning in self.warnings]

    @property
    def ranking_warning_kinds(self) -> list[str]:
        return [warning.kind for warning in self.ranking_warnings]
