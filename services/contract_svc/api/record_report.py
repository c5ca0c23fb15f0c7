"""The tenure record as a printable bilingual (中文 / English) HTML page: self-contained, no script, A4 in print.

Every figure is one a service recorded; the page only folds runs of monthly base pay lines and adds lines up."""

from __future__ import annotations

from html import escape
from typing import Any

from services.contract_svc.api.record_html import (DASH, EMPTY, Item, code_of, facts, grid, heading, joined, moment, part, said,
                                                   text)
from services.contract_svc.api.record_sections import render_tenure
from services.contract_svc.api.record_timeline import TIMELINE_CSS, entry_day, render_timeline

UNLOGGED = frozenset({"payment", "measure"})  # listed in the pay and actuals tables; the log keeps to decisions
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
.exit { border-left: 4px solid #cf222e; padding-left: 14px; margin: 16px 0; } .exit h3 { color: #82071e; }
tr.objection td, tr.revision td, tr.line-arrears td, tr.line-recovery td, tr.line-clawback td { background: #fff8c5; }
.override b, b.owed { color: #82071e; } .tiers { white-space: nowrap; } .recorded-day { font-size: 7.5pt; }
figure { margin: 12px 0; border: 1px solid #d0d7de; padding: 8px; } figcaption { font-size: 8.5pt; color: #57606a; }
footer { margin-top: 24px; border-top: 1px solid #d0d7de; padding-top: 6px; font-size: 8.5pt; color: #57606a; }
@media print { body { padding: 0; max-width: none; font-size: 9pt; } section.tenure, section.log { break-before: page; }
  figure, tr, dl.facts div, .banner, .exit { break-inside: avoid; } h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; } }
"""


def render_report(record: dict[str, Any]) -> str:
    """The whole record as one HTML5 document."""
    manager = record.get("manager") or {}
    title = f"任期档案 Tenure record — {manager.get('name') or record.get('manager_id') or ''}"
    tenures = [render_tenure(t, record) for t in record.get("tenures") or []]
    body = [_header(record), _banner(record), _timeline(record),
            *(tenures or [f'<section class="tenure">{part("h2", "任期", "Tenures", EMPTY)}</section>']),
            _decision_log(record), _chain_heads(record), _footer(record)]
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{CSS}{TIMELINE_CSS}</style></head><body>{''.join(body)}</body></html>\n")


# Head and foot of the document ---------------------------------------------------------------------------------------
HEADER = (("职务", "Position", lambda r: " · ".join((text(r["manager"].get("title")), said("position")(r["manager"].get(
              "position")), said("level")(r["manager"].get("level"))))),
          ("企业", "Enterprise", lambda r: joined("name_zh", "name_en", "code")(r["firm"])),
          ("截至", "As of", lambda r: moment(r.get("as_of"))),
          ("生成时间", "Generated", lambda r: moment(r.get("generated_at"))),
          ("完整性", "Completeness", lambda r: '<span class="ok">完整 complete</span>' if r.get("complete")
           else '<span class="bad">不完整 incomplete</span>'),
          ("经理人编号", "Manager ID", lambda r: f'<span class="mono">{text(r.get("manager_id"))}</span>'))


def _header(record: Item) -> str:
    manager = record.get("manager") or {}
    firm: Item = next((e for e in record.get("enterprises") or [] if e.get("id") == manager.get("enterprise_id")), {})
    return ('<header><div class="kicker">经理层成员任期制和契约化管理 · Tenure system and contractual management</div>'
            f'{heading("h1", "任期档案", "Tenure record")}<p class="subject"><b>{text(manager.get("name"))}</b> '
            f'<span class="mono">{text(manager.get("code"))}</span></p>'
            f"{facts({**record, 'manager': manager, 'firm': firm}, HEADER)}</header>")


def _banner(record: Item) -> str:
    """When a service did not answer, say so before anything else: the figures below lack its part."""
    sources = (record.get("sources") or {}).items()
    missing = [(name, (s or {}).get("error")) for name, s in sources if not (s or {}).get("available")]
    if record.get("complete") and not missing:
        return ""
    names = "".join(f"<li><b>{text(name)}</b>: {text(error)}</li>" for name, error in missing) or f"<li>{DASH}</li>"
    return ('<div class="banner" role="alert"><strong>记录不完整 / Incomplete record.</strong> 以下服务未能提供数据，'
            f"相关部分缺失 / These services did not answer; their parts are missing below:<ul>{names}</ul></div>")


def _timeline(record: Item) -> str:
    return (f"<figure>{render_timeline(record)}<figcaption>任期时间轴：每个标记为一条已记录的事件，悬停可见详情 / "
            "Tenure timeline: each marker is one recorded event; hover over it for details.</figcaption></figure>")


def _footer(record: Item) -> str:
    return (f"<footer>生成于 Generated {moment(record.get('generated_at'))} · 截至 As of {moment(record.get('as_of'))}"
            f" · 经理人 Manager {text(record.get('manager_id'))}</footer>")


# The decision log and the chain heads --------------------------------------------------------------------------------
LOG = (("日期", "Date", lambda e: _day(e)), ("事件", "Event", code_of("type", "event")), ("类别", "Category", code_of("category", "category")),
       ("操作人", "Actor", "actor"),
       ("理由", "Reason", "reason"), ("制度版本", "Policy v.", "policy_version"), ("服务", "Service", "service"))
CHAINS = (("服务", "Service", "service"), ("聚合", "Aggregate", "aggregate"),
          ("流", "Stream", lambda s: f'<span class="mono">{text(s.get("stream_id"))}</span>'),
          ("版本", "Version", "version"),
          ("哈希前缀", "Hash prefix", lambda s: f'<span class="mono">{text(str(s.get("hash") or "")[:16])}</span>'))


def _day(entry: Item) -> str:
    """The business day of an entry; an event that carries none is placed on the day it was recorded, and says so."""
    if entry.get("effective_date"):
        return text(entry_day(entry))
    return f'{text(entry_day(entry))}<br><span class="en recorded-day">记录日 recorded on</span>'


def _decision_log(record: Item) -> str:
    entries = [e for e in record.get("timeline") or [] if e.get("category") not in UNLOGGED]
    return f'<section class="log">{part("h2", "决策日志", "Decision log", grid(entries, LOG))}</section>'


def _chain_heads(record: Item) -> str:
    streams = [{"service": name, **stream} for name, source in (record.get("sources") or {}).items()
               for stream in (source or {}).get("streams") or []]
    return ('<section class="chains">' + heading("h2", "链头", "Chain heads") + "<p>复核时，各流应仍有此版本与哈希 / "
            "To re-check later, each stream should still show this version and hash.</p>"
            f"{grid(streams, CHAINS)}</section>")
