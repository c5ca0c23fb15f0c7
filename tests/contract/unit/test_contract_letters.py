"""Performance letters (DOMAIN.md Lifecycle 3): one per year and one for the tenure, changed only by new versions."""

from datetime import date
from decimal import Decimal

from services.contract_svc.domain import PolicyParameters, Tenure
from shared.errors import InvalidInputError, NotFoundError, RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, active_tenure, kpi, refused, sheet


def signed_letter(tenure: Tenure, key: str = "annual-2023", on: date = date(2023, 1, 10)) -> None:
    tenure.sign_letter(key, "张三", "chairman", "enterprise", on)
    tenure.sign_letter(key, "赵磊", "middle_manager", "manager", on)


def with_letter(year: int = 2023) -> Tenure:
    tenure = active_tenure()
    tenure.issue_letter("annual", year, sheet(), DEFAULTS, issued_on=date(year, 1, 5))
    return tenure


def test_one_annual_letter_for_each_calendar_year_the_tenure_touches() -> None:
    tenure = active_tenure()

    for year in (2022, 2023, 2024):
        tenure.issue_letter("annual", year, sheet(), DEFAULTS)

    assert sorted(tenure.letters) == ["annual-2022", "annual-2023", "annual-2024"]
    assert tenure.letters["annual-2022"].status == "issued" and tenure.letters["annual-2022"].year == 2022


def test_annual_letter_for_a_year_outside_the_tenure_is_refused() -> None:
    tenure = active_tenure()

    error = refused(tenure, lambda: tenure.issue_letter("annual", 2025, sheet(), DEFAULTS), RuleViolationError)

    assert (error.field, error.rule) == ("year", "year_in_tenure")


def test_a_year_has_one_annual_letter() -> None:
    tenure = with_letter(2023)

    error = refused(tenure, lambda: tenure.issue_letter("annual", 2023, sheet(), DEFAULTS), RuleViolationError)

    assert error.rule == "one_letter_per_year"


def test_the_tenure_has_one_tenure_letter_without_a_year() -> None:
    tenure = active_tenure()
    refused(tenure, lambda: tenure.issue_letter("tenure", 2023, sheet(), DEFAULTS), InvalidInputError)

    tenure.issue_letter("tenure", None, sheet(), DEFAULTS)

    error = refused(tenure, lambda: tenure.issue_letter("tenure", None, sheet(), DEFAULTS), RuleViolationError)
    assert error.rule == "one_tenure_letter"


def test_tenure_letter_may_carry_no_sheet_of_its_own() -> None:
    tenure = active_tenure()

    tenure.issue_letter("tenure", None, [], DEFAULTS)

    assert tenure.letters["tenure"].current.kpis == ()


def test_letter_sheet_is_validated_and_a_refused_letter_changes_nothing() -> None:
    tenure = active_tenure()
    bad = [kpi(weight=90)]

    error = refused(tenure, lambda: tenure.issue_letter("annual", 2022, bad, DEFAULTS), RuleViolationError)

    assert error.rule == "weights_sum_to_100"


def test_letter_keeps_policy_defaults_and_version_it_was_issued_under() -> None:
    tenure = active_tenure()
    params = PolicyParameters.from_dict({"linear_cap": "1.5"})

    tenure.issue_letter("annual", 2022, sheet(), params, policy_version=2)

    first = tenure.letters["annual-2022"].current
    assert (
        first.policy_version == 2 and first.kpis[0].cap == Decimal("1.5") and first.kpi_dicts()[0]["code"] == "revenue"
    )


def test_letter_is_signed_when_both_parties_sign() -> None:
    tenure = with_letter()

    tenure.sign_letter("annual-2023", "张三", "chairman", "enterprise", date(2023, 1, 10))
    assert tenure.letters["annual-2023"].status == "issued"
    tenure.sign_letter("annual-2023", "赵磊", "middle_manager", "manager", date(2023, 1, 11))
    assert tenure.letters["annual-2023"].status == "signed"
    assert tenure.letters["annual-2023"].current.signed_on == date(2023, 1, 11)


def test_a_signed_letter_takes_no_further_signature() -> None:
    tenure = with_letter()
    signed_letter(tenure)

    error = refused(
        tenure,
        lambda: tenure.sign_letter("annual-2023", "李四", "gm", "enterprise", date(2023, 2, 1)),
        RuleViolationError,
    )

    assert error.rule == "letter_lifecycle" and "new version" in error.detail


def test_signed_letter_changes_only_by_a_new_version_with_reason() -> None:
    tenure = with_letter()
    signed_letter(tenure)
    revised = sheet()
    revised[0]["target"] = "9500"

    tenure.revise_letter(
        "annual-2023", revised, "市场环境重大变化，经董事会同意调整收入目标", DEFAULTS, date(2023, 7, 1)
    )

    first, second = tenure.letters["annual-2023"].versions
    assert first.status == "signed" and first.kpis[0].target == 10000 and first.reason is None
    assert second.number == 2 and second.status == "issued" and second.kpis[0].target == 9500
    assert second.reason == "市场环境重大变化，经董事会同意调整收入目标"


def test_a_letter_revision_needs_a_reason() -> None:
    tenure = with_letter()

    error = refused(tenure, lambda: tenure.revise_letter("annual-2023", sheet(), "", DEFAULTS), RuleViolationError)

    assert (error.field, error.rule) == ("reason", "reason_required")


def test_unknown_letter_is_not_found() -> None:
    tenure = with_letter()

    error = refused(tenure, lambda: tenure.revise_letter("annual-2019", sheet(), "fix", DEFAULTS), NotFoundError)

    assert error.field == "letter_key"


def test_letter_in_force_on_a_date_is_the_latest_version_signed_by_then() -> None:
    tenure = with_letter()
    signed_letter(tenure, on=date(2023, 1, 10))
    tenure.revise_letter("annual-2023", sheet(), "调整", DEFAULTS)
    signed_letter(tenure, on=date(2023, 7, 10))
    letter = tenure.letters["annual-2023"]

    assert letter.in_force_on(date(2023, 1, 9)) is None
    assert letter.in_force_on(date(2023, 7, 9)) == letter.versions[0]
    assert letter.in_force_on(date(2023, 7, 10)) == letter.versions[1]
