"""An enterprise's roster as the HR office keeps it in Excel: three sheets, a row per manager, per letter and per KPI.

Each sheet's first row names its columns by the field's path in the JSON roster (`POST .../onboarding`'s body):
`code`, `agreement.pay.base`, `signatures.0.signer_name` (a number is a place in a list, from 0), `tiers.A`.
* `managers`: a row per manager, every field of a roster's manager but its letters.
* `letters`: a row per letter, `manager_code` saying whose, then the letter's fields but its KPIs
  (`kind`, `year`, `issued_on`, `signatures.0.party`, ...).
* `kpis`: a row per KPI, `manager_code`, `kind` and `year` saying of which letter, then the KPI's fields.
A blank cell is a field not given. Rows keep their order: a manager's letters, and a letter's KPIs, are in the
order of their rows. Each part of a manager is kept with where it was read (`Origins`), so that a refusal names
the sheet, row and column at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO, Any

from shared.errors import InvalidInputError
from shared.workbooks import named_sheets_rows

SHEETS = ("managers", "letters", "kpis")
MAX_ROWS = 100_000  # rows of one sheet: 2,000 managers with their letters and KPIs come to some 50,000 KPI rows
MAX_COLUMNS = 200  # a sheet's columns: a manager's fields are some 30, a KPI's with its tiers some 25
Where = tuple[str, int]  # a sheet and a row number as Excel shows it


@dataclass
class Origins:
    """Where each part of one manager was read: its row, each letter's, each KPI's (by letter, in order)."""

    manager: Where
    letters: list[Where] = field(default_factory=list)
    kpis: list[list[Where]] = field(default_factory=list)

    def place(self, loc: Sequence[str | int]) -> tuple[Where, str]:
        """The sheet and row of a field of this manager (its path within the manager), and its column."""
        parts = [str(p) for p in loc]
        if len(parts) >= 2 and parts[0] == "letters" and parts[1].isdigit() and int(parts[1]) < len(self.letters):
            letter = int(parts[1])
            kpis = self.kpis[letter]
            if len(parts) >= 4 and parts[2] == "kpis" and parts[3].isdigit() and int(parts[3]) < len(kpis):
                return kpis[int(parts[3])], ".".join(parts[4:])
            return self.letters[letter], ".".join(parts[2:])
        return self.manager, ".".join(parts)


@dataclass
class RosterRows:
    managers: list[dict[str, Any]]
    origins: list[Origins]
    errors: list[dict[str, Any]]  # rows that belong to nothing (a letter of no manager, a KPI of no letter)


def read_roster(filename: str, file: IO[bytes]) -> RosterRows:
    """The managers of a roster workbook as the JSON roster gives them, each with where its parts were read."""
    if not filename.lower().endswith((".xlsx", ".xlsm")):
        raise InvalidInputError("the roster must be an .xlsx workbook", field="file", rule="spreadsheet_format")
    read = named_sheets_rows(filename, file, SHEETS, MAX_ROWS, MAX_COLUMNS + 1)
    sheets = {name: _records(name, rows) for name, rows in read.items()}
    managers, origins, by_code, errors = [], [], {}, []
    for where, record in sheets["managers"]:
        record.pop("letters", None)
        managers.append({**record, "letters": []})
        origins.append(Origins(where))
        by_code.setdefault(str(record.get("code", "")), len(managers) - 1)
    letters: dict[tuple[str, str, str], tuple[int, int]] = {}
    for where, record in sheets["letters"]:
        code = str(record.pop("manager_code", ""))
        if code not in by_code:
            errors.append(_orphan(where, "manager_code", f"no manager {code!r} in the sheet managers", "known_manager"))
            continue
        index = by_code[code]
        letters[(code, str(record.get("kind", "")), str(record.get("year", "")))] = (index, len(origins[index].letters))
        managers[index]["letters"].append({**record, "kpis": []})
        origins[index].letters.append(where)
        origins[index].kpis.append([])
    for where, record in sheets["kpis"]:
        key = (str(record.pop("manager_code", "")), str(record.pop("kind", "")), str(record.pop("year", "")))
        if key not in letters:
            errors.append(_orphan(where, "manager_code", f"no letter {' '.join(filter(None, key))} in the sheet letters",
                                  "known_letter"))
            continue
        index, letter = letters[key]
        managers[index]["letters"][letter]["kpis"].append(record)
        origins[index].kpis[letter].append(where)
    return RosterRows(managers, origins, errors)


def bad_cell(where: Where, column: str, rule: str, detail: str) -> dict[str, Any]:
    """A refused cell as an upload's `errors` name it."""
    return {"sheet": where[0], "row": where[1], "column": column, "field": column, "rule": rule, "detail": detail}


def _orphan(where: Where, column: str, detail: str, rule: str) -> dict[str, Any]:
    return bad_cell(where, column, rule, detail)


def _records(sheet: str, rows: list[Sequence[Any]]) -> list[tuple[Where, dict[str, Any]]]:
    """Each non-blank data row of a sheet as the nested fields its header's paths name."""
    if not rows:
        raise InvalidInputError(f"the sheet {sheet} has no header row", field="file", rule="spreadsheet_header")
    header = [str(cell or "").strip() for cell in rows[0]]
    if len(header) > MAX_COLUMNS and any(header[MAX_COLUMNS:]):
        raise InvalidInputError(f"the sheet {sheet} has more than {MAX_COLUMNS} columns; a roster's fields are fewer",
                                field="file", rule="spreadsheet_columns")
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        record: dict[str, Any] = {}
        for path, cell in zip(header, cells):
            if path and (value := cell_value(cell)) is not None:
                _put(record, path.split("."), value)
        if record:
            records.append(((sheet, number), record))
    return records


def cell_value(cell: Any) -> Any:
    """A cell as the JSON roster would give it: text as typed, a number as its shortest decimal text (pydantic
    takes it for a number or a text field alike), a date cell as its date; None for a blank."""
    if cell is None or isinstance(cell, bool):
        return cell
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, int):
        return str(cell)
    text = str(cell).strip()
    return text or None


def _put(record: dict[str, Any], path: list[str], value: Any) -> None:
    """`value` at `path` in `record`, a number in the path being a place in a list."""
    node: Any = record
    for step, after in zip(path, path[1:]):
        node = _child(node, step, [] if after.isdigit() else {})
    _set(node, path[-1], value)


def _child(node: Any, step: str, empty: Any) -> Any:
    if isinstance(node, list):
        index = int(step)
        node.extend([None] * (index + 1 - len(node)))
        if not isinstance(node[index], type(empty)):
            node[index] = empty
        return node[index]
    if not isinstance(node.get(step), type(empty)):
        node[step] = empty
    return node[step]


def _set(node: Any, step: str, value: Any) -> None:
    if isinstance(node, list):
        index = int(step)
        node.extend([None] * (index + 1 - len(node)))
        node[index] = value
    else:
        node[step] = value
