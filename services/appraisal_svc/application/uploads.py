"""A spreadsheet of actuals: every row checked, every bad row reported by number, all recorded or none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, select

from shared.knowledge.tables import known_managers, known_tenures
from services.appraisal_svc.adapters.spreadsheets import read_rows
from services.appraisal_svc.application.actuals import record_actual
from services.appraisal_svc.application.commands import RecordActual
from services.appraisal_svc.domain.actuals import Entry
from shared.errors import InvalidInputError, TenureSystemError
from shared.unit_of_work import UnitOfWork

TRUE, FALSE = {"true", "1", "yes", "y", "是", "已审计"}, {"false", "0", "no", "n", "否", "", "none"}


async def record_upload(uow: UnitOfWork, filename: str, content: bytes, reachable: ColumnElement[bool]) -> list[Entry]:
    """`reachable` limits the tenures a row's manager code may name to the caller's: any other is unknown."""
    entries, errors = [], []
    for number, cells in read_rows(filename, content):
        try:
            entries.append((await record_actual(uow, await _command(uow, cells, reachable)))[1])
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
    return entries


async def _command(uow: UnitOfWork, cells: dict[str, Any], reachable: ColumnElement[bool]) -> RecordActual:
    year = _year(cells.get("year"))
    tenure_id = await _tenure_of(uow, str(cells.get("manager_code") or "").strip(), year, reachable)
    return RecordActual(
        tenure_id=tenure_id, year=year, kpi_code=str(cells.get("kpi_code") or "").strip(),
        value=_value(cells.get("value")), audited=_audited(cells.get("audited")), source="file",
        reference=str(cells["reference"]) if cells.get("reference") not in (None, "") else None,
    )


async def _tenure_of(uow: UnitOfWork, manager_code: str, year: int, reachable: ColumnElement[bool]) -> Any:
    await uow.begin()
    assert uow.conn is not None
    query = (
        select(known_tenures.c.id)
        .join(known_managers, known_managers.c.id == known_tenures.c.manager_id)
        .where(known_managers.c.code == manager_code, known_tenures.c.start_date <= date(year, 12, 31),
               known_tenures.c.end_date >= date(year, 1, 1), reachable)
    )
    tenure_id = await uow.conn.scalar(query)
    if tenure_id is None:
        raise InvalidInputError(f"no tenure of manager {manager_code!r} runs in {year}", field="manager_code", rule="known_tenure")
    return tenure_id


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
