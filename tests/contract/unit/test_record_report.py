"""The printable tenure record (任期档案): what an auditor must be able to read on it, from a small hand-made record."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from services.contract_svc.api.record_report import render_report

TENURE_ID = "t-1"


def entry(category: str, type_: str, day: str | None, reason: str | None = None) -> dict[str, Any]:
    return {"service": "contract", "stream_id": "s-1", "version": 1, "type": type_, "category": category,
            "recorded_at": "2024-05-01T08:00:00+00:00", "effective_date": day, "date": day, "actor": "hr.chen",
            "reason": reason, "policy_version": 1, "tenure_id": TENURE_ID, "hash": "ab" * 32}


def base_line(number: int, month: int) -> dict[str, Any]:
    period = f"2023-{month:02d}"
    return {"line_id": f"L{number}", "kind": "base", "amount": "16666.67", "period": period, "for_period": period,
            "cause": {"type": "base_run"}, "note": f"base {period}", "corrects": None, "policy_version": 1}


def appraisal() -> dict[str, Any]:
    kpi = {"code": "revenue", "name": "营业收入", "rule": "linear", "weight": "60", "target": "100", "actual": "90",
           "completion": "0.9000", "score": "54.00"}
    member = {"kpis": [kpi], "total": "74.00", "vetoed": False, "proposed_grade": "basic", "grade": "qualified",
              "override": {"grade": "qualified", "reason": "市场突变，委员会调整"}, "rank": 4, "group_size": 9,
              "grade_reason": "rank 8 of 9",
              "warnings": [{"kind": "consecutive_basic", "consequence": "warning", "reason": "two basic years"}],
              "exit_triggers": [{"kind": "score_below_floor", "consequence": "exit", "reason": "total below 70"}]}
    objection = {"objection_id": "2023-O1", "reason": "收入口径有误", "filed_on": "2024-01-28", "outcome": "rejected",
                 "decision_reason": "口径符合责任书", "decided_on": "2024-02-05"}
    return {"id": "a-1", "status": "final", "policy_version": 1, "confirmed_on": "2024-01-25",
            "window_ends": "2024-02-09", "final_on": "2024-03-01", "objections": [objection],
            "revisions": [{"reason": "审计调整后重算", "decided_on": "2024-04-01"}], "member": member}


def record(name: str = "周强", **changes: Any) -> dict[str, Any]:
    """One manager, one tenure, one appraised and paid year, and the timeline of it."""
    actuals = [
        {"entry_id": "2023-1", "kind": "actual", "kpi_code": "revenue", "value": "95", "audited": False,
         "source": "erp", "corrects": None, "reason": None},
        {"entry_id": "2023-2", "kind": "actual", "kpi_code": "revenue", "value": "90", "audited": True,
         "source": "audit", "corrects": "2023-1", "reason": "审计调减收入"},
    ]
    year = {"year": 2023, "letter": {"key": "annual-2023", "status": "signed", "in_force": {
                "number": 1, "signed_on": "2023-01-01",
                "kpis": [{"code": "revenue", "name": "营业收入", "weight": "60", "target": "100", "rule": "linear"}]}},
            "actuals": {"entries": actuals}, "appraisal": appraisal(),
            "settlement": {"performance_target": "300000.00", "performance_pay": "240000.00", "retained": "0.00",
                           "performance_paid_now": "240000.00", "grade": "qualified", "policy_version": 1},
            "lines": [base_line(1, 1), base_line(2, 2), base_line(3, 3)]}
    tenure = {"id": TENURE_ID, "position": "general_manager", "level": "leadership", "status": "active",
              "start": "2023-01-01", "end": "2025-12-31", "term_number": 1, "policy_id": "p-1", "policy_version": 1,
              "agreement": {"pay": {"base": "200000", "performance": "300000"}, "signatures": [
                  {"party": "enterprise", "signer_name": "王董", "signer_role": "chairman", "signed_on": "2022-12-20"}]}}
    full = {
        "manager_id": "m-1", "as_of": "2024-05-01T08:00:00+00:00", "generated_at": "2024-05-01T08:00:01+00:00",
        "complete": True,
        "sources": {s: {"available": True, "error": None, "streams": [
            {"stream_id": f"{s}-1", "aggregate": "Tenure", "version": 7, "hash": "0123456789abcdef" * 4}]}
            for s in ("contract", "appraisal", "payroll")},
        "manager": {"id": "m-1", "code": "M01", "name": name, "title": "总经理", "enterprise_id": "e-1"},
        "enterprises": [{"id": "e-1", "code": "E1", "name_zh": "成渝科技有限公司", "name_en": None}],
        "policies": [{"id": "p-1", "name": "market"}],
        "tenures": [{"tenure_id": TENURE_ID, "tenure": tenure, "years": [year], "tenure_appraisal": None,
                     "exit_proposals": [], "pay_account": None}],
        "timeline": [entry("signature", "Tenure.AgreementSigned", "2022-12-20"),
                     entry("signature", "Tenure.LetterSigned", "2023-01-01"),
                     entry("measure", "KpiActuals.Entered", "2024-01-10"),
                     entry("grade", "AnnualAppraisal.Confirmed", "2024-01-25", "委员会调整"),
                     entry("warning", "Warning", "2024-03-01", "two basic years"),
                     entry("payment", "PayAccount.LineAdded", "2023-01-01"),
                     entry("payment", "PayAccount.LineAdded", "2023-02-01"),
                     entry("decision", "Tenure.Activated", None),
                     entry("record", "Tenure.Opened", "2023-01-01")],
    }
    return {**full, **changes}


def timeline_svg(page: str) -> str:
    match = re.search(r'<svg id="timeline".*?</svg>', page, re.DOTALL)
    assert match, "the report has no svg#timeline"
    return match.group(0)


def section(page: str, css_class: str) -> str:
    return page.split(f'<section class="{css_class}">', 1)[1].split("</section>", 1)[0]


def test_a_script_in_a_name_is_shown_as_text_never_run() -> None:
    page = render_report(record(name="<script>alert('x')</script>"))
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_document_is_self_contained_utf8_html_that_prints_on_a4() -> None:
    page = render_report(record())
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in page and "@media print" in page and "size: A4" in page
    assert not re.search(r'\b(src|href)=|@import|url\(', page)


def test_every_heading_says_its_part_in_chinese_and_in_english() -> None:
    page = render_report(record())
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[1-4]>(.*?)</h[1-4]>", page, re.DOTALL)]
    assert headings and all(re.search(r"[\u4e00-\u9fff]", h) and re.search(r"[A-Za-z]", h) for h in headings)
    for part in ("任期档案 / Tenure record", "年度考核 / Annual appraisal", "决策日志 / Decision log", "链头 / Chain heads"):
        assert part in re.sub(r"<[^>]+>", "", page)


def test_the_timeline_draws_one_marker_per_entry_of_a_drawn_lane_an_undated_one_on_its_recorded_day() -> None:
    svg = timeline_svg(render_report(record()))
    assert 'role="img"' in svg and 'aria-label="任期时间轴 / Tenure timeline' in svg
    drawn = Counter(re.findall(r'<circle class="event event-(\w+)"', svg))
    # The undated decision is placed on the day it was recorded (2024-05-01); measures and records are listed only.
    assert drawn == {"signature": 2, "grade": 1, "warning": 1, "payment": 2, "decision": 1}
    assert 'data-date="2024-05-01"' in svg and "<title>2024-05-01 记录日 recorded on · Tenure.Activated" in svg
    assert 'data-type="AnnualAppraisal.Confirmed"' in svg and "<title>2024-01-25 · AnnualAppraisal.Confirmed" in svg


def test_the_timeline_has_a_lane_and_a_legend_entry_for_each_kind_of_event() -> None:
    svg = timeline_svg(render_report(record()))
    for lane in ("签约 Signatures", "考核 Appraisals", "等级 Grades", "预警 Warnings", "薪酬 Payments", "决定 Decisions"):
        assert svg.count(lane) == 2


def test_an_empty_record_renders_dashes_rather_than_failing() -> None:
    for bare in ({}, record(manager=None, tenures=[], timeline=[], sources={}),
                 record(tenures=[{"tenure_id": TENURE_ID, "tenure": None, "years": [{"year": 2024}]}])):
        page = render_report(bare)
        assert page.rstrip().endswith("</html>") and "—" in page and 'id="timeline"' in page


def test_a_year_without_appraisal_or_pay_shows_each_part_as_empty() -> None:
    tenure = {**record()["tenures"][0], "years": [{"year": 2024, "letter": None, "actuals": None, "appraisal": None,
                                                   "settlement": None, "lines": []}]}
    year = render_report(record(tenures=[tenure])).split('<div class="year">', 1)[1]
    for part in ("Actuals known", "Annual appraisal", "Settlement", "Payment lines"):
        assert re.search(rf"/ {part}</span> <span class=\"none\">—</span>", year)


def test_missing_services_make_a_visible_incomplete_record_warning() -> None:
    sources = {**record()["sources"],
               "appraisal": {"available": False, "error": "appraisal service did not answer in 5 s", "streams": []},
               "payroll": {"available": False, "error": "HTTP 503", "streams": []}}
    page = render_report(record(complete=False, sources=sources))
    banner = page.split('<div class="banner" role="alert">', 1)[1].split("</div>", 1)[0]
    assert "记录不完整" in banner and "Incomplete record" in banner
    assert "<b>appraisal</b>: appraisal service did not answer in 5 s" in banner and "<b>payroll</b>: HTTP 503" in banner
    assert 'role="alert"' not in render_report(record())


def test_a_correction_of_an_actual_is_shown_with_its_reason() -> None:
    page = render_report(record())
    row = re.search(r'<tr class="correction">(.*?)</tr>', page, re.DOTALL)
    assert row and "2023-2" in row.group(1) and "2023-1" in row.group(1) and "审计调减收入" in row.group(1)


def test_the_appraisal_shows_override_objection_revision_warnings_and_exit_triggers_with_reasons() -> None:
    page = render_report(record())
    for said in ("基本合格 basic → <b>合格 qualified</b>", "市场突变，委员会调整", "收入口径有误", "异议不成立 rejected",
                 "口径符合责任书",
                 "审计调整后重算", "two basic years", "total below 70", "4 / 9", "54.00", "0.9000"):
        assert said in page, said


def test_monthly_base_lines_of_one_amount_are_folded_into_one_row_and_added_up() -> None:
    page = render_report(record())
    assert "L1–L3" in page and "2023-01 – 2023-03" in page
    assert '16,666.67</span> × 3 = <span class="num">50,000.01</span>' in page


def test_the_decision_log_leaves_out_payments_and_measures() -> None:
    log = section(render_report(record()), "log")
    assert "Tenure.AgreementSigned" in log and "Tenure.Opened" in log and "委员会调整" in log
    assert "PayAccount.LineAdded" not in log and "KpiActuals.Entered" not in log


def test_the_chain_heads_give_each_stream_its_version_and_hash_prefix() -> None:
    chains = section(render_report(record()), "chains")
    assert chains.count("0123456789abcdef<") == 3 and "payroll-1" in chains and ">7<" in chains


def test_an_exit_paid_before_any_tenure_settlement_is_still_shown() -> None:
    account = {"lines": [], "tenure_settlement": None,
               "exit": {"on": "2024-06-30", "reason": "removed", "for_cause": True, "ref": "董事会决议〔2024〕9号"}}
    tenure = {**record()["tenures"][0], "pay_account": account}
    assert "2024-06-30 · removed · 董事会决议〔2024〕9号" in render_report(record(tenures=[tenure]))
