"""The printable tenure record of golden-2's managers, as a real run produced their records
(tests/contract/fixtures/make_records.py): each change after the fact is on the page, in Chinese and in English.

The figures expected are worked out here from tests/fixtures/scenarios/golden-2.json, not read from the record."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from services.contract_svc.api.record_report import render_report
from tests.scenarios import GOLDEN_2_EXPECTED

FIXTURES = Path(__file__).parents[1] / "fixtures"


def golden_2(code: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / f"tenure_record_{code}_golden2.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {code: render_report(golden_2(code)) for code in ("M01", "M03", "M05", "M09", "M10")}


def test_an_upheld_objection_shows_who_filed_it_the_outcome_and_the_figure_it_corrected(pages: dict[str, str]) -> None:
    page = pages["M01"]
    assert "异议 <span class=\"en\">/ Objections</span>" in page
    row = re.search(r'<tr class="objection upheld">.*?</tr>', page, re.DOTALL)
    assert row is not None
    for said in ("2023-O1", "2024-01-30", "赵磊", "2023年利润总额未按集团口径剔除经批准的政策性亏损", "异议成立 upheld",
                 "经董事会复核，利润总额按集团口径更正为1300万元", "2024-02-06", "考核委员会",
                 # golden-2: M01's 2023 profit was 1235; the board corrected it to 1300
                 "profit (实际值 actual): 1235 → <b>1300</b>"):
        assert said in row.group(0), said


def test_a_rejected_objection_shows_its_reason_and_corrects_nothing(pages: dict[str, str]) -> None:
    row = re.search(r'<tr class="objection rejected">.*?</tr>', pages["M10"], re.DOTALL)
    assert row is not None
    for said in ("异议不成立 rejected", "对党建考核评分有异议", "经复核，评分程序与依据无误，维持原结果", "2024-02-07"):
        assert said in row.group(0), said
    assert "→" not in row.group(0)


def test_a_revision_after_final_shows_its_decision_reference_and_the_figures_it_corrected(pages: dict[str, str]) -> None:
    row = re.search(r'<tr class="revision">.*?</tr>', pages["M05"], re.DOTALL)
    assert row is not None
    for said in ("2023-06-15", "2022年度审计调整：收入跨期确认、费用重分类", "审计报告〔2023〕12号", "考核委员会",
                 # golden-2: M05's 2022 revenue 12240 → 12720 and cost rate 35.5 → 34.8
                 "revenue (实际值 actual): 12240 → <b>12720</b>", "cost_rate (实际值 actual): 35.5 → <b>34.8</b>"):
        assert said in row.group(0), said


def test_a_revision_of_one_member_is_not_in_another_members_record(pages: dict[str, str]) -> None:
    assert "审计报告〔2023〕12号" not in pages["M01"] and "审计报告〔2023〕12号" not in pages["M03"]
    assert all(y["appraisal"]["revisions"] == [] for y in golden_2("M01")["tenures"][0]["years"])


def test_an_arrears_line_names_the_line_it_corrects(pages: dict[str, str]) -> None:
    row = re.search(r'<tr class="correction line-arrears">.*?</tr>', pages["M05"], re.DOTALL)
    assert row is not None
    # 2022 is pro-rated 306/365 days: 300,000 × 306 / 365 = 251,506.85; qualified (× 1.0) was paid in 2023-03.
    # Revised to excellent (× 1.5): 377,260.275 → 377,260.28; the difference 377,260.28 − 251,506.85 = 125,753.43.
    for said in ("补发 arrears", "125,753.43", "2023-06", "<b>L16</b> · 绩效年薪 performance 2022", "251,506.85"):
        assert said in row.group(0), said


def test_an_override_shows_the_proposed_and_the_decided_grade_why_and_who(pages: dict[str, str]) -> None:
    page = pages["M09"]
    assert '<span class="override">基本合格 basic → <b>合格 qualified</b></span>' in page
    assert "该部门2022年承担集团临时专项任务，经考核委员会研究，等次调整为合格<br>考核委员会" in page


def test_a_clawback_beyond_the_payslip_is_owed_and_recovered_from_later_pay(pages: dict[str, str]) -> None:
    page = pages["M10"]
    owed = page[page.index("追索扣回与欠款"):]
    owed = owed[:owed.index("</table>")]
    # June 2024: base 16,666.67 − clawback 20,000.00 would be −3,333.33: an owed line of 20,000.00 and a recovery of
    # 16,666.67 bring the payslip to 0; July recovers the remaining 20,000.00 − 16,666.67 = 3,333.33.
    for said in ("追索扣回 clawback", "-20,000.00", "董事会决议〔2024〕9号", "2023年度经营数据经审计调减，追索扣回部分绩效年薪",
                 "欠款（待扣回） owed", "20,000.00", "欠款扣回 owed_recovery", "-16,666.67", "-3,333.33"):
        assert said in owed, said
    assert '欠款余额 Owed balance</dt><dd><b class="owed"><span class="num">0.00</span>' in owed


def test_an_exit_for_cause_shows_its_decision_and_its_effect_on_pay(pages: dict[str, str]) -> None:
    page = pages["M03"]
    exit_ = page[page.index('<div class="exit">'):page.index('<div class="year">')]
    for said in ("刚性退出 rigid_exit", "因故 For cause</dt><dd>是 yes", "2024-03-15", "<b>2024-04-30</b>", "党委会, 董事会",
                 "董事会决议〔2024〕3号", "2023年度考核不合格，主要指标完成率低于70%",
                 # 2024 has 366 days, 121 of them through 30 April: base 200,000 × 121 / 366 = 66,120.22 and
                 # the performance target 300,000 × 121 / 366 = 99,180.33, forfeited
                 "66,120.22", "99,180.33", "因故免职，不予兑现 terminated_for_cause", "不予兑现：无任期考核"):
        assert said in exit_, said
    assert "2024-04-30 退出，不是 2024 年度考核组成员 / Left on 2024-04-30: not a member of the 2024" in page


def test_the_tenure_bar_ends_at_the_exit_and_the_rest_of_the_term_is_outlined(pages: dict[str, str]) -> None:
    assert 'class="tenure-span"' in pages["M03"] and 'data-end="2024-04-30"' in pages["M03"]
    assert 'class="tenure-cut"' in pages["M03"] and 'data-from="2024-04-30" data-to="2024-12-31"' in pages["M03"]
    assert 'data-end="2024-12-31"' in pages["M01"] and 'class="tenure-cut"' not in pages["M01"]


def test_an_undated_event_sits_on_its_recorded_day_and_says_so(pages: dict[str, str]) -> None:
    registered = next(e for e in golden_2("M01")["timeline"] if e["type"] == "Manager.Registered")
    assert registered["effective_date"] is None
    day = registered["recorded_at"][:10]
    assert f'{day}<br><span class="en recorded-day">记录日 recorded on</span></td><td>经理人登记 Manager.Registered' in pages["M01"]


def test_every_code_on_the_page_is_given_in_chinese_and_english(pages: dict[str, str]) -> None:
    for said in ("中层干部 middle", "中层管理人员 middle_manager", "已结束 ended", "优秀 excellent", "基本年薪 base",
                 "绩效年薪 performance", "任期激励 tenure_incentive", "线性计分 linear", "扣分计分 deduct", "评议计分 rated",
                 "集团ERP erp", "已定案 final", "按等级兑现 grade", "董事长 chairman", "年度得分平均 mean_of_annual_scores"):
        assert any(said in page for page in pages.values()), said
    trigger = re.search(r"年度得分低于退出线 score_below_floor", pages["M03"])
    assert trigger is not None, "M03's 2023 exit trigger"


def test_a_tiered_target_shows_each_tier_by_name() -> None:
    record = copy.deepcopy(golden_2("M01"))
    kpi = record["tenures"][0]["years"][0]["letter"]["in_force"]["kpis"][0]
    kpi.update(rule="tiered", target=None, tiers={"basic": "9000", "striving": "10000", "challenge": "11000"})
    page = render_report(record)
    assert ('基本 basic <b>9000</b> / 奋斗 striving <b>10000</b> / 挑战 challenge <b>11000</b>' in page
            and "分档计分 tiered" in page)


def test_an_automatic_removal_shows_the_rule_and_the_figures_that_caused_it() -> None:
    record = copy.deepcopy(golden_2("M03"))
    [decision] = record["tenures"][0]["tenure"]["exit_decisions"]
    decision.update(outcome="automatic_removal", decision_makers=[], decision_ref=None, by_rule={
        "rule": "removal_floor", "year": 2023, "policy_version": 1, "living_allowance_monthly": "3000.00",
        "figures": [{"kpi_code": "revenue", "measure": "revenue", "actual": "5500", "target": "10000",
                     "completion": "0.5500", "floor": "0.60"}]})
    page = render_report(record)
    assert "自动免职 automatic_removal" in page and "触及自动免职线 removal_floor · 2023" in page
    assert "revenue 5500 / 10000 = 0.5500 &lt; 0.60" in page and "3,000.00" in page


def test_an_observation_period_shows_its_dates_why_and_how_it_was_concluded() -> None:
    record = copy.deepcopy(golden_2("M01"))
    record["tenures"][0]["observation_periods"] = [{
        "id": "p1", "year": 2022, "starts_on": "2023-03-10", "ends_on": "2023-09-10", "months": 6,
        "reason": "position 10 of 10 in 2022", "status": "not_met", "conclusion": {
            "outcome": "not_met", "by": "committee", "reason": "仍未达标", "decided_on": "2023-09-12",
            "decision_makers": ["考核委员会"], "decision_ref": "考核委〔2023〕5号"}}]
    section = render_report(record).split("观察期", 1)[1].split("退出建议", 1)[0]
    for said in ("2023-03-10", "2023-09-10", "position 10 of 10 in 2022", "观察期不达标 not_met",
                 "2023-09-12 · committee · 仍未达标 · 考核委〔2023〕5号"):
        assert said in section, said


def test_a_tenure_appraisal_on_its_own_sheet_shows_each_kpi_and_a_revision_its_reference() -> None:
    record = copy.deepcopy(golden_2("M01"))
    record["tenures"][0]["tenure_appraisal"].update(basis="tenure_sheet", sheet={"kpis": [
        {"code": "revenue", "actual": "33000", "completion": "1.1000", "score": "66.00"}]}, revisions=[
        {"year": 2023, "decided_on": "2025-05-10", "score": "91.20", "reason": "审计调整", "decision_ref": "审〔2025〕2号"}])
    section = render_report(record).split("任期考核", 1)[1]
    assert "任期指标考核 tenure_sheet" in section and "revenue: 33000 · 1.1000 · 66.00" in section
    assert "2023 · 2025-05-10 · 91.20 · 审计调整 · 审〔2025〕2号" in section


def test_a_decision_on_another_members_objection_is_not_in_this_members_record() -> None:
    """golden-2: M10's objection was rejected; M01's was upheld. Each record holds only its own decision."""
    decided = {code: [e["reason"] for e in golden_2(code)["timeline"] if e["type"] == "AnnualAppraisal.ObjectionDecided"]
               for code in ("M01", "M05", "M10")}
    assert decided == {"M01": ["经董事会复核，利润总额按集团口径更正为1300万元"], "M05": [],
                       "M10": ["经复核，评分程序与依据无误，维持原结果"]}


def test_an_observation_period_opened_by_a_yellow_warning_is_in_the_record() -> None:
    """golden-2: M03 was last of ten in 2023 (bottom 10 % = 1), so that year's final appraisal opened a period."""
    [period] = golden_2("M03")["tenures"][0]["observation_periods"]
    assert (period["year"], period["months"], period["reason"][:25]) == (2023, 6, "position 10 of 10 in 2023")
    # tenurectl finalises 2023 on 2024-03-01 (tenurectl/cycle.py): six months later is 2024-09-01
    assert (period["starts_on"], period["ends_on"]) == ("2024-03-01", "2024-09-01")
    assert "观察期" in render_report(golden_2("M03"))


