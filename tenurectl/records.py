"""Tenure records, read from the contract service, which assembles them from all three services."""

from __future__ import annotations

from typing import Any

from tenurectl.client import ServiceClient, doing
from tenurectl.contract import ContractRecord


def read_records(contract: ServiceClient, record: ContractRecord, as_of: str | None = None) -> dict[str, dict[str, Any]]:
    """Each scenario manager's tenure record by code, as of now (or `as_of`)."""
    params = {"as_of": as_of} if as_of else None
    with doing("reading the tenure records"):
        return {m.code: contract.get(f"/tenure-records/{m.manager_id}", params) for m in record.managers}
