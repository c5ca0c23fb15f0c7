"""Properties of the scoring and grading rules that must hold for any figures (hypothesis)."""

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.appraisal_svc.domain import propose_grades, quota, score_kpi
from shared.domain.vocabulary import GRADES
from tests.appraisal.unit.appraisal_builders import POLICY, kpi, rated_kpi

D = Decimal
SETTINGS = settings(max_examples=200, deadline=None)
BOUND = {"linear": None, "deduct": D(1), "tiered": D("1.2"), "pass_fail": D(1)}  # × weight; linear: × cap


def figures(low: str, high: str, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(low), max_value=D(high), places=places, allow_nan=False, allow_infinity=False)


@st.composite
def quantitative_kpis(draw: st.DrawFn) -> dict[str, Any]:
    """Any linear, deduct, tiered or pass/fail KPI, either direction, amounts or %."""
    rule = draw(st.sampled_from(["linear", "deduct", "tiered", "pass_fail"]))
    direction = draw(st.sampled_from(["higher", "lower"]))
    values: dict[str, Any] = {"rule": rule, "direction": direction, "weight": draw(figures("0.5", "60", 1)),
                              "unit": draw(st.sampled_from(["%", "万元"]))}  # fmt: skip
    if rule == "tiered":
        low, gap1, gap2 = draw(figures("0.01", "5000")), draw(figures("0.01", "500")), draw(figures("0.01", "500"))
        ordered = [low, low + gap1, low + gap1 + gap2]
        tiers = ordered if direction == "higher" else ordered[::-1]
        values.update(target=None, tiers=dict(zip(("basic", "striving", "challenge"), tiers, strict=True)))
    else:
        values["target"] = draw(figures("0.01", "10000"))
    if rule == "linear":
        values["cap"] = draw(figures("1", "2", 1))
    if rule in ("deduct", "tiered"):
        values.update(step=draw(figures("0.5", "5", 1)), penalty=draw(figures("1", "100", 0)))
    return kpi(**values)


def actuals(direction: str) -> st.SearchStrategy[Decimal]:
    return figures("-2000", "20000") if direction == "higher" else figures("0", "20000")


def upper_bound(kpi_: dict[str, Any]) -> Decimal:
    factor = BOUND[kpi_["rule"]]
    return kpi_["weight"] * (kpi_["cap"] if factor is None else factor)


@SETTINGS
@given(quantitative_kpis(), st.data())
def test_a_kpi_score_is_never_negative_nor_above_its_cap_times_the_weight(kpi_: dict[str, Any], data: Any) -> None:
    result = score_kpi(kpi_, data.draw(actuals(kpi_["direction"])), None, POLICY)

    assert 0 <= result.score <= upper_bound(kpi_)


@SETTINGS
@given(figures("1", "60", 1), st.lists(figures("0", "100", 1), min_size=1, max_size=7))
def test_a_rated_score_is_never_negative_nor_above_the_weight(weight: Decimal, ratings: list[Decimal]) -> None:
    assert 0 <= score_kpi(rated_kpi(weight=weight), None, ratings, POLICY).score <= weight


@SETTINGS
@given(quantitative_kpis(), st.data())
def test_a_kpi_score_moves_with_the_actual_in_the_kpi_direction(kpi_: dict[str, Any], data: Any) -> None:
    low, high = sorted([data.draw(actuals(kpi_["direction"])), data.draw(actuals(kpi_["direction"]))])
    at_low, at_high = score_kpi(kpi_, low, None, POLICY).score, score_kpi(kpi_, high, None, POLICY).score

    assert at_low <= at_high if kpi_["direction"] == "higher" else at_low >= at_high


members = st.lists(st.tuples(figures("60", "100", 0), st.booleans()), min_size=1, max_size=30)
quotas = st.tuples(figures("0", "40", 0), figures("0", "30", 0))


@SETTINGS
@given(members, quotas)
def test_a_score_below_the_floor_or_a_failed_veto_is_always_unqualified(
    group: list[tuple[Decimal, bool]], pcts: tuple[Decimal, Decimal]
) -> None:
    distribution = propose_grades(_candidates(group), {**POLICY, "excellent_pct": pcts[0], "basic_pct": pcts[1]})

    for proposal in distribution.proposals:
        out = proposal.vetoed or proposal.total < POLICY["exit_score_floor"]
        assert (proposal.grade == "unqualified") == out


@SETTINGS
@given(members, quotas)
def test_grades_keep_the_quotas_except_for_ties(
    group: list[tuple[Decimal, bool]], pcts: tuple[Decimal, Decimal]
) -> None:
    distribution = propose_grades(_candidates(group), {**POLICY, "excellent_pct": pcts[0], "basic_pct": pcts[1]})
    top, bottom = quota(len(group), pcts[0]), quota(len(group), pcts[1])
    ranked = [p for p in distribution.proposals if p.grade != "unqualified"]
    totals = sorted((p.total for p in ranked), reverse=True)
    excellent = [p for p in ranked if p.grade == "excellent"]
    basic = [p for p in ranked if p.grade == "basic"]

    assert len(excellent) >= min(top, len(ranked)) and len(basic) <= bottom
    if len(excellent) > top:  # only a tie with the last manager inside the quota takes more
        assert min(p.total for p in excellent) == totals[top - 1]
    room = min(bottom, len(ranked) - len(excellent))
    if len(basic) < room:  # only a tie across the basic boundary leaves fewer
        assert totals[len(ranked) - bottom] == totals[len(ranked) - bottom - 1]
    for a in ranked:
        for b in ranked:
            if a.total >= b.total:  # a better total never gets a worse grade; equal totals share one
                assert GRADES.index(a.grade) <= GRADES.index(b.grade)


def _candidates(group: list[tuple[Decimal, bool]]) -> list[tuple[str, Decimal, bool]]:
    return [(f"M{index:02}", total, vetoed) for index, (total, vetoed) in enumerate(group)]