def test_an_entry_shows_the_day_it_was_entered() -> None:
    record = copy.deepcopy(golden_2("M01"))
    entry = record["tenures"][0]["years"][0]["actuals"]["entries"][0]
    entry["entered_on"] = "2023-01-20"
    assert "录入日" in render_report(record) and "<td>2023-01-20</td>" in render_report(record)


@pytest.mark.parametrize("code", ["M01", "M03", "M05", "M09", "M10"])
def test_the_record_fixtures_hold_golden_2s_expected_figures(code: str) -> None:
    """The fixtures are what the running system answered: their figures are golden-2.expected.json's."""
    expected = json.loads(GOLDEN_2_EXPECTED.read_text(encoding="utf-8"))
    tenure = golden_2(code)["tenures"][0]
    for year in tenure["years"]:
        wanted, settled = expected["years"][str(year["year"])][code], year["settlement"]
        for key in ("performance_target", "performance_pay", "retained", "performance_paid_now"):
            assert settled[key] == wanted[key], f"{code} {year['year']} {key}"
        if wanted.get("appraised", True):
            assert year["appraisal"]["member"]["total"] == wanted["total"]
            assert year["appraisal"]["member"]["grade"] == wanted["grade"]
    lines = tenure["pay_account"]["lines"]
    corrections = sum((Decimal(line["amount"]) for line in lines if line["kind"] in ("arrears", "recovery")), Decimal(0))
    clawed = sum((-Decimal(line["amount"]) for line in lines if line["kind"] == "clawback"), Decimal(0))
    assert (corrections, clawed) == (Decimal(expected["managers"][code]["pay_corrections"]),
                                     Decimal(expected["managers"][code]["clawed_back"]))
