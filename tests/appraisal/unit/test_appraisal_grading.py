"""Forced distribution of grades in an appraisal group (DOMAIN.md "Grades")."""

from decimal import Decimal

from services.appraisal_svc.domain import propose_grades, quota
from tests.appraisal.unit.appraisal_builders import POLICY, refused

D = Decimal


def group(*totals: str, vetoed: tuple[str, ...] = ()) -> list[tuple[str, Decimal, bool]]:
    """Managers M01, M02, ... with these totals; those named in `vetoed` failed a veto KPI."""
    return [(f"M{i:02}", D(total), f"M{i:02}" in vetoed) for i, total in enumerate(totals, start=1)]


def grades(*totals: str, vetoed: tuple[str, ...] = (), policy: dict[str, object] = POLICY) -> list[str]:
    distribution = propose_grades(group(*totals, vetoed=vetoed), policy)
    return [distribution.of(key).grade for key, _, _ in group(*totals)]


TEN = ("99", "98", "97", "96", "95", "94", "93", "92", "91", "90")


def test_quotas_are_rounded_down_shares_of_the_group() -> None:
    assert (quota(10, D(20)), quota(10, D(10)), quota(9, D(20)), quota(4, D(20))) == (2, 1, 1, 0)


def test_top_20_percent_are_excellent_bottom_10_percent_basic_the_rest_qualified() -> None:
    assert grades(*TEN) == ["excellent"] * 2 + ["qualified"] * 7 + ["basic"]


def test_a_score_below_the_floor_is_unqualified_whatever_the_rank() -> None:
    # Five managers: one excellent, no basic; the lowest is below the floor and unqualified, not basic.
    assert grades("69.99", "70", "70.01", "71", "72") == ["unqualified"] + ["qualified"] * 3 + ["excellent"]


def test_a_failed_veto_is_unqualified_whatever_the_score() -> None:
    distribution = propose_grades(group(*TEN, vetoed=("M01",)), POLICY)
    top = distribution.of("M01")

    assert top.grade == "unqualified" and top.rank is None and "veto" in top.reason
    assert [distribution.of(k).grade for k in ("M02", "M03", "M04")] == ["excellent", "excellent", "qualified"]


def test_the_group_size_counts_the_unqualified() -> None:
    # 10 managers, 3 unqualified: quotas stay 2 excellent and 1 basic, taken from the 7 ranked.
    result = grades("99", "98", "97", "96", "95", "94", "93", "60", "50", "40")

    assert result == ["excellent"] * 2 + ["qualified"] * 4 + ["basic"] + ["unqualified"] * 3


def test_basic_is_taken_from_the_ranked_rest_not_from_the_unqualified() -> None:
    distribution = propose_grades(group(*TEN[:9], "60"), POLICY)

    assert distribution.of("M09").grade == "basic" and distribution.of("M10").grade == "unqualified"


def test_ties_share_the_better_grade() -> None:
    # The golden 2024 group: three managers tie for second with a quota of 2; all three are excellent.
    result = grades("97.60", "95.90", "95.90", "92.70", "92.00", "90.53", "90.57", "84.00", "82.86", "62.90",
                    vetoed=("M09",))  # fmt: skip

    assert result[:3] == ["excellent"] * 3 and result[7] == "basic"


def test_a_tie_across_the_basic_boundary_leaves_all_tied_qualified() -> None:
    distribution = propose_grades(group(*TEN[:8], "90", "90"), POLICY)

    assert [distribution.of(k).grade for k in ("M09", "M10")] == ["qualified", "qualified"]
    assert distribution.of("M10").tied_at_boundary and "ties share the better grade" in distribution.of("M10").reason


def test_ties_in_the_middle_share_a_rank() -> None:
    distribution = propose_grades(group("99", "98", "97.10", "97.10", "96", "95", "94", "93", "92", "91"), POLICY)

    assert distribution.of("M03").rank == distribution.of("M04").rank == 3 and distribution.of("M05").rank == 5


def test_excellent_is_filled_before_basic_when_few_are_ranked() -> None:
    result = grades("99", "98", "60", "60", "60", "60", "60", "60", "60", "60")

    assert result[:2] == ["excellent", "excellent"]


def test_unqualified_managers_are_placed_after_the_ranked_in_the_annual_ranking() -> None:
    distribution = propose_grades(group("95", "90", "85", "65", vetoed=("M01",)), POLICY)

    assert [distribution.of(k).position for k in ("M02", "M03", "M01", "M04")] == [1, 2, 3, 4]


def test_quotas_are_policy_parameters() -> None:
    policy = {**POLICY, "excellent_pct": D(30), "basic_pct": D(20)}

    assert grades(*TEN, policy=policy) == ["excellent"] * 3 + ["qualified"] * 5 + ["basic"] * 2


def test_a_manager_may_appear_only_once_in_a_group() -> None:
    assert refused(propose_grades, [("M01", D(90), False), ("M01", D(80), False)], POLICY) == (
        "candidates",
        "unique_managers",
    )


def test_the_reason_names_the_rank_and_the_quota() -> None:
    distribution = propose_grades(group(*TEN), POLICY)

    assert "rank 1 of 10" in distribution.of("M01").reason and "excellent quota of 2" in distribution.of("M01").reason
    assert "basic quota" in distribution.of("M10").reason
