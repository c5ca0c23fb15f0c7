"""One year of a tenure in the record: the letter in force (tiered targets shown tier by tier), the actuals known,
the appraisal with its override, objections and revisions, the settlement and the payment lines."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from services.contract_svc.api.record_changes import overridden, render_changes
from services.contract_svc.api.record_html import (DASH, EMPTY, Item, bold, code_of, facts, grade, grid, heading,
                                                   joined, money_of, part, said, text)
from services.contract_svc.api.record_pay import render_lines

TIERS = ("basic", "striving", "challenge")


def target(kpi: Item) -> str:
    """A KPI's target; a tiered one's three tiers, each named: 基本 basic / 奋斗 striving / 挑战 challenge."""
    tiers = kpi.get("tiers")
    if not isinstance(tiers, Mapping) or not tiers:
        return text(kpi.get("target"))
    named = [f'{said("tier")(tier)} <b>{text(tiers.get(tier))}</b>' for tier in TIERS if tier in tiers]
    return f'<span class="tiers">{" / ".join(named)}</span>'


def _rule(kpi: Item) -> str:
    reached = kpi.get("tier")
    return said("rule")(kpi.get("rule")) + (f"<br>达到 reached: {said('tier')(reached)}" if reached else "")


KPI_SHEET = (("指标", "Code", "code"), ("名称", "Name", "name"), ("权重", "Weight", "weight"), ("目标", "Target", target),
             ("规则", "Rule", code_of("rule", "rule")), ("方向", "Direction", code_of("direction", "direction")),
             ("主要指标", "Main", "main"),
             ("否决线", "Veto below", lambda k: text(k.get("veto_below")) if k.get("veto") else DASH))
ACTUALS = (("编号", "Entry", "entry_id"), ("指标", "KPI", "kpi_code"), ("类型", "Kind", code_of("kind", "entry_kind")),
           ("数值", "Value", "value"), ("审计", "Audited", "audited"),
           ("来源", "Source", lambda e: " · ".join([said("source")(e.get("source"))] + [
               text(e.get(k)) for k in ("evaluator", "reference") if e.get(k)])),
           ("更正", "Corrects", "corrects"), ("理由", "Reason", "reason"),
           ("录入日", "Entered on", "entered_on"))
APPRAISAL = (("状态", "Status", code_of("status", "appraisal_status")), ("制度版本", "Policy version", "policy_version"),
             ("确认", "Confirmed", "confirmed_on"), ("异议截止", "Objections until", "window_ends"),
             ("定案", "Final", "final_on"), ("总分", "Total", bold("total")), ("否决", "Vetoed by", joined("vetoed_by")),
             ("排名", "Rank", joined("rank", "group_size", sep=" / ")),
             ("建议等级", "Proposed grade",
              lambda m: f"{grade(m.get('proposed_grade'))}<br>{text(m.get('grade_reason'))}"),
             ("调整", "Override", lambda m: m["override_html"]),
             ("最终等级", "Final grade", bold("grade", grade)),
             ("退出触发", "Exit triggers", lambda m: _found(m.get("exit_triggers"))))
SCORES = (("指标", "Code", "code"), ("名称", "Name", "name"), ("权重", "Weight", "weight"), ("目标", "Target", target),
          ("规则", "Rule", _rule),
          ("实际", "Actual", lambda k: text(k.get("actual") if k.get("actual") is not None else k.get("rating"))),
          ("完成率", "Completion", "completion"), ("得分", "Score", "score"), ("说明", "Note", "note"))
WARNINGS = (("类型", "Kind", code_of("kind", "trigger")), ("后果", "Consequence", code_of("consequence", "consequence")),
            ("理由", "Reason", "reason"))
SETTLEMENT = (("绩效目标", "Performance target", money_of("performance_target")), ("等级", "Grade", bold("grade", grade)),
              ("兑现方式", "Mode", code_of("mode", "performance_mode")), ("兑现系数", "Rate", "rate"),
              ("绩效年薪", "Performance pay", money_of("performance_pay")),
              ("延期支付", "Retained", money_of("retained")), ("本期发放", "Paid now", money_of("performance_paid_now")),
              ("扣发原因", "Forfeited by", code_of("forfeited_by", "forfeited_by")),
              ("制度版本", "Policy version", "policy_version"))


def render_year(year: Item, every: Mapping[str, Item], record: Item, left_on: str | None = None) -> str:
    """One year; `left_on`, the day the tenure ended early, says why a year it ended in has no appraisal."""
    number, entries = year.get("year"), (year.get("actuals") or {}).get("entries") or []
    left = left_on if left_on and left_on[:4] == str(number) and not year.get("appraisal") else None
    return ('<div class="year">' + heading("h3", f"{number} 年度", f"Year {number}")
            + part("h4", "年度经营业绩责任书", "Annual letter in force", _letter(year.get("letter")))
            + part("h4", "已知实际完成", "Actuals known",
                    grid(entries, ACTUALS, lambda e: "correction" if e.get("corrects") else ""))
            + (_left_out(number, left) if left else _appraisal(year.get("appraisal") or {}, entries, record))
            + part("h4", "绩效结算", "Settlement", facts(year.get("settlement"), SETTLEMENT))
            + part("h4", "薪酬发放", "Payment lines", render_lines(year.get("lines") or [], every)) + "</div>")


def _letter(letter: Item | None) -> str:
    if not letter:
        return EMPTY
    sheet = letter.get("in_force") or {}
    status = said("letter_status")(letter.get("status"))
    about = f"{text(letter.get('key'))} · {status} · v{text(sheet.get('number'))} · {text(sheet.get('signed_on'))}"
    return f"<p>{about}</p>{grid(sheet.get('kpis') or [], KPI_SHEET)}"


def _left_out(year: object, left_on: str) -> str:
    return part("h4", "年度考核", "Annual appraisal",
                f'<p class="left-out">{escape(left_on)} 退出，不是 {year} 年度考核组成员 / Left on {escape(left_on)}: not a '
                f"member of the {year} appraisal group</p>")


def _found(found: object) -> str:
    """Triggers or warnings, each by its kind in both languages and its reason."""
    if not isinstance(found, list) or not found:
        return DASH
    return "<br>".join(f"{said('trigger')(t.get('kind'))}: {escape(str(t.get('reason') or ''))}"
                       if isinstance(t, Mapping) else text(t) for t in found)


def _appraisal(appraisal: Item, entries: list[Item], record: Item) -> str:
    member = appraisal.get("member") or {}
    warnings = [*(member.get("warnings") or []), *(member.get("ranking_warnings") or [])]
    scores = grid(member.get("kpis") or [], SCORES) if appraisal else ""
    shown = appraisal and {**member, **appraisal, "override_html": overridden(member, appraisal, record)}
    return (part("h4", "年度考核", "Annual appraisal", facts(shown, APPRAISAL) + scores)
            + render_changes(appraisal, entries, record)
            + part("h4", "预警", "Warnings", grid(warnings, WARNINGS)))
