"""The tenure record's sections: each tenure, its agreement and changes, each year and the end of the tenure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from html import escape

from services.contract_svc.api.record_html import (DASH, EMPTY, Item, bold, facts, grade, grid, heading, joined,
                                                   money, money_of, part, reasons, text)

# One tenure ----------------------------------------------------------------------------------------------------------
TENURE = (("状态", "Status", "status"), ("岗位", "Position", "position"), ("层级", "Level", "level"),
          ("制度", "Policy", joined("policy_name", "policy_version", sep=" v")), ("生效", "Activated", "activated_on"),
          ("原定届满", "Agreed end", "original_end"), ("结束", "Ended", joined("ended_on", "ended_reason")),
          ("试用期（月）", "Probation (months)", "probation_months"))
AGREEMENT = (("基本年薪", "Base pay", lambda a: money((a.get("pay") or {}).get("base"))),
             ("绩效年薪", "Performance pay", lambda a: money((a.get("pay") or {}).get("performance"))),
             ("前置研究", "Pre-review", joined("pre_review")), ("批准", "Approval", joined("approval")))
SIGNATURES = (("签署方", "Party", "party"), ("签署人", "Signer", "signer_name"), ("职务", "Role", "signer_role"),
              ("日期", "Signed on", "signed_on"))
CHANGES = (("类型", "Change", "change"), ("日期", "Decided on", "decided_on"), ("内容", "What", "what"),
           ("理由", "Reason", "reason"), ("决定人", "Decided by", joined("decision_makers", sep=", ")),
           ("文号", "Ref.", "decision_ref"))


def render_tenure(entry: Item, record: Item) -> str:
    tenure = entry.get("tenure") or {}
    policy: Item = next((p for p in record.get("policies") or [] if p.get("id") == tenure.get("policy_id")), {})
    number, term = tenure.get("term_number", "?"), f" · {tenure.get('start', '?')} – {tenure.get('end', '?')}"
    agreement = tenure.get("agreement") or {}
    return ('<section class="tenure">' + heading("h2", f"第 {number} 任期", f"Term {number}", escape(term))
            + facts({**tenure, "policy_name": policy.get("name")}, TENURE)
            + part("h3", "任期协议", "Tenure agreement", facts(agreement, AGREEMENT))
            + part("h4", "签字", "Signatures", grid(agreement.get("signatures") or [], SIGNATURES))
            + part("h3", "延期与终止", "Extensions and termination", grid(_changes(tenure), CHANGES))
            + "".join(_year(y) for y in entry.get("years") or []) + _tenure_end(entry, tenure) + "</section>")


def _changes(tenure: Item) -> list[Item]:
    """Extensions of the term, then its termination, as rows of one table."""
    rows = [{**e, "change": "延期 extension", "what": f"{e.get('previous_end')} → {e.get('new_end')}"}
            for e in tenure.get("extensions") or []]
    stop = tenure.get("termination")
    return rows + ([{**stop, "change": "终止 termination", "what": f"{stop.get('mode')}, {stop.get('effective_on')}"}]
                   if stop else [])


# One year ------------------------------------------------------------------------------------------------------------
KPI_SHEET = (("指标", "Code", "code"), ("名称", "Name", "name"), ("权重", "Weight", "weight"), ("目标", "Target", "target"),
             ("规则", "Rule", "rule"), ("主要指标", "Main", "main"),
             ("否决线", "Veto below", lambda k: text(k.get("veto_below")) if k.get("veto") else DASH))
ACTUALS = (("编号", "Entry", "entry_id"), ("指标", "KPI", "kpi_code"), ("类型", "Kind", "kind"), ("数值", "Value", "value"),
           ("审计", "Audited", "audited"), ("来源", "Source", joined("source", "evaluator", "reference")),
           ("更正", "Corrects", "corrects"), ("理由", "Reason", "reason"))
APPRAISAL = (("状态", "Status", "status"), ("制度版本", "Policy version", "policy_version"),
             ("确认", "Confirmed", "confirmed_on"), ("异议截止", "Objections until", "window_ends"),
             ("定案", "Final", "final_on"), ("总分", "Total", bold("total")), ("否决", "Vetoed by", joined("vetoed_by")),
             ("排名", "Rank", joined("rank", "group_size", sep=" / ")),
             ("建议等级", "Proposed grade",
              lambda m: f"{grade(m.get('proposed_grade'))}<br>{text(m.get('grade_reason'))}"),
             ("调整", "Override", lambda m: _overridden(m.get("override"))),
             ("最终等级", "Final grade", bold("grade", grade)), ("退出触发", "Exit triggers", reasons("exit_triggers")))
SCORES = (("指标", "Code", "code"), ("名称", "Name", "name"), ("权重", "Weight", "weight"), ("目标", "Target", "target"),
          ("实际", "Actual", lambda k: text(k.get("actual") if k.get("actual") is not None else k.get("rating"))),
          ("完成率", "Completion", "completion"), ("得分", "Score", "score"), ("说明", "Note", "note"))
OBJECTIONS = (("编号", "Objection", "objection_id"), ("提出", "Filed", "filed_on"), ("理由", "Reason", "reason"),
              ("结果", "Outcome", "outcome"), ("决定理由", "Decision reason", "decision_reason"),
              ("决定日", "Decided on", "decided_on"))
REVISIONS = (("日期", "Decided on", "decided_on"), ("理由", "Reason", "reason"))
WARNINGS = (("类型", "Kind", "kind"), ("后果", "Consequence", "consequence"), ("理由", "Reason", "reason"))
SETTLEMENT = (("绩效目标", "Performance target", money_of("performance_target")), ("等级", "Grade", bold("grade", grade)),
              ("兑现系数", "Rate", "rate"), ("绩效年薪", "Performance pay", money_of("performance_pay")),
              ("延期支付", "Retained", money_of("retained")), ("本期发放", "Paid now", money_of("performance_paid_now")),
              ("扣发原因", "Forfeited by", "forfeited_by"), ("制度版本", "Policy version", "policy_version"))
LINES = (("编号", "Lines", "line_id"), ("期间", "Period", "period"), ("类别", "Kind", "kind"), ("所属", "For", "for_period"),
         ("金额", "Amount", lambda r: r["amount_html"]), ("说明", "Note", "note"), ("更正", "Corrects", "corrects"))


def _year(year: Item) -> str:
    number, entries = year.get("year"), (year.get("actuals") or {}).get("entries") or []
    return ('<div class="year">' + heading("h3", f"{number} 年度", f"Year {number}")
            + part("h4", "年度经营业绩责任书", "Annual letter in force", _letter(year.get("letter")))
            + part("h4", "已知实际完成", "Actuals known",
                    grid(entries, ACTUALS, lambda e: "correction" if e.get("corrects") else ""))
            + _appraisal(year.get("appraisal") or {})
            + part("h4", "绩效结算", "Settlement", facts(year.get("settlement"), SETTLEMENT))
            + part("h4", "薪酬发放", "Payment lines", _lines(year.get("lines") or [])) + "</div>")


def _letter(letter: Item | None) -> str:
    if not letter:
        return EMPTY
    sheet = letter.get("in_force") or {}
    about = f"{joined('key', 'status')(letter)} · v{text(sheet.get('number'))} · {text(sheet.get('signed_on'))}"
    return f"<p>{about}</p>{grid(sheet.get('kpis') or [], KPI_SHEET)}"


def _overridden(override: Item | None) -> str:
    """The committee's grade, when it differs from the proposal, with the reason it was recorded with."""
    return f"{grade(override.get('grade'))} · {text(override.get('reason'))}" if override else DASH


