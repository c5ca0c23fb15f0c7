"""Every code a service answers has its Chinese words in the one catalogue (shared/domain/translations.py): a code
defined where its rule is, and added there later, must be given its words too, or the report prints it bare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.appraisal_svc.domain import results
from services.appraisal_svc.domain.actuals import SOURCES
from services.appraisal_svc.domain.tenure import MEAN_OF_ANNUAL_SCORES, TENURE_SHEET
from services.contract_svc.api.record import SUPERSEDED
from services.contract_svc.api.record_html import said
from services.contract_svc.domain.exit_rules import EXIT_MODES, EXIT_OUTCOMES
from services.contract_svc.domain.letters import LETTER_KINDS
from services.contract_svc.domain.tenure_rules import STATUSES
from services.payroll_svc.domain import lines
from services.payroll_svc.domain.exit import EXIT_FOR_CAUSE
from services.payroll_svc.domain.performance import TERMINATED_FOR_CAUSE
from services.payroll_svc.domain.tenure import ENDINGS, TENURE_UNQUALIFIED
from shared.domain.kpi import DIRECTIONS, RULES
from shared.domain.translations import ZH, in_chinese
from shared.domain.vocabulary import (
    AUTOMATIC_REMOVAL, GRADES, LEVELS, OBSERVATION_OUTCOMES, PARTIES, PERFORMANCE_MODES, POSITIONS,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
TRIGGERS = [results.SCORE_BELOW_FLOOR, results.MAIN_KPI_BELOW_FLOOR, results.CONSECUTIVE_UNQUALIFIED,
            results.REMOVAL_FLOOR, results.TENURE_UNQUALIFIED, results.CONSECUTIVE_BASIC, results.BASIC_IN_TENURE,
            results.BOTTOM_RANKING_YELLOW, results.BOTTOM_RANKING_RED, results.OBSERVATION_NOT_MET]
CONSEQUENCES = [results.EXIT_PROPOSED, results.AUTOMATIC_REMOVAL, results.TALK_ADJUSTMENT_OR_DEMOTION_REVIEW,
                results.OBSERVATION_6_TO_12_MONTHS, results.EXIT_PROCEDURE_STARTS]
LINE_KINDS = [lines.BASE, lines.PERFORMANCE, lines.ARREARS, lines.RECOVERY, lines.TENURE_INCENTIVE,
              lines.RETENTION_RELEASE, lines.CLAWBACK, lines.OWED, lines.OWED_RECOVERY, lines.LIVING_ALLOWANCE]
CODES = {
    "grade": GRADES, "level": LEVELS, "position": POSITIONS, "performance_mode": PERFORMANCE_MODES, "party": PARTIES,
    "tenure_status": STATUSES, "letter_kind": LETTER_KINDS, "exit_mode": (*EXIT_MODES, AUTOMATIC_REMOVAL),
    "exit_outcome": (*EXIT_OUTCOMES, AUTOMATIC_REMOVAL),
    "objection_outcome": ("upheld", "rejected"), "rule": RULES, "direction": DIRECTIONS, "source": SOURCES,
    "trigger": TRIGGERS, "consequence": CONSEQUENCES, "tenure_basis": (MEAN_OF_ANNUAL_SCORES, TENURE_SHEET),
    "line_kind": LINE_KINDS, "ended_reason": ENDINGS, "cause": ("base_run", "annual_appraisal", "tenure_appraisal",
                                                               "clawback_decision", EXIT_FOR_CAUSE, AUTOMATIC_REMOVAL),
    "forfeited_by": (TERMINATED_FOR_CAUSE, TENURE_UNQUALIFIED, "terminated"),
    "observation_status": ("open", *OBSERVATION_OUTCOMES),
}


def recorded_event_types() -> set[str]:
    """The event types the three services' record parts name, and those of the real records kept as fixtures."""
    from services.appraisal_svc.api.record import CATEGORIES as APPRAISAL
    from services.contract_svc.api.record import CATEGORIES as CONTRACT
    from services.payroll_svc.api.record import CATEGORIES as PAYROLL
    kept = {e["type"] for path in FIXTURES.glob("tenure_record_*.json")
            for e in json.loads(path.read_text(encoding="utf-8"))["timeline"]}
    return kept | set(CONTRACT) | set(APPRAISAL) | set(PAYROLL) | set(SUPERSEDED)


def test_every_event_type_of_a_record_has_its_chinese_words() -> None:
    missing = sorted(kind for kind in recorded_event_types() if not in_chinese("event", kind))
    assert missing == [], f"no Chinese for the events {missing}"


@pytest.mark.parametrize("kind", sorted(CODES))
def test_every_code_of_a_kind_has_its_chinese_words(kind: str) -> None:
    missing = [code for code in CODES[kind] if not in_chinese(kind, code)]
    assert missing == [], f"{kind}: no Chinese for {missing}"


def test_one_word_naming_two_things_is_translated_as_the_thing_it_names() -> None:
    assert in_chinese("grade", "basic") == "基本合格" and in_chinese("tier", "basic") == "基本"
    assert said("grade")("basic") == "基本合格 basic" and said("tier")("basic") == "基本 basic"


def test_an_unknown_code_is_printed_as_it_is_and_escaped() -> None:
    assert said("line_kind")("<bonus>") == "&lt;bonus&gt;" and in_chinese("no such kind", "base") is None
    assert "grade" in ZH and said("grade")(None) == '<span class="none">—</span>'
