"""The tenure record as a printable bilingual (中文 / English) HTML page: self-contained, no script, A4 in print.

Every figure is one a service recorded; the page only folds runs of monthly base pay lines and adds lines up."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from services.contract_svc.api.record_timeline import TIMELINE_CSS, render_timeline

DASH = '<span class="none">—</span>'
EMPTY = f'<p class="empty">{DASH}</p>'
GRADES = {"excellent": "优秀", "qualified": "合格", "basic": "基本合格", "unqualified": "不合格"}
UNLOGGED = frozenset({"payment", "measure"})  # listed in the pay and actuals tables; the log keeps to decisions
Item = Mapping[str, Any]
Field = tuple[str, str, str | Callable[[Item], str]]  # 中文, English, the item's key or a function giving HTML
CSS = """
@page { size: A4; margin: 15mm 13mm 17mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #57606a; } }
body { font: 10pt/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #1f2328; margin: 0 auto; max-width: 1180px; padding: 24px 32px;
  print-color-adjust: exact; -webkit-print-color-adjust: exact; }
h1 { font-size: 22pt; margin: 0 0 2px; } h2 { font-size: 14pt; border-bottom: 2px solid #24292f; margin: 28px 0 10px; }
h3 { font-size: 12pt; margin: 18px 0 6px; color: #0b3d62; } h4 { font-size: 10pt; margin: 12px 0 4px; color: #444c56; }
.en { font-weight: normal; color: #57606a; } .kicker { color: #57606a; font-size: 9pt; letter-spacing: .04em; }
.subject { font-size: 15pt; margin: 2px 0 10px; } .mono { font-family: monospace; font-size: 8.5pt; }
dl.facts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 5px 16px; margin: 6px 0 8px; }
dl.facts div { border-left: 3px solid #d0d7de; padding-left: 7px; } dd { margin: 0; }
dt { color: #57606a; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 9pt; }
th { background: #eef1f4; text-align: left; font-weight: 600; font-size: 8.5pt; } th .en { font-size: 7.5pt; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; vertical-align: top; } td:has(> .num) { text-align: right; }
tr.correction td { background: #fff8c5; } tr.total td { font-weight: 600; background: #f6f8fa; }
.none { color: #8c959f; } .ok { color: #1a7f37; } .bad { color: #cf222e; font-weight: 600; } p.empty { margin: 2px 0; }
.banner { border: 2px solid #cf222e; background: #ffebe9; padding: 10px 14px; margin: 14px 0; color: #82071e; }
.year { border-left: 4px solid #0b3d62; padding-left: 14px; margin: 16px 0; }
figure { margin: 12px 0; border: 1px solid #d0d7de; padding: 8px; } figcaption { font-size: 8.5pt; color: #57606a; }
footer { margin-top: 24px; border-top: 1px solid #d0d7de; padding-top: 6px; font-size: 8.5pt; color: #57606a; }
@media print { body { padding: 0; max-width: none; font-size: 9pt; } section.tenure, section.log { break-before: page; }
  figure, tr, dl.facts div, .banner { break-inside: avoid; } h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; } }
"""


def render_report(record: dict[str, Any]) -> str:
    """The whole record as one HTML5 document."""
    manager = record.get("manager") or {}
    title = f"任期档案 Tenure record — {manager.get('name') or record.get('manager_id') or ''}"
    tenures = [_tenure(t, record) for t in record.get("tenures") or []]
    body = [_header(record), _banner(record), _timeline(record),
            *(tenures or [f'<section class="tenure">{_part("h2", "任期", "Tenures", EMPTY)}</section>']),
            _decision_log(record), _chain_heads(record), _footer(record)]
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{CSS}{TIMELINE_CSS}</style></head><body>{''.join(body)}</body></html>\n")


# Formatting ----------------------------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    """Escaped text; an unknown value reads as a dash, so an empty field is visibly empty rather than missing."""
    if value is None or value == "" or value == [] or value == {}:
        return DASH
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    return escape(str(value))


def _money(value: Any) -> str:
    try:
        return f'<span class="num">{escape(f"{Decimal(str(value)):,}")}</span>' if value is not None else DASH
    except InvalidOperation:
        return _text(value)


def _grade(value: Any) -> str:
    return f"{GRADES[value]} {value}" if value in GRADES else _text(value)


def _money_of(key: str) -> Callable[[Item], str]:
    return lambda item: _money(item.get(key))


def _bold(key: str, show: Callable[[Any], str] = _text) -> Callable[[Item], str]:
    return lambda item: f"<b>{show(item.get(key))}</b>"


def _joined(*keys: str, sep: str = " · ") -> Callable[[Item], str]:
    """The item's values at `keys` (a nested object or list gives its values) as one line."""
    def get(item: Item) -> str:
        found = [item.get(k) for k in keys]
        flat = [v for f in found for v in (f.values() if isinstance(f, Mapping) else f if isinstance(f, list) else [f])]
        return _text(sep.join(str(v) for v in flat if v not in (None, "")))
    return get


def _reasons(key: str) -> Callable[[Item], str]:
    """Triggers or warnings, by their reasons."""
    def said(found: Any) -> str:
        return str(found.get("reason") or found.get("kind")) if isinstance(found, Mapping) else str(found)
    return lambda item: _text("; ".join(said(t) for t in item.get(key) or []))


def _moment(value: Any) -> str:
    try:
        return _text(datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M:%S %Z").strip()) if value else DASH
    except ValueError:
        return _text(value)


def _cell(item: Item, get: str | Callable[[Item], str]) -> str:
    return _text(item.get(get)) if isinstance(get, str) else get(item)


def _facts(item: Item | None, fields: Iterable[Field]) -> str:
    """A grid of labelled facts of `item`; a dash when there is no item at all."""
    if not item:
        return EMPTY
    cells = "".join(f"<div><dt>{zh} {en}</dt><dd>{_cell(item, get)}</dd></div>" for zh, en, get in fields)
    return f'<dl class="facts">{cells}</dl>'


def _grid(items: Sequence[Item], columns: Sequence[Field], row_class: Callable[[Item], str] = lambda _: "",
          foot: str = "") -> str:
    """A table of `items`, one row each, and an optional footer row; a dash when there are none."""
    if not items:
        return EMPTY
    head = "".join(f'<th>{zh}<br><span class="en">{en}</span></th>' for zh, en, _ in columns)
    rows = "".join(f'<tr class="{row_class(i)}">{"".join(f"<td>{_cell(i, get)}</td>" for _, _, get in columns)}</tr>'
                   for i in items)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>{foot}</table>"


def _heading(tag: str, zh: str, en: str, extra: str = "") -> str:
    return f'<{tag}>{escape(zh)} <span class="en">/ {escape(en)}</span>{extra}</{tag}>'


def _part(tag: str, zh: str, en: str, body: str) -> str:
    """A headed part; an empty one says so on its heading line rather than taking a line of its own."""
    return _heading(tag, zh, en, f" {DASH}") if body == EMPTY else _heading(tag, zh, en) + body


# Head and foot of the document ---------------------------------------------------------------------------------------
HEADER = (("职务", "Position", lambda r: _joined("title", "position", "level")(r["manager"])),
          ("企业", "Enterprise", lambda r: _joined("name_zh", "name_en", "code")(r["firm"])),
          ("截至", "As of", lambda r: _moment(r.get("as_of"))),
          ("生成时间", "Generated", lambda r: _moment(r.get("generated_at"))),
          ("完整性", "Completeness", lambda r: '<span class="ok">完整 complete</span>' if r.get("complete")
           else '<span class="bad">不完整 incomplete</span>'),
          ("经理人编号", "Manager ID", lambda r: f'<span class="mono">{_text(r.get("manager_id"))}</span>'))


def _header(record: Item) -> str:
    manager = record.get("manager") or {}
    firm: Item = next((e for e in record.get("enterprises") or [] if e.get("id") == manager.get("enterprise_id")), {})
    return ('<header><div class="kicker">经理层成员任期制和契约化管理 · Tenure system and contractual management</div>'
            f'{_heading("h1", "任期档案", "Tenure record")}<p class="subject"><b>{_text(manager.get("name"))}</b> '
            f'<span class="mono">{_text(manager.get("code"))}</span></p>'
            f"{_facts({**record, 'manager': manager, 'firm': firm}, HEADER)}</header>")


def _banner(record: Item) -> str:
    """When a service did not answer, say so before anything else: the figures below lack its part."""
    sources = (record.get("sources") or {}).items()
    missing = [(name, (s or {}).get("error")) for name, s in sources if not (s or {}).get("available")]
    if record.get("complete") and not missing:
        return ""
    names = "".join(f"<li><b>{_text(name)}</b>: {_text(error)}</li>" for name, error in missing) or f"<li>{DASH}</li>"
    return ('<div class="banner" role="alert"><strong>记录不完整 / Incomplete record.</strong> 以下服务未能提供数据，'
            f"相关部分缺失 / These services did not answer; their parts are missing below:<ul>{names}</ul></div>")


def _timeline(record: Item) -> str:
    return (f"<figure>{render_timeline(record)}<figcaption>任期时间轴：每个标记为一条已记录的事件，悬停可见详情 / "
            "Tenure timeline: each marker is one recorded event; hover over it for details.</figcaption></figure>")


def _footer(record: Item) -> str:
    return (f"<footer>生成于 Generated {_moment(record.get('generated_at'))} · 截至 As of {_moment(record.get('as_of'))}"
            f" · 经理人 Manager {_text(record.get('manager_id'))}</footer>")


# One tenure ----------------------------------------------------------------------------------------------------------
TENURE = (("状态", "Status", "status"), ("岗位", "Position", "position"), ("层级", "Level", "level"),
          ("制度", "Policy", _joined("policy_name", "policy_version", sep=" v")), ("生效", "Activated", "activated_on"),
          ("原定届满", "Agreed end", "original_end"), ("结束", "Ended", _joined("ended_on", "ended_reason")),
          ("试用期（月）", "Probation (months)", "probation_months"))
AGREEMENT = (("基本年薪", "Base pay", lambda a: _money((a.get("pay") or {}).get("base"))),
             ("绩效年薪", "Performance pay", lambda a: _money((a.get("pay") or {}).get("performance"))),
             ("前置研究", "Pre-review", _joined("pre_review")), ("批准", "Approval", _joined("approval")))
SIGNATURES = (("签署方", "Party", "party"), ("签署人", "Signer", "signer_name"), ("职务", "Role", "signer_role"),
              ("日期", "Signed on", "signed_on"))
CHANGES = (("类型", "Change", "change"), ("日期", "Decided on", "decided_on"), ("内容", "What", "what"),
           ("理由", "Reason", "reason"), ("决定人", "Decided by", _joined("decision_makers", sep=", ")),
           ("文号", "Ref.", "decision_ref"))


def _tenure(entry: Item, record: Item) -> str:
    tenure = entry.get("tenure") or {}
    policy: Item = next((p for p in record.get("policies") or [] if p.get("id") == tenure.get("policy_id")), {})
    number, term = tenure.get("term_number", "?"), f" · {tenure.get('start', '?')} – {tenure.get('end', '?')}"
    agreement = tenure.get("agreement") or {}
    return ('<section class="tenure">' + _heading("h2", f"第 {number} 任期", f"Term {number}", escape(term))
            + _facts({**tenure, "policy_name": policy.get("name")}, TENURE)
            + _part("h3", "任期协议", "Tenure agreement", _facts(agreement, AGREEMENT))
            + _part("h4", "签字", "Signatures", _grid(agreement.get("signatures") or [], SIGNATURES))
            + _part("h3", "延期与终止", "Extensions and termination", _grid(_changes(tenure), CHANGES))
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
             ("否决线", "Veto below", lambda k: _text(k.get("veto_below")) if k.get("veto") else DASH))
ACTUALS = (("编号", "Entry", "entry_id"), ("指标", "KPI", "kpi_code"), ("类型", "Kind", "kind"), ("数值", "Value", "value"),
           ("审计", "Audited", "audited"), ("来源", "Source", _joined("source", "evaluator", "reference")),
           ("更正", "Corrects", "corrects"), ("理由", "Reason", "reason"))
APPRAISAL = (("状态", "Status", "status"), ("制度版本", "Policy version", "policy_version"),
             ("确认", "Confirmed", "confirmed_on"), ("异议截止", "Objections until", "window_ends"),
             ("定案", "Final", "final_on"), ("总分", "Total", _bold("total")), ("否决", "Vetoed by", _joined("vetoed_by")),
             ("排名", "Rank", _joined("rank", "group_size", sep=" / ")),
             ("建议等级", "Proposed grade",
              lambda m: f"{_grade(m.get('proposed_grade'))}<br>{_text(m.get('grade_reason'))}"),
             ("调整", "Override", lambda m: _overridden(m.get("override"))),
             ("最终等级", "Final grade", _bold("grade", _grade)), ("退出触发", "Exit triggers", _reasons("exit_triggers")))
SCORES = (("指标", "Code", "code"), ("名称", "Name", "name"), ("权重", "Weight", "weight"), ("目标", "Target", "target"),
          ("实际", "Actual", lambda k: _text(k.get("actual") if k.get("actual") is not None else k.get("rating"))),
          ("完成率", "Completion", "completion"), ("得分", "Score", "score"), ("说明", "Note", "note"))
OBJECTIONS = (("编号", "Objection", "objection_id"), ("提出", "Filed", "filed_on"), ("理由", "Reason", "reason"),
              ("结果", "Outcome", "outcome"), ("决定理由", "Decision reason", "decision_reason"),
              ("决定日", "Decided on", "decided_on"))
REVISIONS = (("日期", "Decided on", "decided_on"), ("理由", "Reason", "reason"))
WARNINGS = (("类型", "Kind", "kind"), ("后果", "Consequence", "consequence"), ("理由", "Reason", "reason"))
SETTLEMENT = (("绩效目标", "Performance target", _money_of("performance_target")), ("等级", "Grade", _bold("grade", _grade)),
              ("兑现系数", "Rate", "rate"), ("绩效年薪", "Performance pay", _money_of("performance_pay")),
              ("延期支付", "Retained", _money_of("retained")), ("本期发放", "Paid now", _money_of("performance_paid_now")),
              ("扣发原因", "Forfeited by", "forfeited_by"), ("制度版本", "Policy version", "policy_version"))
LINES = (("编号", "Lines", "line_id"), ("期间", "Period", "period"), ("类别", "Kind", "kind"), ("所属", "For", "for_period"),
         ("金额", "Amount", lambda r: r["amount_html"]), ("说明", "Note", "note"), ("更正", "Corrects", "corrects"))


def _year(year: Item) -> str:
    number, entries = year.get("year"), (year.get("actuals") or {}).get("entries") or []
    return ('<div class="year">' + _heading("h3", f"{number} 年度", f"Year {number}")
            + _part("h4", "年度经营业绩责任书", "Annual letter in force", _letter(year.get("letter")))
            + _part("h4", "已知实际完成", "Actuals known",
                    _grid(entries, ACTUALS, lambda e: "correction" if e.get("corrects") else ""))
            + _appraisal(year.get("appraisal") or {})
            + _part("h4", "绩效结算", "Settlement", _facts(year.get("settlement"), SETTLEMENT))
            + _part("h4", "薪酬发放", "Payment lines", _lines(year.get("lines") or [])) + "</div>")


def _letter(letter: Item | None) -> str:
    if not letter:
        return EMPTY
    sheet = letter.get("in_force") or {}
    about = f"{_joined('key', 'status')(letter)} · v{_text(sheet.get('number'))} · {_text(sheet.get('signed_on'))}"
    return f"<p>{about}</p>{_grid(sheet.get('kpis') or [], KPI_SHEET)}"


def _overridden(override: Item | None) -> str:
    """The committee's grade, when it differs from the proposal, with the reason it was recorded with."""
    return f"{_grade(override.get('grade'))} · {_text(override.get('reason'))}" if override else DASH


def _appraisal(appraisal: Item) -> str:
    member = appraisal.get("member") or {}
    warnings = [*(member.get("warnings") or []), *(member.get("ranking_warnings") or [])]
    scores = _grid(member.get("kpis") or [], SCORES) if appraisal else ""
    return (_part("h4", "年度考核", "Annual appraisal", _facts(appraisal and {**member, **appraisal}, APPRAISAL) + scores)
            + _part("h4", "异议", "Objections", _grid(appraisal.get("objections") or [], OBJECTIONS))
            + _part("h4", "修订", "Revisions", _grid(appraisal.get("revisions") or [], REVISIONS))
            + _part("h4", "预警", "Warnings", _grid(warnings, WARNINGS)))


def _lines(lines: Sequence[Item]) -> str:
    """Pay lines, runs of monthly base lines of one amount folded into one row, then their total."""
    if not lines:
        return EMPTY
    total = f'<tfoot><tr class="total"><td colspan="4">合计 Total</td><td>{_money(_sum(lines))}</td><td colspan="2">'
    return _grid([_folded(run) for run in _runs(lines)], LINES, lambda r: "correction" if r.get("corrects") else "",
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
        return {**first, "amount_html": _money(first.get("amount"))}
    return {**first, "line_id": f"{first.get('line_id')}–{last.get('line_id')}", "note": f"{count} × base",
            "period": f"{first.get('period')} – {last.get('period')}", "for_period": f"{count} 个月 months",
            "amount_html": f"{_money(first.get('amount'))} × {count} = {_money(_sum(run))}"}


def _sum(lines: Iterable[Item]) -> Decimal | None:
    """The lines' amounts added up; unknown when any amount is not a number, rather than a wrong total."""
    try:
        return sum((Decimal(str(line.get("amount"))) for line in lines), Decimal(0))
    except InvalidOperation:
        return None


# End of a tenure, the decision log and the chain heads ---------------------------------------------------------------
TENURE_APPRAISAL = (("任期得分", "Tenure score", _bold("tenure_score")),
                    ("任期等级", "Tenure grade", _bold("tenure_grade", _grade)),
                    ("任期系数", "Coefficient", "tenure_coefficient"), ("依据", "Basis", "basis"),
                    ("年度得分", "Annual totals", _joined("annual_totals")), ("定案", "Final", "final_on"),
                    ("制度版本", "Policy version", "policy_version"), ("退出触发", "Exit triggers", _reasons("exit_triggers")))
TENURE_SETTLEMENT = (("任期系数", "Coefficient", "tenure_coefficient"), ("激励比例 %", "Incentive %", "incentive_pct"),
                     ("任期激励", "Tenure incentive", _money_of("tenure_incentive")),
                     ("延期释放", "Retained released", _money_of("retained_released")),
                     ("延期扣除", "Retained forfeited", _money_of("retained_forfeited")), ("终止原因", "Ended by", "ended_by"),
                     ("薪酬退出", "Pay exit", lambda s: _joined("on", "reason", "ref")(s.get("exit") or {})))
PROPOSALS = (("年度", "Year", "year"), ("依据", "Basis", "basis"), ("提出", "Proposed on", "proposed_on"),
             ("触发", "Triggers", _reasons("triggers")), ("决定", "Decision", _joined("decision")))
DECISIONS = (("提议", "Proposal", "proposal_id"), ("结果", "Outcome", "outcome"), ("理由", "Reason", "reason"),
             ("决定人", "Decided by", _joined("decision_makers", sep=", ")), ("日期", "Decided on", "decided_on"),
             ("文号", "Ref.", "decision_ref"))
LOG = (("日期", "Date", "date"), ("事件", "Event", "type"), ("类别", "Category", "category"), ("操作人", "Actor", "actor"),
       ("理由", "Reason", "reason"), ("制度版本", "Policy v.", "policy_version"), ("服务", "Service", "service"))
CHAINS = (("服务", "Service", "service"), ("聚合", "Aggregate", "aggregate"),
          ("流", "Stream", lambda s: f'<span class="mono">{_text(s.get("stream_id"))}</span>'),
          ("版本", "Version", "version"),
          ("哈希前缀", "Hash prefix", lambda s: f'<span class="mono">{_text(str(s.get("hash") or "")[:16])}</span>'))


def _tenure_end(entry: Item, tenure: Item) -> str:
    account = entry.get("pay_account") or {}
    # An exit can be paid out before any tenure settlement: either one is worth showing.
    settled = {**(account.get("tenure_settlement") or {}), "exit": account.get("exit")} if account else None
    settled = settled if settled and any(settled.values()) else None
    # Tenure incentive and released retention are paid for the tenure, not for a year: listed here, not under one.
    lines = [line for line in account.get("lines") or [] if not str(line.get("for_period", ""))[:4].isdigit()]
    return ('<div class="year">' + _heading("h3", "任期终了", "End of tenure")
            + _part("h4", "任期考核", "Tenure appraisal", _facts(entry.get("tenure_appraisal"), TENURE_APPRAISAL))
            + _part("h4", "任期结算", "Tenure settlement",
                    _facts(settled, TENURE_SETTLEMENT) + (_lines(lines) if lines else ""))
            + _part("h4", "退出建议", "Exit proposals", _grid(entry.get("exit_proposals") or [], PROPOSALS))
            + _part("h4", "退出决定", "Exit decisions", _grid(tenure.get("exit_decisions") or [], DECISIONS)) + "</div>")


def _decision_log(record: Item) -> str:
    entries = [e for e in record.get("timeline") or [] if e.get("category") not in UNLOGGED]
    return f'<section class="log">{_part("h2", "决策日志", "Decision log", _grid(entries, LOG))}</section>'


def _chain_heads(record: Item) -> str:
    streams = [{"service": name, **stream} for name, source in (record.get("sources") or {}).items()
               for stream in (source or {}).get("streams") or []]
    return ('<section class="chains">' + _heading("h2", "链头", "Chain heads") + "<p>复核时，各流应仍有此版本与哈希 / "
            "To re-check later, each stream should still show this version and hash.</p>"
            f"{_grid(streams, CHAINS)}</section>")
