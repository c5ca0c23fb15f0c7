"""Performance letters (DOMAIN.md Lifecycle 3): one per year and one for the tenure, changed only by new versions."""

from datetime import date
from decimal import Decimal

from services.contract_svc.domain import PolicyParameters, letter_id
from shared.errors import InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, Letters, active_tenure, kpi, refused, sheet


def signed_letter(letters: Letters, key: str = "annual-2023", on: date = date(2023, 1, 10)) -> None:
    letters.sign(key, "张三", "chairman", "enterprise", on)
    letters.sign(key, "赵磊", "middle_manager", "manager", on)


def with_letter(year: int = 2023) -> Letters:
    letters = Letters(active_tenure())
    letters.issue("annual", year, sheet(), DEFAULTS, issued_on=date(year, 1, 5))
    return letters


def test_one_annual_letter_for_each_calendar_year_the_tenure_touches() -> None:
    letters = Letters(active_tenure())

    for year in (2022, 2023, 2024):
        letters.issue("annual", year, sheet(), DEFAULTS)

    assert sorted(letters.by_key) == ["annual-2022", "annual-2023", "annual-2024"]
    assert letters.by_key["annual-2022"].status == "issued" and letters.by_key["annual-2022"].year == 2022


def test_annual_letter_for_a_year_outside_the_tenure_is_refused() -> None:
    letters = Letters(active_tenure())

    error = refused(letters.tenure, lambda: letters.issue("annual", 2025, sheet(), DEFAULTS), RuleViolationError)

    assert (error.field, error.rule) == ("year", "year_in_tenure")


def test_a_year_has_one_annual_letter() -> None:
    letters = with_letter(2023)

    error = refused(letters.tenure, lambda: letters.issue("annual", 2023, sheet(), DEFAULTS), RuleViolationError)

    assert error.rule == "one_letter_per_year"


def test_the_tenure_has_one_tenure_letter_without_a_year() -> None:
    letters = Letters(active_tenure())
    refused(letters.tenure, lambda: letters.issue("tenure", 2023, sheet(), DEFAULTS), InvalidInputError)

    letters.issue("tenure", None, sheet(), DEFAULTS)

    error = refused(letters.tenure, lambda: letters.issue("tenure", None, sheet(), DEFAULTS), RuleViolationError)
    assert error.rule == "one_tenure_letter"


def test_tenure_letter_may_carry_no_sheet_of_its_own() -> None:
    letters = Letters(active_tenure())

    letters.issue("tenure", None, [], DEFAULTS)

    assert letters.by_key["tenure"].current.kpis == ()


def test_letter_sheet_is_validated_and_a_refused_letter_changes_nothing() -> None:
    letters = Letters(active_tenure())
    bad = [kpi(weight=90)]

    error = refused(letters.tenure, lambda: letters.issue("annual", 2022, bad, DEFAULTS), RuleViolationError)

    assert error.rule == "weights_sum_to_100"


def test_letter_keeps_policy_defaults_and_version_it_was_issued_under() -> None:
    letters = Letters(active_tenure())
    params = PolicyParameters.from_dict({"linear_cap": "1.5"})

    letters.issue("annual", 2022, sheet(), params, policy_version=2)

    first = letters.by_key["annual-2022"].current
    assert (
        first.policy_version == 2 and first.kpis[0].cap == Decimal("1.5") and first.kpi_dicts()[0]["code"] == "revenue"
    )


def test_letter_is_signed_when_both_parties_sign() -> None:
    letters = with_letter()

    letters.sign("annual-2023", "张三", "chairman", "enterprise", date(2023, 1, 10))
    assert letters.by_key["annual-2023"].status == "issued"
    letters.sign("annual-2023", "赵磊", "middle_manager", "manager", date(2023, 1, 11))
    assert letters.by_key["annual-2023"].status == "signed"
    assert letters.by_key["annual-2023"].current.signed_on == date(2023, 1, 11)


def test_a_signed_letter_takes_no_further_signature() -> None:
    letters = with_letter()
    signed_letter(letters)

    error = refused(
        letters.by_key["annual-2023"],
        lambda: letters.sign("annual-2023", "李四", "gm", "enterprise", date(2023, 2, 1)),
        RuleViolationError,
    )

    assert error.rule == "letter_lifecycle" and "new version" in error.detail


def test_signed_letter_changes_only_by_a_new_version_with_reason() -> None:
    letters = with_letter()
    signed_letter(letters)
    revised = sheet()
    revised[0]["target"] = "9500"

    letters.revise(
        "annual-2023", revised, "市场环境重大变化，经董事会同意调整收入目标", DEFAULTS, date(2023, 7, 1)
    )

    first, second = letters.by_key["annual-2023"].versions
    assert first.status == "signed" and first.kpis[0].target == 10000 and first.reason is None
    assert second.number == 2 and second.status == "issued" and second.kpis[0].target == 9500
    assert second.reason == "市场环境重大变化，经董事会同意调整收入目标"


def test_a_letter_revision_needs_a_reason() -> None:
    letters = with_letter()

    error = refused(letters.by_key["annual-2023"], lambda: letters.revise("annual-2023", sheet(), "", DEFAULTS), RuleViolationError)

    assert (error.field, error.rule) == ("reason", "reason_required")


def test_a_letter_id_follows_from_its_tenure_and_key() -> None:
    letters = with_letter(2023)

    assert letters.by_key["annual-2023"].id == letter_id(letters.tenure.id, "annual-2023")
    assert letters.by_key["annual-2023"].tenure_id == letters.tenure.id


def test_signing_a_letter_leaves_the_tenure_as_it_was() -> None:
    letters = with_letter(2023)
    version = letters.tenure.version

    signed_letter(letters)

    assert letters.tenure.version == version and letters.by_key["annual-2023"].version == 3


def test_letter_in_force_on_a_date_is_the_latest_version_signed_by_then() -> None:
    letters = with_letter()
    signed_letter(letters, on=date(2023, 1, 10))
    letters.revise("annual-2023", sheet(), "调整", DEFAULTS)
    signed_letter(letters, on=date(2023, 7, 10))
    letter = letters.by_key["annual-2023"]

    assert letter.in_force_on(date(2023, 1, 9)) is None
    assert letter.in_force_on(date(2023, 7, 9)) == letter.versions[0]
    assert letter.in_force_on(date(2023, 7, 10)) == letter.versions[1]
