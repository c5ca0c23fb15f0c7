"""The tenure appraisal (DOMAIN.md "Tenure appraisal") and the tenure coefficient (DOMAIN.md "Pay")."""

from decimal import Decimal

from services.appraisal_svc.domain import appraise_tenure, score_sheet, tenure_score
from shared.domain.coefficient import tenure_coefficient
from tests.appraisal.unit.appraisal_builders import POLICY, kpi, rated_kpi, refused

D = Decimal
GOLDEN_M01 = {2022: D("98.60"), 2023: D("81.50"), 2024: D("97.60")}


def test_tenure_score_is_the_mean_of_the_annual_totals_rounded_to_2_decimals() -> None:
    assert tenure_score(GOLDEN_M01) == D("92.57")  # 277.70 / 3 = 92.5666...


def test_a_tenure_at_or_above_the_floor_is_qualified() -> None:
    result = appraise_tenure({2022: D("69.10"), 2023: D("70.90")}, POLICY)

    assert (result.score, result.grade, result.exit_triggers) == (D("70.00"), "qualified", ())


def test_a_tenure_score_below_the_floor_is_unqualified_and_proposes_an_exit() -> None:
    result = appraise_tenure({2022: D("69.10"), 2023: D("70.88")}, POLICY)

    assert result.grade == "unqualified" and [t.kind for t in result.exit_triggers] == ["tenure_unqualified"]


def test_a_tenure_letter_with_its_own_sheet_is_scored_on_that_sheet() -> None:
    sheet = [kpi(weight=80, target="33000"), rated_kpi()]
    tenure_sheet = score_sheet(sheet, {"revenue": D(30000)}, {"party": [D(90)]}, POLICY)

    result = appraise_tenure(GOLDEN_M01, POLICY, tenure_sheet)

    assert result.basis == "tenure_sheet" and result.score == tenure_sheet.total == D("90.73")


def test_a_failed_veto_on_the_tenure_sheet_makes_the_tenure_unqualified() -> None:
    tenure_sheet = score_sheet([kpi(weight=80), rated_kpi()], {"revenue": D(10000)}, {"party": [D(50)]}, POLICY)

    assert appraise_tenure(GOLDEN_M01, POLICY, tenure_sheet).grade == "unqualified"


def test_tenure_coefficient_is_the_product_of_yearly_scores_over_100_rounded_to_4_decimals() -> None:
    assert tenure_coefficient(GOLDEN_M01, D(2)) == D("0.7843")  # 0.986 × 0.815 × 0.976 = 0.78430...


def test_tenure_coefficient_is_capped() -> None:
    totals = {2022: D(120), 2023: D(120), 2024: D(120)}

    assert tenure_coefficient(totals, D("2.0")) == D("1.7280") and tenure_coefficient(totals, D("1.5")) == D("1.5")
    assert appraise_tenure(totals, {**POLICY, "tenure_coefficient_cap": D("1.5")}).coefficient == D("1.5")


def test_a_tenure_appraisal_needs_an_annual_score() -> None:
    assert refused(appraise_tenure, {}, POLICY) == ("annual_totals", "annual_scores_required")