def _appraisal(appraisal: Item) -> str:
    member = appraisal.get("member") or {}
    warnings = [*(member.get("warnings") or []), *(member.get("ranking_warnings") or [])]
    scores = grid(member.get("kpis") or [], SCORES) if appraisal else ""
    return (part("h4", "年度考核", "Annual appraisal", facts(appraisal and {**member, **appraisal}, APPRAISAL) + scores)
            + part("h4", "异议", "Objections", grid(appraisal.get("objections") or [], OBJECTIONS))
            + part("h4", "修订", "Revisions", grid(appraisal.get("revisions") or [], REVISIONS))
            + part("h4", "预警", "Warnings", grid(warnings, WARNINGS)))


def _lines(lines: Sequence[Item]) -> str:
    """Pay lines, runs of monthly base lines of one amount folded into one row, then their total."""
    if not lines:
        return EMPTY
    total = f'<tfoot><tr class="total"><td colspan="4">合计 Total</td><td>{money(_sum(lines))}</td><td colspan="2">'
    return grid([_folded(run) for run in _runs(lines)], LINES, lambda r: "correction" if r.get("corrects") else "",
                 f"{total}</td></tr></tfoot>")


def _runs(lines: Sequence[Item]) -> list[list[Item]]:
    runs: list[list[Item]] = []
    for line in lines:
        last = runs[-1][-1] if runs else {}
        same = line.get("kind") == last.get("kind") == "base" and line.get("amount") == last.get("amount")
        if same and not (line.get("corrects") or last.get("corrects")):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _folded(run: Sequence[Item]) -> Item:
    first, last, count = run[0], run[-1], len(run)
    if count == 1:
        return {**first, "amount_html": money(first.get("amount"))}
    return {**first, "line_id": f"{first.get('line_id')}–{last.get('line_id')}", "note": f"{count} × base",
            "period": f"{first.get('period')} – {last.get('period')}", "for_period": f"{count} 个月 months",
            "amount_html": f"{money(first.get('amount'))} × {count} = {money(_sum(run))}"}


