"""Tenure records, read from the contract service, which assembles them from all three services."""

from __future__ import annotations

from typing import Any

from tenurectl.client import ServiceClient, doing
from tenurectl.contract import ContractRecord
from tenurectl.identity import Bearer


def read_records(
    contract: ServiceClient, record: ContractRecord, reader: Bearer, as_of: str | None = None
) -> dict[str, dict[str, Any]]:
    """Each scenario manager's tenure record by code, as of now (or `as_of`), read by `reader` (and logged so)."""
    params = {"as_of": as_of} if as_of else None
    with doing("reading the tenure records"):
        return {m.code: contract.get(f"/tenure-records/{m.manager_id}", params, by=reader) for m in record.managers}
