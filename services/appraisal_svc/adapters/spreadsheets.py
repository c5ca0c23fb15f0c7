"""Reading the HR office's spreadsheets (CSV or XLSX) into rows, each with its row number, within limits.

A file is read as a stream, one row at a time, and reading stops at the first limit broken: an upload of a
few hundred kilobytes can otherwise unpack to gigabytes (a zip bomb) or to millions of blank rows, and
cost minutes of a worker and its memory. Reading blocks: the caller runs it in a thread.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import closing
from typing import IO, Any

from shared.errors import InvalidInputError
from shared.workbooks import MAX_COLUMNS, first_sheet_rows

REQUIRED = ("manager_code", "year", "kpi_code", "value")
OPTIONAL = ("audited", "reference")
MAX_ROWS = 20_000  # rows of actuals in one file: a group's year is a few thousand; split anything larger
BLANK_RUN = 1_000  # consecutive blank rows: no sheet of actuals has them, a sheet of empty formatting does

Row = tuple[int, dict[str, Any]]


def read_rows(filename: str, file: IO[bytes]) -> list[Row]:
    """(row number as the spreadsheet shows it, {column: cell}) for every non-blank data row."""
    lowered = filename.lower()
    if lowered.endswith(".csv"):
        table = _csv_rows(filename, file)
    elif lowered.endswith((".xlsx", ".xlsm")):
        table = first_sheet_rows(filename, file, max_rows=MAX_ROWS + 1)
    else:
        raise InvalidInputError("the file must be .csv or .xlsx", field="file", rule="spreadsheet_format")
    with closing(table):
        return _data_rows(filename, table)


def _data_rows(filename: str, table: Iterator[Sequence[Any]]) -> list[Row]:
    header = _header(next(table, None))
    rows: list[Row] = []
    blanks = 0
    for number, cells in enumerate(table, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            blanks += 1
            if blanks == BLANK_RUN:
                raise InvalidInputError(
                    f"rows {number - BLANK_RUN + 1} to {number} of {filename} are blank, and it is not read on: "
                    "delete the blank rows (and anything below them) and send it again",
                    field="file", rule="spreadsheet_blank_rows",
                )
            continue
        blanks = 0
        if number > MAX_ROWS + 1:
            raise too_many_rows(filename, f"row {number} is below row {MAX_ROWS + 1}")
        rows.append((number, {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}))
    return rows


def too_many_rows(filename: str, why: str) -> InvalidInputError:
    return InvalidInputError(
        f"{filename} has more than {MAX_ROWS} rows of actuals ({why}); split it into files of at most {MAX_ROWS}",
        field="file", rule="spreadsheet_max_rows",
    )


def _header(cells: Sequence[Any] | None) -> list[str]:
    if cells is None:
        raise InvalidInputError("the file has no header row", field="file", rule="spreadsheet_header")
    header = [str(h or "").strip().lower() for h in cells[:MAX_COLUMNS]]
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        raise InvalidInputError(
            f"the header lacks {', '.join(absent)}; expected {', '.join(REQUIRED + OPTIONAL)} "
            f"among its first {MAX_COLUMNS} columns",
            field="file", rule="spreadsheet_header",
        )
    return header


def _csv_rows(filename: str, file: IO[bytes]) -> Iterator[Sequence[Any]]:
    """The CSV's rows as decoded, line by line: UTF-8, with or without the byte order mark Excel writes."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"{filename} is not UTF-8 text (byte 0x{error.object[error.start]:02X} cannot be read): "
            "save it as \"CSV UTF-8\"",
            field="file", rule="spreadsheet_encoding",
        ) from None
    except csv.Error as error:
        raise InvalidInputError(f"{filename} is not a readable CSV file: {error}", field="file",
                                rule="spreadsheet_format") from None
    finally:
        text.detach()  # the upload's file is its owner's to close
