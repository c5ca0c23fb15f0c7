"""A period's payslip lines as CSV or XLSX for the group payroll system, safe to open in a spreadsheet.

Text that reaches a payment line (a clawback's reason, a decision's reference) is typed by people; a cell
beginning with `=`, `+`, `-` or `@` (or a tab or carriage return) would run as a formula when the file is
opened (`=HYPERLINK(...)`). Such text is written as text: after a single quote in CSV, as a string cell
in XLSX. The amounts are written by this service as exact decimal strings and stay as they are: `-1000.00`
is a recovery, not a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any


COLUMNS = ("period", "tenure_id", "line_id", "kind", "amount", "for_period", "cause", "note", "corrects",
           "policy_version")
FIGURES = frozenset({"amount", "policy_version"})  # written by the service from Decimals and integers
# The full-width forms too: spreadsheet software in Chinese and Japanese locales may read them as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The header and one row per payment line, causes as `type:ref`."""
    return [list(COLUMNS)] + [[_cell(row[column]) for column in COLUMNS] for row in rows]


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_csv(cells: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([cells[0]] + [
        [f"'{value}" if column not in FIGURES and is_formula_like(value) else value
         for column, value in zip(COLUMNS, row, strict=True)]
        for row in cells[1:]
    ])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM tells spreadsheet software it is UTF-8


def as_xlsx(cells: list[list[Any]]) -> bytes:
    from openpyxl import Workbook  # imported when a workbook is asked for: ~14 MB a service need not hold idle
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    for row in cells:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in row])
    for row in sheet.iter_rows(min_row=2):
        for column, cell in zip(COLUMNS, row, strict=True):
            if column not in FIGURES and isinstance(cell.value, str):
                # openpyxl types any text beginning with "=" as a formula and "#N/A" as an error; text is text
                cell.data_type = "s"
                cell.quotePrefix = is_formula_like(cell.value)  # and stays text when edited in the spreadsheet
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Amounts stay exact decimal strings; a cause reads `type:ref`."""
    if isinstance(value, dict):
        return f"{value.get('type')}:{value.get('ref')}"
    return value