def _sum(lines: Iterable[Item]) -> Decimal | None:
    """The lines' amounts added up; unknown when any amount is not a number, rather than a wrong total."""
    try:
        return sum((Decimal(str(line.get("amount"))) for line in lines), Decimal(0))
    except InvalidOperation:
        return None


# End of a tenure ----------------------------------------------------------------------------------------------------
TENURE_APPRAISAL = (("任期得分", "Tenure score", bold("tenure_score")),
                    ("任期等级", "Tenure grade", bold("tenure_grade", grade)),
                    ("任期系数", "Coefficient", "tenure_coefficient"), ("依据", "Basis", "basis"),
                    ("年度得分", "Annual totals", joined("annual_totals")), ("定案", "Final", "final_on"),
                    ("制度版本", "Policy version", "policy_version"), ("退出触发", "Exit triggers", reasons("exit_triggers")))
TENURE_SETTLEMENT = (("任期系数", "Coefficient", "tenure_coefficient"), ("激励比例 %", "Incentive %", "incentive_pct"),
                     ("任期激励", "Tenure incentive", money_of("tenure_incentive")),
                     ("延期释放", "Retained released", money_of("retained_released")),
                     ("延期扣除", "Retained forfeited", money_of("retained_forfeited")), ("终止原因", "Ended by", "ended_by"),
                     ("薪酬退出", "Pay exit", lambda s: joined("on", "reason", "ref")(s.get("exit") or {})))
PROPOSALS = (("年度", "Year", "year"), ("依据", "Basis", "basis"), ("提出", "Proposed on", "proposed_on"),
             ("触发", "Triggers", reasons("triggers")), ("决定", "Decision", joined("decision")))
DECISIONS = (("提议", "Proposal", "proposal_id"), ("结果", "Outcome", "outcome"), ("理由", "Reason", "reason"),
             ("决定人", "Decided by", joined("decision_makers", sep=", ")), ("日期", "Decided on", "decided_on"),
             ("生效日", "Effective on", "effective_on"), ("文号", "Ref.", "decision_ref"))


def _tenure_end(entry: Item, tenure: Item) -> str:
    account = entry.get("pay_account") or {}
    # An exit can be paid out before any tenure settlement: either one is worth showing.
    settled = {**(account.get("tenure_settlement") or {}), "exit": account.get("exit")} if account else None
    settled = settled if settled and any(settled.values()) else None
    # Tenure incentive and released retention are paid for the tenure, not for a year: listed here, not under one.
    lines = [line for line in account.get("lines") or [] if not str(line.get("for_period", ""))[:4].isdigit()]
    return ('<div class="year">' + heading("h3", "任期终了", "End of tenure")
            + part("h4", "任期考核", "Tenure appraisal", facts(entry.get("tenure_appraisal"), TENURE_APPRAISAL))
            + part("h4", "任期结算", "Tenure settlement",
                    facts(settled, TENURE_SETTLEMENT) + (_lines(lines) if lines else ""))
            + part("h4", "退出建议", "Exit proposals", grid(entry.get("exit_proposals") or [], PROPOSALS))
            + part("h4", "退出决定", "Exit decisions", grid(tenure.get("exit_decisions") or [], DECISIONS)) + "</div>")
