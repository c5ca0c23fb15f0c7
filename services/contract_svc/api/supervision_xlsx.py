"""The supervisors' figures as a workbook: one sheet of figures (measure, item, value: rates and shares as
numbers), one of the managers behind them (not covered, moved). Codes are typed by people: every text cell is
written as text, never as a formula (as services/payroll_svc/api/exports.py does for payslips)."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COVERAGE = ("enterprises", "enterprises_covered", "enterprise_rate", "managers", "managers_covered", "manager_rate")
LEVEL = ("managers", "performance_share", "lowest_share", "minimum", "below_minimum")


def _number(value: Any) -> Any:
    """The payroll's decimal strings as numbers; anything else as it is."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def figures(answer: dict[str, Any]) -> list[list[Any]]:
    """(measure, item, value) rows of GET /supervision's answer."""
    rows: list[list[Any]] = [["measure", "item", "value"], ["as_of", "on", answer["on"].isoformat()]]
    rows += [["signing_coverage", key, answer["signing_coverage"][key]] for key in COVERAGE]
    pay = answer["pay"]
    for level in pay.get("performance_share_by_level", []):
        rows += [[f"performance_share.{level['level']}", key, _number(level[key])] for key in LEVEL]
    if "pay_followed_appraisal" in pay:
        rows += [["pay_followed_appraisal", key, _number(value)] for key, value in pay["pay_followed_appraisal"].items()]
    if "error" in pay:
        rows.append(["pay", "error", pay["error"]])
    moved = answer["moved_for_performance"]
    rows += [["moved_for_performance", "from", moved["since"].isoformat()], ["moved_for_performance", "out", moved["out"]],
             ["moved_for_performance", "down", moved["down"]]]
    return rows


def managers(answer: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [["list", "manager_code", "enterprise_code", "mode", "effective_on"]]
    rows += [["not_covered", code, None, None, None] for code in answer["signing_coverage"]["managers_not_covered"]]
    rows += [["moved_for_performance", m["manager_code"], m["enterprise_code"], m["mode"], m["effective_on"].isoformat()]
             for m in answer["moved_for_performance"]["managers"]]
    return rows


def _fill(sheet: Worksheet, rows: list[list[Any]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would type "=..." as a formula
                cell.quotePrefix = cell.value.startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠"))


def workbook(answer: dict[str, Any]) -> bytes:
    from openpyxl import Workbook  # imported when a workbook is asked for: ~14 MB a service need not hold idle

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "figures"
    _fill(first, figures(answer))
    _fill(book.create_sheet("managers"), managers(answer))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
