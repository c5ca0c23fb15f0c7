"""Every command route of the three services either honours If-Match or refuses it: none ignores it.

A route that reads If-Match holds its command to that version (tests/faults/test_concurrency.py proves one
winner of fifty on each such route the API can drive); the OpenAPI of each app says which. Every other command
route (it creates its records, or writes several streams) answers 422 `if_match_not_supported` to a request
that carries If-Match, before anything runs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from services.appraisal_svc.main import create_app as appraisal_app
from services.appraisal_svc.settings import Settings as AppraisalSettings
from services.contract_svc.main import create_app as contract_app
from services.contract_svc.settings import Settings as ContractSettings
from services.payroll_svc.main import create_app as payroll_app
from services.payroll_svc.settings import Settings as PayrollSettings
from tests.auth import staff

APPS = {"contract": (contract_app, ContractSettings), "appraisal": (appraisal_app, AppraisalSettings),
        "payroll": (payroll_app, PayrollSettings)}
WRITES = ("post", "put", "patch", "delete")


def _commands(app) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    """(method, path, reads If-Match) of each command in the app's OpenAPI."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            if method in WRITES:
                params = operation.get("parameters", [])
                found.append((method, path, any(p.get("name", "").lower() == "if-match" for p in params)))
    return found


@pytest.mark.parametrize("service", sorted(APPS))
async def test_a_command_that_cannot_honour_if_match_refuses_it_and_writes_nothing(
        service: str, tmp_path: Path) -> None:
    make, settings = APPS[service]
    app = make(settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}", relay_enabled=False))
    commands = _commands(app)
    assert any(reads for _, _, reads in commands) and not all(reads for _, _, reads in commands)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc",
                                 headers=staff("hr.office"), timeout=10) as http:
        for method, path, reads in commands:
            if reads:
                continue
            answer = await http.request(method.upper(), path.replace("{", "x").replace("}", ""), json={},
                                        headers={"If-Match": '"1"'})
            assert answer.status_code == 422, (method, path, answer.text)
            assert (answer.json()["field"], answer.json()["rule"]) == ("If-Match", "if_match_not_supported"), path
    assert not (tmp_path / "unused.db").exists()  # refused before any database was opened
