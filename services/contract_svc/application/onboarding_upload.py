"""An onboarding from the HR office's roster workbook (adapters/roster_workbook.py): every manager read and checked
as the JSON roster's are, every bad cell reported by sheet, row and column at once, then brought in by the same
steps (application/onboarding.py), all or none. A refusal of those steps names its cell too."""

from __future__ import annotations

import asyncio
import hashlib
from typing import IO, Any
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from services.contract_svc.adapters.roster_workbook import Origins, bad_cell, read_roster
from services.contract_svc.application.onboarding import onboard
from services.contract_svc.application.onboarding_commands import Onboard, ServingManager
from services.contract_svc.domain.onboarding import Brought, Onboarding
from shared.errors import InvalidInputError, TenureSystemError
from shared.inputs import Bulk, Items, envelope_model
from shared.unit_of_work import UnitOfWork

MANAGER = TypeAdapter(ServingManager)
ENVELOPE = envelope_model(Onboard, "managers")


async def onboard_workbook(uow: UnitOfWork, enterprise_id: UUID, source: str, filename: str, file: IO[bytes],
                           ) -> tuple[Onboarding, list[Brought]]:  # fmt: skip
    file.seek(0)  # a retried command reads the same upload again
    digest = hashlib.file_digest(file, "sha256").hexdigest()  # type: ignore[arg-type]
    file.seek(0)
    rows = await asyncio.to_thread(read_roster, filename, file)
    envelope = _envelope(source, len(rows.managers))
    errors = rows.errors + [error for manager, origins in zip(rows.managers, rows.origins)
                            for error in _refusals(manager, origins)]
    if errors:
        raise _refused(filename, errors)
    codes = [str(manager["code"]) for manager in rows.managers]
    roster = Bulk(envelope, Items(MANAGER, len(codes), rows.managers.__getitem__, codes))
    try:
        return await onboard(uow, enterprise_id, roster, digest, document_format="xlsx")
    except TenureSystemError as error:
        raise _located(error, rows.origins) from None


def _envelope(source: str, count: int) -> Onboard:
    """The roster's own fields checked as the JSON roster's are: its source, its number of managers."""
    try:
        checked = ENVELOPE.model_validate({"source": source, "managers": [None] * count})
    except ValidationError as error:
        first = error.errors()[0]
        field = "source" if first["loc"][:1] == ("source",) else "file"
        raise InvalidInputError(f"{first['loc'][0]}: {first['msg']}", field=field, rule=first["type"]) from None
    return checked.model_copy(update={"managers": []})


def _refusals(manager: dict[str, Any], origins: Origins) -> list[dict[str, Any]]:
    try:
        MANAGER.validate_python(manager)
    except ValidationError as error:
        return [_cell(origins, problem["loc"], problem["type"], problem["msg"]) for problem in error.errors()]
    return []


def _cell(origins: Origins, loc: Any, rule: str, detail: str) -> dict[str, Any]:
    where, column = origins.place(loc)
    return bad_cell(where, column, rule, detail)


def _refused(filename: str, errors: list[dict[str, Any]]) -> InvalidInputError:
    return InvalidInputError(f"{len(errors)} cell(s) of {filename} are refused; nothing was brought in",
                             field="file", rule="spreadsheet_rows", errors=errors)


def _located(error: TenureSystemError, origins: list[Origins]) -> TenureSystemError:
    """A refusal of the onboarding's steps (`managers.3.letters.0.signatures.1.signer_name`) with its cell."""
    parts = (error.field or "").split(".")
    if len(parts) < 2 or parts[0] != "managers" or not parts[1].isdigit() or int(parts[1]) >= len(origins):
        return error
    cell = _cell(origins[int(parts[1])], parts[2:], error.rule or "", error.detail)
    at = f"sheet {cell['sheet']}, row {cell['row']}" + (f", column {cell['column']}" if cell["column"] else "")
    return type(error)(f"{at}: {error.detail}", field=error.field, rule=error.rule, **{**error.extra, "errors": [cell]})
