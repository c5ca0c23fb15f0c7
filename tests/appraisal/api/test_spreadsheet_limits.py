"""The limits of a spreadsheet upload, each refused as a problem naming the file and the rule, with nothing
recorded of the good rows the file also holds: a run of blank rows, more rows than a file may hold (counted
or declared), an XLSX that would unpack too far (a zip bomb), a CSV that is not UTF-8."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import httpx
import pytest

from tests.appraisal.api.helpers import YEAR, csv_file, golden_rows, group, refused, xlsx_file
from tests.appraisal.api.test_refused_actuals import nothing_recorded_for
from tests.appraisal.api.workbook_files import MB, blank_rows, data_row, noise, rewritten, whitespace
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created


def golden_workbook() -> bytes:
    """M01's three golden actuals in rows 2 to 4: good rows, recorded unless the file is refused."""
    return xlsx_file(golden_rows(("M01",)))[1]


def upload(services: Services, file: tuple[str, bytes, str]) -> Coroutine[Any, Any, httpx.Response]:
    """The upload, to be sent by `refused` (which notes the time first) or awaited."""
    return services.appraisal.post("/actuals/upload", files={"file": file})


@pytest.mark.parametrize("below", ["blank row elements", "a gap to the last row of a sheet"])
async def test_a_run_of_1000_blank_rows_ends_the_reading_and_refuses_the_file(services, below: str) -> None:
    [m01] = await group(services, size=1)
    # 300,000 rows of nothing, then a row; or one row at 1,048,576, which openpyxl fills up to with blank rows
    extra = [*blank_rows(5, 300_000), *data_row(300_005)] if below == "blank row elements" else data_row(1_048_576)
    file = rewritten(golden_workbook(), dimension=None, extra=extra)
    problem = await refused(services, upload(services, file), 422, "file", "spreadsheet_blank_rows")
    assert "rows 5 to 1004 of actuals.xlsx are blank" in problem["detail"]  # read no further than row 1,004
    await nothing_recorded_for(services, m01)


async def test_a_sheet_declaring_more_rows_than_a_file_may_hold_is_refused_before_its_rows_are_read(services) -> None:
    [m01] = await group(services, size=1)
    file = rewritten(golden_workbook(), dimension="A1:F2000000")
    problem = await refused(services, upload(services, file), 422, "file", "spreadsheet_max_rows")
    assert "declares 2000000 rows" in problem["detail"]
    await nothing_recorded_for(services, m01)


async def test_a_sheet_whose_dimension_is_smaller_than_its_data_hides_none_of_its_rows(services) -> None:
    await group(services, size=1)
    entries = await created(upload(services, rewritten(golden_workbook(), dimension="A1:F2")))
    assert [e["kpi_code"] for e in entries] == ["revenue", "profit", "cost_rate"]


async def test_an_xlsx_that_would_unpack_beyond_50_mb_is_refused_unread(services) -> None:
    [m01] = await group(services, size=1)
    file = rewritten(golden_workbook(), dimension="A1:F4", extra=whitespace(60 * MB))
    assert len(file[1]) < MB  # sixty megabytes of sheet in a file of a few hundred kilobytes
    problem = await refused(services, upload(services, file), 422, "file", "spreadsheet_expansion")
    assert "unpacks to" in problem["detail"]
    await nothing_recorded_for(services, m01)


async def test_an_xlsx_entry_that_expands_a_thousandfold_is_refused_unread(services) -> None:
    [m01] = await group(services, size=1)
    file = rewritten(golden_workbook(), dimension="A1:F4", extra=whitespace(8 * MB))  # within 50 MB in total
    problem = await refused(services, upload(services, file), 422, "file", "spreadsheet_expansion")
    assert "xl/worksheets/sheet1.xml" in problem["detail"] and "expands" in problem["detail"]
    await nothing_recorded_for(services, m01)


async def test_an_xlsx_part_read_whole_is_refused_unread_beyond_10_mb(services) -> None:
    [m01] = await group(services, size=1)
    file = rewritten(golden_workbook(), dimension="A1:F4", parts={"xl/sharedStrings.xml": noise(12 * MB)})
    problem = await refused(services, upload(services, file), 422, "file", "spreadsheet_expansion")
    assert "xl/sharedStrings.xml" in problem["detail"] and "read whole" in problem["detail"]
    await nothing_recorded_for(services, m01)


async def test_a_file_holds_at_most_20000_rows_of_actuals(services) -> None:
    [m01] = await group(services, size=1)
    unknown = [["M99", YEAR, "revenue", "1", "yes", None]] * 19_997  # rows 5 to 20,001: the 20,000th row of actuals
    problem = await refused(services, upload(services, csv_file([*golden_rows(("M01",)), *unknown])),
                            422, "file", "spreadsheet_rows")  # read, and refused row by row
    assert len(problem["errors"]) == 19_997 and problem["errors"][-1]["row"] == 20_001
    over = csv_file([*golden_rows(("M01",)), *unknown, ["M01", YEAR, "party", "90", "yes", None]])
    problem = await refused(services, upload(services, over), 422, "file", "spreadsheet_max_rows")
    assert "actuals.csv" in problem["detail"] and "row 20002" in problem["detail"]
    await nothing_recorded_for(services, m01)


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
async def test_a_csv_file_must_be_utf8(services, encoding: str) -> None:
    [m01] = await group(services, size=1)
    name, content, kind = csv_file(golden_rows(("M01",)))  # its references are Chinese: 审计报告〔2023〕12号
    file = (name, content.decode("utf-8").encode(encoding), kind)
    problem = await refused(services, upload(services, file), 422, "file", "spreadsheet_encoding")
    assert "actuals.csv is not UTF-8" in problem["detail"]
    await nothing_recorded_for(services, m01)


async def test_a_csv_file_in_utf8_with_the_byte_order_mark_excel_writes_is_read(services) -> None:
    await group(services, size=1)
    name, content, kind = csv_file(golden_rows(("M01",)))
    entries = await created(upload(services, (name, b"\xef\xbb\xbf" + content, kind)))
    assert [e["reference"] for e in entries] == ["审计报告〔2023〕12号"] * 3


@pytest.mark.parametrize("character", ["\x00", "\u202e"])
async def test_a_cell_with_a_nul_or_a_bidi_override_is_a_bad_row_naming_its_column(services, character: str) -> None:
    [m01] = await group(services, size=1)
    rows = golden_rows(("M01",))
    rows[1][5] = f"审计报告{character}〔2023〕12号"
    problem = await refused(services, upload(services, csv_file(rows)), 422, "file", "spreadsheet_rows")
    assert [(e["row"], e["field"], e["rule"]) for e in problem["errors"]] == [
        (3, "reference", "text_forbidden_character")]
    await nothing_recorded_for(services, m01)
