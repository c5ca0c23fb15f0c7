"""Reading the HR office's spreadsheets (CSV or XLSX) into rows, each with its row number."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from shared.errors import InvalidInputError

REQUIRED = ("manager_code", "year", "kpi_code", "value")
OPTIONAL = ("audited", "reference")


def read_rows(filename: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number as the spreadsheet shows it, {column: cell}) for every non-empty data row."""
    lowered = filename.lower()
    if lowered.endswith(".csv"):
        table = _csv(content)
    elif lowered.endswith((".xlsx", ".xlsm")):
        table = _xlsx(content)
    else:
        raise InvalidInputError("the file must be .csv or .xlsx", field="file", rule="spreadsheet_format")
    if not table:
        raise InvalidInputError("the file has no header row", field="file", rule="spreadsheet_header")
    header = [str(h or "").strip().lower() for h in table[0]]
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        raise InvalidInputError(
            f"the header lacks {', '.join(absent)}; expected {', '.join(REQUIRED + OPTIONAL)}",
            field="file", rule="spreadsheet_header",
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((number, {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}))
    return rows


def _csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError("a CSV file must be UTF-8", field="file", rule="spreadsheet_encoding") from None
    return [row for row in csv.reader(io.StringIO(text))]


def _xlsx(content: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise InvalidInputError("the file is not a readable XLSX workbook", field="file", rule="spreadsheet_format") from None
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
