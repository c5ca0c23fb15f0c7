"""The annual score of a KPI sheet (DOMAIN.md "Scoring rules": annual total; "KPI sheets": main and veto)."""

from decimal import Decimal

from services.appraisal_svc.domain import Adjustment, missing, score_sheet
from tests.appraisal.unit.appraisal_builders import POLICY, cost_rate_kpi, deduct_kpi, kpi, rated_kpi, refused

D = Decimal


def golden_sheet() -> list[dict[str, object]]:
    return [kpi(main=True), deduct_kpi(main=True), cost_rate_kpi(), rated_kpi()]


ACTUALS = {"revenue": D(10200), "profit": D(1236), "cost_rate": D("35.0")}


def test_total_is_the_sum_of_full_precision_kpi_scores_rounded_half_up() -> None:
    sheet = [kpi(code="a", weight=50), kpi(code="b", weight=50)]
    result = score_sheet(sheet, {"a": D("2000.8"), "b": D("2000.8")}, {}, POLICY)  # 10.004 each

    assert result.kpi_total == D("20.008") and result.total == D("20.01")
    assert sum(s.score_rounded for s in result.kpis) == D("20.00")


def test_golden_sheet_scores_as_expected() -> None:
    result = score_sheet(golden_sheet(), ACTUALS, {"party": [D(90)]}, POLICY)

    assert [s.score_rounded for s in result.kpis] == [D("30.60"), D("30.00"), D("20.00"), D("18.00")]
    assert result.total == D("98.60") and not result.vetoed and not result.main_kpi_below_floor


def test_a_rated_kpi_takes_the_mean_of_several_evaluators() -> None:
    result = score_sheet(golden_sheet(), ACTUALS, {"party": [D(80), D(90), D(100)]}, POLICY)

    assert result.kpi("party").rating == 90 and result.kpi("party").ratings == (80, 90, 100)


def test_a_failed_veto_kpi_flags_the_sheet_as_vetoed() -> None:
    result = score_sheet(golden_sheet(), ACTUALS, {"party": [D(55)]}, POLICY)

    assert result.vetoed and result.vetoed_by == ("party",) and result.total == D("91.60")


def test_a_main_kpi_with_completion_below_the_floor_is_flagged() -> None:
    result = score_sheet(golden_sheet(), {**ACTUALS, "profit": D(780)}, {"party": [D(90)]}, POLICY)

    assert result.main_kpi_below_floor and result.main_kpis_below_floor == ("profit",)


def test_a_main_kpi_exactly_at_the_floor_is_not_below_it() -> None:
    result = score_sheet(golden_sheet(), {**ACTUALS, "profit": D(840)}, {"party": [D(90)]}, POLICY)

    assert result.kpi("profit").completion == D("0.7") and not result.main_kpi_below_floor


def test_a_kpi_not_flagged_main_never_triggers_the_main_floor() -> None:
    result = score_sheet(golden_sheet(), {**ACTUALS, "cost_rate": D(60)}, {"party": [D(90)]}, POLICY)

    assert result.kpi("cost_rate").completion_rounded == D("0.5833") and not result.main_kpi_below_floor


def test_rated_and_pass_fail_main_kpis_have_no_completion_and_never_trigger_the_floor() -> None:
    sheet = [kpi(weight=80), rated_kpi(main=True, veto_below=None)]
    result = score_sheet(sheet, {"revenue": D(10000)}, {"party": [D(10)]}, POLICY)

    assert not result.main_kpi_below_floor


def test_bonus_items_are_capped_by_bonus_cap_and_add_nothing_by_default() -> None:
    bonus = [("bonus", D(3), "重大科技成果"), ("bonus", D(2), "获省级表彰")]
    default = score_sheet(golden_sheet(), ACTUALS, {"party": [D(90)]}, POLICY, bonus)
    capped = score_sheet(golden_sheet(), ACTUALS, {"party": [D(90)]}, {**POLICY, "bonus_cap": D(4)}, bonus)

    assert default.total == D("98.60") and default.bonus_claimed == 5 and default.bonus == 0
    assert capped.bonus == 4 and capped.total == D("102.60")


def test_deductions_are_subtracted_in_full() -> None:
    result = score_sheet(
        golden_sheet(), ACTUALS, {"party": [D(90)]}, POLICY, [Adjustment("deduction", D("1.5"), "安全生产通报")]
    )

    assert result.deductions == D("1.5") and result.total == D("97.10")


def test_an_adjustment_must_be_a_bonus_or_a_deduction_with_a_reason() -> None:
    ratings = {"party": [D(90)]}

    assert refused(score_sheet, golden_sheet(), ACTUALS, ratings, POLICY, [("gift", D(1), "x")]) == (
        "adjustments.0.kind",
        "adjustment_kind",
    )
    assert refused(score_sheet, golden_sheet(), ACTUALS, ratings, POLICY, [("bonus", D(1), " ")])[1] == (
        "reason_required"
    )


def test_missing_lists_the_kpis_lacking_an_actual_or_a_rating_in_sheet_order() -> None:
    assert missing(golden_sheet(), {"profit": D(1)}, {"party": []}) == ["revenue", "cost_rate", "party"]
    assert missing(golden_sheet(), ACTUALS, {"party": [D(90)]}) == []


def test_an_incomplete_sheet_is_not_scored() -> None:
    assert refused(score_sheet, golden_sheet(), ACTUALS, {}, POLICY) == ("ratings.party", "inputs_complete")


def test_an_actual_for_a_kpi_not_on_the_sheet_is_refused() -> None:
    actuals = {**ACTUALS, "ebitda": D(1)}

    assert refused(score_sheet, golden_sheet(), actuals, {"party": [D(90)]}, POLICY) == (
        "actuals.ebitda",
        "kpi_on_sheet",
    )


def test_an_annual_score_converts_to_plain_values_for_an_event() -> None:
    values = score_sheet(golden_sheet(), ACTUALS, {"party": [D(90)]}, POLICY).to_dict()

    assert values["total"] == D("98.60") and values["kpis"][3]["ratings"] == [D(90)] and values["vetoed"] is False
