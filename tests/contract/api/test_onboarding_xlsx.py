"""Onboarding from the HR office's roster workbook: the same managers in force as from the JSON roster, its cells
typed as Excel types them, and every bad cell named by its sheet, row and column with nothing brought in."""

from __future__ import annotations

import copy
import hashlib
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tenurectl.onboarding import onboarding_body, roster_workbook
from tests.contract.api.helpers import assert_nothing_written_since, assert_problem, created
from tests.contract.api.test_onboarding import IMPORTER, SCENARIO, enterprise_with_policy

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
SOURCE = "档案室 任期制契约化管理签约材料"


async def uploaded(api: httpx.AsyncClient, enterprise_id: str, workbook: bytes,
                   filename: str = "花名册.xlsx") -> httpx.Response:
    return await api.post(f"/enterprises/{enterprise_id}/onboarding/upload", data={"source": SOURCE},
                          files={"file": (filename, workbook)}, headers=IMPORTER)


def edited(workbook: bytes, change: Any) -> bytes:
    """The workbook after `change(book)`, saved again."""
    book = load_workbook(io.BytesIO(workbook))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def typed_as_excel(book: Any) -> None:
    """Dates as date cells and figures as number cells, as the HR office's Excel keeps them."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else None
                if text and len(text) == 10 and text[4] == "-" and text[7] == "-":
                    cell.value = date.fromisoformat(text)
                elif text and text.replace(".", "", 1).isdigit() and sheet.cell(1, cell.column).value != "code":
                    cell.value = float(text) if "." in text else int(text)


def column(book: Any, sheet: str, name: str) -> int:
    return next(c.column for c in book[sheet][1] if c.value == name)


async def test_a_roster_workbook_brings_in_the_managers_the_same_json_roster_would(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)
    body = onboarding_body(SCENARIO)
    workbook = edited(roster_workbook(body), typed_as_excel)
    answer = await created(uploaded(api, enterprise["id"], workbook))
    assert (answer["format"], answer["source"]) == ("xlsx", SOURCE)
    assert answer["digest"] == hashlib.sha256(workbook).hexdigest()
    assert [m["code"] for m in answer["managers"]] == SCENARIO.manager_codes
    for brought, manager in zip(answer["managers"], body["managers"], strict=True):
        tenure = (await api.get(f"/tenures/{brought['tenure_id']}")).json()
        assert (tenure["status"], tenure["start"], tenure["end"]) == ("active", manager["start"], manager["end"])
        assert {k: Decimal(v) for k, v in tenure["agreement"]["pay"].items()} == {
            k: Decimal(str(v)) for k, v in manager["agreement"]["pay"].items()}
        assert len(tenure["letters"]) == len(manager["letters"]) and {x["status"] for x in tenure["letters"]} == {"signed"}


async def test_every_bad_cell_is_named_by_sheet_row_and_column_and_nobody_is_brought_in(
    api: httpx.AsyncClient,
) -> None:
    enterprise = await enterprise_with_policy(api)

    def spoilt(book: Any) -> None:
        book["managers"].cell(3, column(book, "managers", "level")).value = None  # the second manager's
        book["kpis"].cell(4, column(book, "kpis", "weight")).value = "三十"
        book["letters"].append(["X99"])

    since = datetime.now(UTC)
    problem = assert_problem(await uploaded(api, enterprise["id"], edited(roster_workbook(onboarding_body(SCENARIO)),
                                                                          spoilt)), 422, "file", "spreadsheet_rows")
    letters = load_workbook(io.BytesIO(roster_workbook(onboarding_body(SCENARIO))))["letters"].max_row
    assert sorted((e["sheet"], e["row"], e["column"], e["rule"]) for e in problem["errors"]) == [
        ("kpis", 4, "weight", "decimal_parsing"), ("letters", letters + 1, "manager_code", "known_manager"),
        ("managers", 3, "level", "missing")]
    await assert_nothing_written_since(api, since)


async def test_a_refusal_of_the_onboarding_steps_names_its_sheet_and_row(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)
    body = copy.deepcopy(onboarding_body(SCENARIO))
    body["managers"][2]["letters"][1]["signatures"][0]["signer_name"] = "张三"  # holds no board authorisation
    since = datetime.now(UTC)
    problem = assert_problem(await uploaded(api, enterprise["id"], roster_workbook(body)), 422,
                             "managers.2.letters.1.signer_name", "signing_authority")
    row = 2 + sum(len(m["letters"]) for m in body["managers"][:2]) + 1  # the header, the letters before, then it
    assert problem["detail"].startswith(f"sheet letters, row {row}, column signer_name: manager 2")
    assert [(e["sheet"], e["row"]) for e in problem["errors"]] == [("letters", row)]
    await assert_nothing_written_since(api, since)


async def test_a_workbook_without_the_roster_sheets_or_not_a_workbook_is_refused(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)
    workbook = roster_workbook(onboarding_body(SCENARIO))
    without = edited(workbook, lambda book: book.remove(book["kpis"]))
    problem = assert_problem(await uploaded(api, enterprise["id"], without), 422, "file", "spreadsheet_sheets")
    assert "kpis" in problem["detail"]
    assert_problem(await uploaded(api, enterprise["id"], workbook, "roster.csv"), 422, "file", "spreadsheet_format")
    nobody = edited(workbook, lambda book: book["managers"].delete_rows(2, book["managers"].max_row))
    assert_problem(await uploaded(api, enterprise["id"], nobody), 422, "file", "too_short")
    assert_problem(await uploaded(api, enterprise["id"], b"PK not a zip", "roster.xlsx"), 422, "file",
                   "spreadsheet_format")


async def test_a_column_no_field_is_named_by_is_a_bad_cell_not_a_field_left_out(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)

    def misspelt(book: Any) -> None:
        book["managers"].cell(1, column(book, "managers", "title")).value = "titel"

    problem = assert_problem(await uploaded(api, enterprise["id"], edited(roster_workbook(onboarding_body(SCENARIO)),
                                                                          misspelt)), 422, "file", "spreadsheet_rows")
    assert {(e["sheet"], e["column"], e["rule"]) for e in problem["errors"]} == {("managers", "titel", "extra_forbidden")}
