"""Exports are safe to open in a spreadsheet (issue 9): text that would run as a formula is written as text,
and the amounts stay the exact decimal strings the payroll computed, negative recoveries included."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from services.payroll_svc.api.exports import COLUMNS, as_csv, as_xlsx, table

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"pay\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "＝1+1"]


def line(note: str = "base 2023-02", amount: str = "16666.67", ref: str = "base-run:E:2023-02",
         kind: str = "base") -> dict[str, Any]:
    return {"period": "2023-02", "tenure_id": "7d1c0f39-1111-4a5e-9c1a-2f0d6c1e5b01", "line_id": "L1", "kind": kind,
            "amount": amount, "for_period": "2023-02", "cause": {"type": "clawback_decision", "ref": ref},
            "note": note, "corrects": None, "policy_version": 1}


def csv_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    found = list(csv.reader(io.StringIO(as_csv(table(rows)).decode("utf-8-sig"))))
    assert found[0] == list(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in found[1:]]


def xlsx_cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sheet = load_workbook(io.BytesIO(as_xlsx(table(rows)))).active
    found = list(sheet.iter_rows())
    assert [cell.value for cell in found[0]] == list(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in found[1:]]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_csv_cell_that_would_run_as_a_formula_is_written_after_a_single_quote(text: str) -> None:
    [row] = csv_rows([line(note=text, ref=text)])
    assert (row["note"], row["cause"]) == (f"'{text}", f"clawback_decision:{text}")  # the cause begins with its type


@pytest.mark.parametrize("text", FORMULAS)
def test_an_xlsx_cell_that_would_run_as_a_formula_is_a_string_cell(text: str) -> None:
    [row] = xlsx_cells([line(note=text)])
    assert (row["note"].data_type, row["note"].quotePrefix) == ("s", True)  # text, and text again once edited
    assert row["note"].value == text.replace("\r", "\n")  # XML reads a lone carriage return as a line feed
    with zipfile.ZipFile(io.BytesIO(as_xlsx(table([line(note=text)])))) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere in the file


def test_negative_amounts_stay_exact_decimal_strings_in_both_formats() -> None:
    rows = [line(), line(kind="clawback", amount="-1000.00", note="违规发放津贴"), line(kind="recovery", amount="-0.01")]
    assert [r["amount"] for r in csv_rows(rows)] == ["16666.67", "-1000.00", "-0.01"]  # no quote before a figure
    cells = xlsx_cells(rows)
    assert [(c["amount"].value, c["amount"].data_type) for c in cells] == [
        ("16666.67", "s"), ("-1000.00", "s"), ("-0.01", "s")]
    assert [c["policy_version"].value for c in cells] == [1, 1, 1]
    assert [c["note"].quotePrefix for c in cells] == [False, False, False]  # plain text is left as it is


def test_ordinary_text_is_written_unchanged() -> None:
    [row] = csv_rows([line(note="绩效年薪 2022：B 档 - 复核后", ref="董事会决议〔2023〕4号")])
    assert (row["note"], row["cause"], row["corrects"]) == (
        "绩效年薪 2022：B 档 - 复核后", "clawback_decision:董事会决议〔2023〕4号", "")


def test_text_that_looks_like_a_spreadsheet_error_stays_text_in_xlsx() -> None:
    [row] = xlsx_cells([line(note="#N/A")])
    assert (row["note"].value, row["note"].data_type) == ("#N/A", "s")


def test_a_control_character_in_a_reason_does_not_break_the_xlsx_export() -> None:
    [row] = xlsx_cells([line(note="追索\x07扣回")])
    assert row["note"].value == "追索\ufffd扣回"
