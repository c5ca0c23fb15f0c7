"""The tenure record's sections: each tenure, its agreement and changes, its exit, each year and the end of the
tenure. Every code is printed in both languages (record_html.said)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from services.contract_svc.api.record_html import (DASH, Item, bold, code_of, facts, grade, grid, heading, joined,
                                                   money, money_of, part, said, text)
from services.contract_svc.api.record_pay import render_exit, render_lines, render_owed
from services.contract_svc.api.record_years import render_year

# One tenure ----------------------------------------------------------------------------------------------------------
TENURE = (("状态", "Status", code_of("status", "tenure_status")), ("岗位", "Position", code_of("position", "position")),
          ("层级", "Level", code_of("level", "level")),
          ("制度", "Policy", joined("policy_name", "policy_version", sep=" v")), ("生效", "Activated", "activated_on"),
          ("原定届满", "Agreed end", "original_end"),
          ("结束", "Ended", lambda t: f"{text(t.get('ended_on'))} {said('ended_reason')(t.get('ended_reason'))}"
           if t.get("ended_on") else DASH),
          ("试用期（月）", "Probation (months)", "probation_months"))
AGREEMENT = (("基本年薪", "Base pay", lambda a: money((a.get("pay") or {}).get("base"))),
             ("绩效年薪", "Performance pay", lambda a: money((a.get("pay") or {}).get("performance"))),
             ("前置研究", "Pre-review", joined("pre_review")), ("批准", "Approval", joined("approval")))
SIGNATURES = (("签署方", "Party", code_of("party", "party")), ("签署人", "Signer", "signer_name"),
              ("职务", "Role", code_of("signer_role", "signer_role")), ("日期", "Signed on", "signed_on"))
CHANGES = (("类型", "Change", "change"), ("日期", "Decided on", "decided_on"), ("内容", "What", "what"),
           ("理由", "Reason", "reason"), ("决定人", "Decided by", joined("decision_makers", sep=", ")),
           ("文号", "Ref.", "decision_ref"))


def render_tenure(entry: Item, record: Item) -> str:
    tenure = entry.get("tenure") or {}
    policy: Item = next((p for p in record.get("policies") or [] if p.get("id") == tenure.get("policy_id")), {})
    number, term = tenure.get("term_number", "?"), f" · {tenure.get('start', '?')} – {tenure.get('end', '?')}"
    agreement = tenure.get("agreement") or {}
    every = {str(line.get("line_id")): line for line in (entry.get("pay_account") or {}).get("lines") or []}
    return ('<section class="tenure">' + heading("h2", f"第 {number} 任期", f"Term {number}", escape(term))
            + facts({**tenure, "policy_name": policy.get("name")}, TENURE)
            + part("h3", "任期协议", "Tenure agreement", facts(agreement, AGREEMENT))
            + part("h4", "签字", "Signatures", grid(agreement.get("signatures") or [], SIGNATURES))
            + part("h3", "延期与终止", "Extensions and termination", grid(_changes(tenure), CHANGES))
            + render_exit(entry)
            + "".join(render_year(y, every, record, tenure.get("ended_on")) for y in entry.get("years") or [])
            + render_owed(entry.get("pay_account") or {}) + _tenure_end(entry, tenure, every) + "</section>")


def _changes(tenure: Item) -> list[Item]:
    """Extensions of the term, then its termination, as rows of one table."""
    rows = [{**e, "change": "延期 extension", "what": f"{e.get('previous_end')} → {e.get('new_end')}"}
            for e in tenure.get("extensions") or []]
    stop = tenure.get("termination")
    if not stop:
        return rows
    what = f"{said('exit_mode')(stop.get('mode'))}, 生效 effective {text(stop.get('effective_on'))}"
    return [*rows, {**stop, "change": "终止 termination", "what": what}]


# End of a tenure ----------------------------------------------------------------------------------------------------
def _triggers(key: str) -> object:
    return lambda item: "<br>".join(f"{said('trigger')(t.get('kind'))}: {text(t.get('reason'))}"
                                    for t in item.get(key) or [] if isinstance(t, Mapping)) or DASH


def _decision(proposal: Item) -> str:
    d = proposal.get("decision") or {}
    if not d:
        return DASH
    return (f"{said('exit_outcome')(d.get('outcome'))} · {said('exit_mode')(d.get('mode'))} · "
            f"{text(d.get('decided_on'))} · {text(d.get('decision_ref'))}")


TENURE_APPRAISAL = (("任期得分", "Tenure score", bold("tenure_score")),
                    ("任期等级", "Tenure grade", bold("tenure_grade", grade)),
                    ("任期系数", "Coefficient", "tenure_coefficient"), ("依据", "Basis", code_of("basis", "tenure_basis")),
                    ("年度得分", "Annual totals", joined("annual_totals")), ("定案", "Final", "final_on"),
                    ("制度版本", "Policy version", "policy_version"), ("退出触发", "Exit triggers", _triggers("exit_triggers")),
                    ("任期指标", "Tenure sheet", lambda t: _sheet((t.get("sheet") or {}).get("kpis"))),
                    ("重算", "Revised", lambda t: "<br>".join(_revision(r) for r in t.get("revisions") or []) or DASH))


def _sheet(kpis: object) -> str:
    """The tenure letter's own sheet, scored on the tenure figures: each KPI's actual, completion and score."""
    rows = [k for k in kpis or [] if isinstance(k, Mapping)] if isinstance(kpis, list) else []
    measured = [(k, k.get("actual") if k.get("actual") is not None else k.get("rating")) for k in rows]
    return "<br>".join(f"{text(k.get('code'))}: {text(value)} · {text(k.get('completion'))} · {text(k.get('score'))}"
                       for k, value in measured) or DASH


def _revision(revision: Item) -> str:
    return " · ".join(text(revision.get(k)) for k in ("year", "decided_on", "score", "reason", "decision_ref"))
TENURE_SETTLEMENT = (("任期系数", "Coefficient", "tenure_coefficient"), ("激励比例 %", "Incentive %", "incentive_pct"),
                     ("任期激励", "Tenure incentive", money_of("tenure_incentive")),
                     ("延期释放", "Retained released", money_of("retained_released")),
                     ("延期扣除", "Retained forfeited", money_of("retained_forfeited")),
                     ("终止原因", "Ended by", code_of("ended_by", "ended_reason")),
                     ("不予兑现", "Forfeited by", code_of("forfeited_by", "forfeited_by")),
                     ("薪酬退出", "Pay exit", lambda s: joined("on", "reason", "ref")(s.get("exit") or {})))
PROPOSALS = (("年度", "Year", "year"), ("依据", "Basis", code_of("basis", "proposal_basis")),
             ("提出", "Proposed on", "proposed_on"), ("触发", "Triggers", _triggers("triggers")),
             ("决定", "Decision", _decision))
_CONCLUSION = joined("decided_on", "by", "reason", "decision_ref")
OBSERVATIONS = (("年度", "Year", "year"), ("起", "Starts", "starts_on"), ("止", "Ends", "ends_on"),
                ("原因", "Why", "reason"), ("状态", "Status", code_of("status", "observation_status")),
                ("结论", "Conclusion", lambda period: _CONCLUSION(period.get("conclusion") or {})))
DECISIONS = (("提议", "Proposal", "proposal_id"), ("结果", "Outcome", code_of("outcome", "exit_outcome")),
             ("理由", "Reason", "reason"), ("决定人", "Decided by", joined("decision_makers", sep=", ")),
             ("日期", "Decided on", "decided_on"), ("生效日", "Effective on", "effective_on"),
             ("文号", "Ref.", "decision_ref"), ("依据规则", "By rule", lambda d: _by_rule(d.get("by_rule"))))


def _by_rule(by_rule: Item | None) -> str:
    """What an automatic removal rests on: its rule, the year and each KPI figure below its floor."""
    if not by_rule:
        return DASH
    figures = "; ".join(f"{text(f.get('kpi_code'))} {text(f.get('actual'))} / {text(f.get('target'))} = "
                        f"{text(f.get('completion'))} &lt; {text(f.get('floor'))}"
                        for f in by_rule.get("figures") or [] if isinstance(f, Mapping))
    return (f"{said('trigger')(by_rule.get('rule'))} · {text(by_rule.get('year'))} · {figures} · "
            f"基本生活费 living allowance {money(by_rule.get('living_allowance_monthly'))}/月")


def _tenure_end(entry: Item, tenure: Item, every: Mapping[str, Item]) -> str:
    account = entry.get("pay_account") or {}
    # An exit can be paid out before any tenure settlement: either one is worth showing.
    settled = {**(account.get("tenure_settlement") or {}), "exit": account.get("exit")} if account else None
    settled = settled if settled and any(settled.values()) else None
    # Tenure incentive and released retention are paid for the tenure, not for a year: listed here, not under one.
    lines = [line for line in account.get("lines") or [] if not str(line.get("for_period", ""))[:4].isdigit()]
    return ('<div class="year">' + heading("h3", "任期终了", "End of tenure")
            + part("h4", "任期考核", "Tenure appraisal", facts(entry.get("tenure_appraisal"), TENURE_APPRAISAL))
            + part("h4", "任期结算", "Tenure settlement",
                    facts(settled, TENURE_SETTLEMENT) + (render_lines(lines, every) if lines else ""))
            + part("h4", "观察期", "Observation periods", grid(entry.get("observation_periods") or [], OBSERVATIONS))
            + part("h4", "退出建议", "Exit proposals", grid(entry.get("exit_proposals") or [], PROPOSALS))
            + part("h4", "退出决定", "Exit decisions", grid(tenure.get("exit_decisions") or [], DECISIONS)) + "</div>")
