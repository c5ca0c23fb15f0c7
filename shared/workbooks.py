"""An XLSX workbook's sheets as rows of values, read in openpyxl's read-only (streaming) mode after its zip
archive is checked: an XLSX is a zip, and a small zip can declare entries of gigabytes. The HR office's uploads
(a sheet of actuals, an enterprise's roster of managers) are read here."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from shared.errors import InvalidInputError

MB = 1024 * 1024
MAX_COLUMNS = 50  # cells read of each row: the header's columns lie among them
MAX_UNPACKED = 50 * MB  # the entries' uncompressed sizes, in total: 20,000 rows of actuals are some 6 MB
MAX_RATIO = 100  # an entry's uncompressed size over its compressed size: a sheet's XML is 5 to 20
RATIO_EXEMPT = MB  # entries smaller than this cannot expand to harm, whatever their ratio
MAX_ENTRIES = 1_000  # a workbook has a dozen parts, a large one a few hundred
MAX_WHOLE_PART = 10 * MB  # a part openpyxl reads whole (all but the sheets: shared strings, styles)
SHEETS = "xl/worksheets/"  # the parts read as a stream


def first_sheet_rows(filename: str, file: IO[bytes], max_rows: int) -> Iterator[Sequence[Any]]:
    """The first sheet's rows (values only, at most MAX_COLUMNS wide) as the file is read; refused before
    anything is unpacked when the archive would expand too far or the sheet declares more than `max_rows`."""
    with _opened(filename, file) as workbook:
        yield from _rows(filename, workbook.worksheets[0], max_rows)


def named_sheets_rows(filename: str, file: IO[bytes], names: Sequence[str], max_rows: int,
                      columns: int = MAX_COLUMNS) -> dict[str, list[Sequence[Any]]]:
    """The rows of each sheet named (as `first_sheet_rows` reads them, `columns` wide), whatever the sheets'
    order; a name the workbook lacks is refused, naming the sheets it has."""
    with _opened(filename, file) as workbook:
        absent = [name for name in names if name not in workbook.sheetnames]
        if absent:
            raise InvalidInputError(
                f"{filename} has no sheet named {', '.join(absent)}; it has {', '.join(workbook.sheetnames)}",
                field="file", rule="spreadsheet_sheets",
            )
        return {name: list(_rows(filename, workbook[name], max_rows, columns)) for name in names}


@contextmanager
def _opened(filename: str, file: IO[bytes]) -> Iterator[Any]:
    _refuse_expansion(filename, file)
    from openpyxl import load_workbook  # imported when a workbook comes: ~14 MB a service need not hold idle

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise _unreadable() from None
    try:
        yield workbook
    except InvalidInputError:
        raise
    except Exception:  # noqa: BLE001 - damaged XML inside a sound archive
        raise _unreadable() from None
    finally:
        workbook.close()


def _rows(filename: str, sheet: Any, max_rows: int, columns: int = MAX_COLUMNS) -> Iterator[Sequence[Any]]:
    declared = sheet.max_row  # from the sheet's <dimension>, when it has one
    if declared is not None and declared > max_rows:
        raise InvalidInputError(
            f"{filename} declares {declared} rows in its sheet {sheet.title} (its dimension is "
            f"{sheet.calculate_dimension()}); at most {max_rows} are read: split it or delete the empty rows below "
            "its data", field="file", rule="spreadsheet_max_rows",
        )
    sheet.reset_dimensions()  # a dimension smaller than the data must not hide rows: read them all
    yield from sheet.iter_rows(max_col=columns, values_only=True)


def _refuse_expansion(filename: str, file: IO[bytes]) -> None:
    """The archive's directory, read without unpacking anything: its sizes bound what unpacking produces
    (zipfile stops an entry at its declared size)."""
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise _unreadable() from None
    finally:
        file.seek(0)
    excess = _excess(entries)
    if excess:
        raise InvalidInputError(
            f"{filename} is refused unread: {excess}; a workbook has at most {MAX_ENTRIES} entries, "
            f"{MAX_UNPACKED // MB} MB unpacked (any part but a sheet {MAX_WHOLE_PART // MB} MB), "
            f"none expanding more than {MAX_RATIO} times",
            field="file", rule="spreadsheet_expansion",
        )


def _excess(entries: list[zipfile.ZipInfo]) -> str | None:
    """What in the archive's directory is beyond the limits, if anything."""
    if len(entries) > MAX_ENTRIES:
        return f"it has {len(entries)} entries"
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED:
        return f"it unpacks to {unpacked} bytes"
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_EXEMPT and ratio > MAX_RATIO:
            return f"its entry {entry.filename[:100]!r} expands {ratio:.0f} times"
        if entry.file_size > MAX_WHOLE_PART and not entry.filename.startswith(SHEETS):
            return f"its entry {entry.filename[:100]!r} unpacks to {entry.file_size} bytes, to be read whole"
    return None


def _unreadable() -> InvalidInputError:
    return InvalidInputError("the file is not a readable XLSX workbook", field="file", rule="spreadsheet_format")
