"""Workbooks made by hand for the upload limits: a real XLSX of golden rows whose sheet XML is rewritten,
as a hostile or a careless producer would write it (blank rows by the hundred thousand, a false dimension,
megabytes of whitespace that compress to almost nothing)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping

SHEET = "xl/worksheets/sheet1.xml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024


def rewritten(content: bytes, dimension: str | None, extra: Iterable[bytes] = (),
              parts: Mapping[str, Iterable[bytes]] | None = None) -> tuple[str, bytes, str]:
    """A multipart `file` of the workbook `content` with its sheet's dimension set to `dimension` (None:
    without one), `extra` written into the sheet's data after its rows, and `parts` added to the archive."""
    with zipfile.ZipFile(io.BytesIO(content)) as original:
        kept = {name: original.read(name) for name in original.namelist()}
    sheet = kept.pop(SHEET).decode("utf-8")
    element = "" if dimension is None else f'<dimension ref="{dimension}" />'
    sheet = re.sub(r"<dimension [^>]*/>", element, sheet)
    head, tail = sheet.split("</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in kept.items():
            archive.writestr(name, data)
        with archive.open(SHEET, "w") as stream:
            stream.write(head.encode())
            for chunk in extra:
                stream.write(chunk)
            stream.write(f"</sheetData>{tail}".encode())
        for name, chunks in (parts or {}).items():
            with archive.open(name, "w") as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return "actuals.xlsx", out.getvalue(), XLSX


def blank_rows(first: int, count: int) -> Iterator[bytes]:
    """`count` empty row elements from row `first` on, as a sheet of empty formatting holds them."""
    for start in range(first, first + count, 10_000):
        yield b"".join(b'<row r="%d"/>' % n for n in range(start, min(start + 10_000, first + count)))


def data_row(number: int, manager_code: str = "M01") -> Iterator[bytes]:
    yield (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{manager_code}</t></is></c>'
           f'<c r="B{number}" t="n"><v>2022</v></c></row>').encode()


def whitespace(size: int) -> Iterator[bytes]:
    """`size` bytes of spaces between the sheet's elements: valid XML, and deflate shrinks it a thousandfold."""
    for start in range(0, size, MB):
        yield b" " * min(MB, size - start)


def noise(size: int) -> Iterator[bytes]:
    """`size` bytes that deflate shrinks some fortyfold, as it does real XML: no bomb, only large."""
    for _ in range(0, size, 10_000):
        yield os.urandom(200) * 50
