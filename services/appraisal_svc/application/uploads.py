"""A spreadsheet of actuals: every row checked, every bad row reported by number, all recorded or none.

The file is read in a thread (reading is blocking work that would stall every other request), within the
limits of adapters/spreadsheets.py; its managers' tenures are then looked up in one query and its actuals
recorded as one batch: a query per ledger, not per row.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement

from services.appraisal_svc.adapters.manager_tenures import ManagerTenures
from services.appraisal_svc.adapters.spreadsheets import read_rows
from services.appraisal_svc.application.actuals import ActualsBatch
from services.appraisal_svc.application.commands import RecordActual
from services.appraisal_svc.domain.actuals import Entry
from shared.errors import InvalidInputError, TenureSystemError
from shared.unit_of_work import UnitOfWork

TRUE, FALSE = {"true", "1", "yes", "y", "是", "已审计"}, {"false", "0", "no", "n", "否", "", "none"}


async def record_upload(uow: UnitOfWork, filename: str, file: IO[bytes], reachable: ColumnElement[bool]) -> list[Entry]:
    """`reachable` limits the tenures a row's manager code may name to the caller's: any other is unknown."""
    file.seek(0)  # a retried command reads the same upload again
    rows = await asyncio.to_thread(read_rows, filename, file)
    tenures = await ManagerTenures.of(uow, (_text(cells.get("manager_code")) for _, cells in rows), reachable)
    batch, entries, errors = ActualsBatch(uow), [], []
    for number, cells in rows:
        try:
            entries.append((await batch.record(_command(cells, tenures)))[1])
        except TenureSystemError as error:
            errors.append({"row": number, "field": error.field, "rule": error.rule, "detail": error.detail})
        except ValidationError as error:
            first = error.errors()[0]
            errors.append({"row": number, "field": ".".join(str(p) for p in first["loc"]), "rule": first["type"],
                           "detail": first["msg"]})
    if errors:
        raise InvalidInputError(
            f"{len(errors)} row(s) of {filename} are refused; nothing was recorded",
            field="file", rule="spreadsheet_rows", errors=errors,
        )
    await batch.save()
    return entries


def _command(cells: dict[str, Any], tenures: ManagerTenures) -> RecordActual:
    year = _year(cells.get("year"))
    manager_code = _text(cells.get("manager_code"))
    tenure_id = tenures.in_year(manager_code, year)
    if tenure_id is None:
        raise InvalidInputError(f"no tenure of manager {manager_code!r} runs in {year}", field="manager_code",
                                rule="known_tenure")
    return RecordActual(
        tenure_id=tenure_id, year=year, kpi_code=_text(cells.get("kpi_code")),
        value=_value(cells.get("value")), audited=_audited(cells.get("audited")), source="file",
        reference=str(cells["reference"]) if cells.get("reference") not in (None, "") else None,
    )


def _text(cell: Any) -> str:
    return str(cell or "").strip()


def _year(cell: Any) -> int:
    try:
        year = int(str(cell).strip().removesuffix(".0"))
    except ValueError:
        raise InvalidInputError(f"year {cell!r} is not a year", field="year", rule="integer") from None
    if not 1900 <= year <= 2200:
        raise InvalidInputError(f"year {year} is out of range 1900..2200", field="year", rule="year_range")
    return year


def _value(cell: Any) -> Decimal:
    if isinstance(cell, float):
        cell = repr(cell)  # a spreadsheet number: its shortest exact decimal form
    try:
        value = Decimal(str(cell).strip())
    except InvalidOperation:
        raise InvalidInputError(f"value {cell!r} is not a number", field="value", rule="decimal") from None
    if not value.is_finite():
        raise InvalidInputError(f"value {cell!r} is not a number", field="value", rule="decimal")
    return value


def _audited(cell: Any) -> bool:
    text = str(cell if cell is not None else "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise InvalidInputError(f"audited {cell!r} is not yes or no", field="audited", rule="boolean")
