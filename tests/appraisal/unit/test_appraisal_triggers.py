"""Exit triggers and warnings of an annual appraisal (DOMAIN.md "Warnings and exit")."""

from decimal import Decimal
from typing import Any

from services.appraisal_svc.domain import TriggerReport, YearResult, evaluate_triggers, score_sheet
from tests.appraisal.unit.appraisal_builders import POLICY, annual_of, deduct_kpi, kpi, refused

D = Decimal


def evaluate(
    total: str, grade: str, history: list[YearResult] | None = None, *, year: int = 2024, main: bool = False,
    position: int | None = None, group_size: int | None = None, policy: dict[str, Any] = POLICY, **options: Any,
) -> TriggerReport:  # fmt: skip
    current = YearResult(year, D(total), grade, position, group_size)
    return evaluate_triggers(current, annual_of(total, main=main), history or [], policy, **options)


def year(year_: int, grade: str, total: str = "85", position: int | None = None, size: int | None = None) -> YearResult:
    return YearResult(year_, D(total), grade, position, size)


def test_an_annual_total_below_the_floor_proposes_an_exit() -> None:
    report = evaluate("69.99", "unqualified")

    assert report.exit_trigger_kinds == ["score_below_floor"] and report.exit_triggers[0].consequence == "exit_proposed"
    assert evaluate("70.00", "qualified").exit_triggers == ()


def test_a_veto_makes_the_year_unqualified_but_proposes_no_exit_by_itself() -> None:
    assert evaluate("82.86", "unqualified").exit_triggers == ()


def test_a_main_kpi_completion_below_the_floor_proposes_an_exit() -> None:
    report = evaluate("65", "unqualified", main=True)

    assert report.exit_trigger_kinds == ["score_below_floor", "main_kpi_below_floor"]
    assert report.exit_triggers[1].kpi_codes == ("revenue",)


def test_unqualified_two_years_in_a_row_proposes_an_exit() -> None:
    report = evaluate("82", "unqualified", [year(2023, "unqualified")])

    assert report.exit_trigger_kinds == ["consecutive_unqualified"]


def test_unqualified_twice_but_not_in_a_row_proposes_no_exit_for_a_middle_manager() -> None:
    assert evaluate("82", "unqualified", [year(2022, "unqualified"), year(2023, "qualified")]).exit_triggers == ()


def test_a_professional_manager_unqualified_twice_within_the_appointment_faces_exit() -> None:
    history = [year(2022, "unqualified"), year(2023, "qualified")]
    report = evaluate("82", "unqualified", history, level="professional")

    assert report.exit_trigger_kinds == ["consecutive_unqualified"] and "within the appointment" in (
        report.exit_triggers[0].reason
    )


def test_only_years_of_the_current_appointment_count_for_a_professional_manager() -> None:
    history = [year(2021, "unqualified"), year(2022, "qualified"), year(2023, "qualified")]

    assert evaluate("82", "unqualified", history, level="professional", term_start_year=2022).exit_triggers == ()


def test_the_removal_variant_is_off_by_default() -> None:
    sheet = [kpi(weight=50, main=True), deduct_kpi(weight=50, main=True)]
    annual = score_sheet(sheet, {"revenue": D(5500), "profit": D(1200)}, {}, POLICY)

    report = evaluate_triggers(YearResult(2024, annual.total, "qualified"), annual, [], POLICY)

    assert "removal_floor" not in report.exit_trigger_kinds


def test_revenue_completion_below_its_removal_floor_removes_the_manager() -> None:
    sheet = [kpi(weight=50), deduct_kpi(weight=50)]
    annual = score_sheet(sheet, {"revenue": D(5900), "profit": D(1200)}, {}, POLICY)
    policy = {**POLICY, "revenue_removal_floor": D("0.60"), "profit_removal_floor": D("0.70")}

    report = evaluate_triggers(YearResult(2024, annual.total, "qualified"), annual, [], policy)

    assert annual.total == D("79.50") and report.exit_trigger_kinds == ["removal_floor"]
    removal = report.exit_triggers[0]
    assert removal.consequence == "automatic_removal" and removal.kpi_codes == ("revenue",)


def test_the_revenue_and_profit_kpis_are_named_by_policy_code_lists() -> None:
    sheet = [kpi(code="营业收入", weight=100)]
    annual = score_sheet(sheet, {"营业收入": D(10000)}, {}, POLICY)
    policy = {**POLICY, "revenue_removal_floor": D("1.5"), "revenue_kpi_codes": ["营业收入"]}

    report = evaluate_triggers(YearResult(2024, annual.total, "qualified"), annual, [], policy)

    assert report.exit_trigger_kinds == ["removal_floor"]


def test_basic_two_years_in_a_row_raises_a_warning() -> None:
    report = evaluate("85", "basic", [year(2023, "basic")])

    assert report.warning_kinds == ["consecutive_basic"] and report.exit_triggers == ()


def test_basic_twice_within_a_tenure_not_in_a_row_raises_a_warning_of_its_own_kind() -> None:
    report = evaluate("85", "basic", [year(2022, "basic"), year(2023, "unqualified")])

    assert report.warning_kinds == ["basic_in_tenure"] and "2 times within the tenure" in report.warnings[0].reason


def test_basic_in_a_row_and_within_the_tenure_is_one_warning_in_a_row_with_both_reasons() -> None:
    report = evaluate("85", "basic", [year(2022, "basic"), year(2023, "basic")])

    assert report.warning_kinds == ["consecutive_basic"] and "within the tenure" in report.warnings[0].reason


def test_basic_in_an_earlier_tenure_does_not_count_within_this_one() -> None:
    history = [year(2021, "basic"), year(2022, "qualified"), year(2023, "qualified")]

    assert evaluate("85", "basic", history, term_start_year=2022).warnings == ()


def test_a_missing_year_breaks_a_run() -> None:
    report = evaluate("82", "unqualified", [year(2022, "unqualified")], term_start_year=2023)

    assert report.exit_triggers == ()


def test_the_bottom_10_percent_of_the_ranking_gets_a_yellow_warning_kept_apart_from_grade_warnings() -> None:
    report = evaluate("85", "basic", position=10, group_size=10)

    assert report.ranking_warning_kinds == ["bottom_ranking_yellow"] and report.warnings == ()
    assert "6-12 months" in report.ranking_warnings[0].reason
    assert evaluate("86", "qualified", position=9, group_size=10).ranking_warnings == ()


def test_the_bottom_5_percent_two_years_in_a_row_gets_a_red_warning() -> None:
    report = evaluate("85", "basic", [year(2023, "basic", position=20, size=20)], position=20, group_size=20)

    assert report.ranking_warning_kinds == ["bottom_ranking_yellow", "bottom_ranking_red"]
    assert report.ranking_warnings[1].consequence == "exit_procedure_starts"


def test_in_a_group_of_ten_nobody_is_in_the_bottom_5_percent() -> None:
    report = evaluate("85", "basic", [year(2023, "basic", position=10, size=10)], position=10, group_size=10)

    assert report.ranking_warning_kinds == ["bottom_ranking_yellow"]


def test_history_holds_one_earlier_result_per_year() -> None:
    assert refused(evaluate, "85", "qualified", [year(2024, "basic")]) == ("history", "earlier_distinct_years")


def test_the_current_result_must_carry_the_annual_score_total() -> None:
    current = YearResult(2024, D("90"), "qualified")

    assert refused(evaluate_triggers, current, annual_of("85"), [], POLICY) == ("current.total", "total_matches_score")
