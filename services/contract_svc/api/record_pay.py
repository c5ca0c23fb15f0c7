"""Pay in the tenure record: payment lines (each correction naming the line it corrects), clawbacks and the owed
balance, and an exit's effect on pay. The figures are payroll's; the page only folds runs of equal monthly base
lines and adds lines up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from services.contract_svc.api.record_html import (DASH, EMPTY, Item, code_of, facts, grid, joined, money, money_of,
                                                   part, said, text)

LINES = (("编号", "Lines", "line_id"), ("期间", "Period", "period"), ("类别", "Kind", code_of("kind", "line_kind")),
         ("所属", "For", "for_period"), ("金额", "Amount", lambda r: r["amount_html"]), ("说明", "Note", "note"),
         ("依据", "Cause", lambda r: _cause(r.get("cause") or {})), ("更正", "Corrects", lambda r: r["corrects_html"]))
CLAWBACKS = (("编号", "Line", "line_id"), ("期间", "Period", "period"), ("类别", "Kind", code_of("kind", "line_kind")),
             ("金额", "Amount", money_of("amount")), ("文号", "Decision ref.", lambda r: text((r.get("cause") or {}).get("ref"))),
             ("说明", "Note", "note"), ("更正", "Corrects", "corrects"))
OWED = (("追索扣回合计", "Clawed back", lambda a: money(_sum(_kind(a, "clawback")))),
        ("欠款余额", "Owed balance", lambda a: f'<b class="owed">{money(a.get("owed"))}</b>'),
        ("延期绩效扣除", "Retained forfeited", money_of("retained_forfeited")))
EXIT = (("方式", "Mode", code_of("mode", "exit_mode")), ("因故", "For cause", lambda x: text(x.get("for_cause"))),
        ("决定日", "Decided on", "decided_on"), ("生效日", "Effective on", lambda x: f"<b>{text(x.get('effective_on'))}</b>"),
        ("决定人", "Decided by", joined("decision_makers", sep=", ")), ("文号", "Decision ref.", "decision_ref"),
        ("理由", "Reason", "reason"), ("薪酬记录", "Payroll's record", lambda x: _paid_exit(x.get("pay") or {})))
EFFECT = (("当年基本年薪（至生效日）", "Base paid that year (through the effective date)", money_of("base_paid")),
          ("折算比例", "Pro-rata factor", "fraction"),
          ("当年绩效目标（折算）", "That year's performance target (pro-rated)", money_of("performance_target")),
          ("当年绩效年薪", "That year's performance pay", lambda s: f"{money(s.get('performance_pay'))} · "
           f"{said('forfeited_by')(s.get('forfeited_by'))}"),
          ("延期绩效", "Retained pay", lambda s: f"{money(s.get('retained_forfeited'))} 扣除 forfeited"),
          ("任期激励", "Tenure incentive", lambda s: s["incentive"]))


def render_lines(lines: Sequence[Item], every: Mapping[str, Item]) -> str:
    """Pay lines, runs of monthly base lines of one amount folded into one row, then their total. `every` is the
    account's lines by id, so that a correction names the line it corrects, wherever that is."""
    if not lines:
        return EMPTY
    total = f'<tfoot><tr class="total"><td colspan="4">合计 Total</td><td>{money(_sum(lines))}</td><td colspan="3">'
    rows = [{**_folded(run), "corrects_html": _corrects(run[0], every)} for run in _runs(lines)]
    return grid(rows, LINES, lambda r: f"correction line-{r.get('kind')}" if r.get("corrects") else f"line-{r.get('kind')}",
                f"{total}</td></tr></tfoot>")


def render_owed(account: Item) -> str:
    """Clawbacks and what the payslips could not cover: the owed balance and its recovery."""
    owing = [line for line in account.get("lines") or [] if line.get("kind") in ("clawback", "owed", "owed_recovery")]
    if not owing and not _is_nonzero(account.get("owed")):
        return ""
    return part("h3", "追索扣回与欠款", "Clawbacks and owed pay", facts(account, OWED) + grid(owing, CLAWBACKS))


def render_exit(entry: Item) -> str:
    """The exit (contract's termination, payroll's record of it) and what it did to pay in the year it took effect."""
    tenure, account = entry.get("tenure") or {}, entry.get("pay_account") or {}
    stop, paid = tenure.get("termination"), account.get("exit")
    if not stop and not paid:
        return ""
    exit_ = {**(stop or {}), "for_cause": (paid or {}).get("for_cause"), "pay": paid}
    on = str((stop or {}).get("effective_on") or (paid or {}).get("on") or "")
    year = on[:4]
    settled = (account.get("settlements") or {}).get(year) or {}
    base = [line for line in account.get("lines") or [] if line.get("kind") == "base" and
            str(line.get("for_period", "")).startswith(year)]
    effect = {**settled, "base_paid": _sum(base), "retained_forfeited": account.get("retained_forfeited"),
              "incentive": _incentive(entry, account)} if paid else None
    return ('<div class="exit">' + part("h3", "退出", "Exit", facts(exit_, EXIT))
            + part("h4", f"退出对薪酬的影响（{year} 年）", f"Effect of the exit on pay ({year})", facts(effect, EFFECT))
            + "</div>")


def _paid_exit(paid: Item) -> str:
    if not paid:
        return DASH
    return f"{text(paid.get('on'))} · {said('ended_reason')(paid.get('reason'))} · {text(paid.get('ref'))}"


def _incentive(entry: Item, account: Item) -> str:
    settled = account.get("tenure_settlement")
    if settled:
        return f"{money(settled.get('tenure_incentive'))} · {said('forfeited_by')(settled.get('forfeited_by'))}"
    if entry.get("tenure_appraisal") is None:
        return "不予兑现：无任期考核 forfeited: no tenure appraisal"
    return DASH


def _cause(cause: Item) -> str:
    return f"{said('cause')(cause.get('type'))}" if cause else DASH


def _corrects(line: Item, every: Mapping[str, Item]) -> str:
    """The line a correction corrects, named with what it was."""
    corrected = line.get("corrects")
    if not corrected:
        return DASH
    was = every.get(str(corrected)) or {}
    what = f" · {said('line_kind')(was.get('kind'))} {text(was.get('for_period'))} {money(was.get('amount'))}" if was else ""
    return f'<span class="corrects"><b>{text(corrected)}</b>{what}</span>'


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


def _kind(account: Item, kind: str) -> list[Item]:
    return [line for line in account.get("lines") or [] if line.get("kind") == kind]


def _is_nonzero(value: object) -> bool:
    try:
        return value is not None and Decimal(str(value)) != 0
    except InvalidOperation:
        return False


def _sum(lines: Iterable[Item]) -> Decimal | None:
    """The lines' amounts added up; unknown when any amount is not a number, rather than a wrong total."""
    try:
        return sum((Decimal(str(line.get("amount"))) for line in lines), Decimal(0))
    except InvalidOperation:
        return None
