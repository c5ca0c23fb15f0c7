"""tenurectl's contract part against a real contract service process, started by tenurectl itself."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from deploy.processes import ServiceStartError
from deploy.services import ServiceEntry, by_name
from tenurectl.cast import cast_of
from tenurectl.client import ServiceClient
from tenurectl.contract import run_contract_part
from tenurectl.identity import LocalTokens
from tenurectl.processes import (
    DatabaseSetupError,
    database_url_on,
    postgres_databases,
    postgres_server,
    run_auth_dir,
    started_services,
)
from tenurectl.scenario import load_scenario
from tests.tenurectl.tenurectl_samples import GOLDEN


def test_the_golden_scenarios_tenures_end_active_with_every_letter_signed_by_both_parties(tmp_path: Path) -> None:
    if not GOLDEN.exists():
        pytest.skip("the golden scenario is not beside the repository")
    scenario = load_scenario(GOLDEN)
    with started_services(tmp_path, "sqlite", services=[by_name("contract")]) as urls:
        cast = cast_of(scenario, LocalTokens(run_auth_dir(tmp_path)))
        with ServiceClient("contract", urls["contract"], cast.hr) as contract:
            record = run_contract_part(contract, scenario, cast)
            tenures = {m.code: contract.get(f"/tenures/{m.tenure_id}") for m in record.managers}
            managers = contract.get("/managers", {"enterprise_id": record.enterprise_id})

    assert managers["total"] == len(scenario.managers) == len(tenures)
    for code, tenure in tenures.items():
        planned = scenario.manager(code)
        assert (tenure["status"], tenure["activated_on"]) == ("active", "2022-03-01"), code
        assert tenure["agreement"]["pay"] == {"base": "200000", "performance": "300000"} == planned["pay"]
        assert {s["party"] for s in tenure["agreement"]["signatures"]} == {"enterprise", "manager"}
        letters = {letter["key"]: letter for letter in tenure["letters"]}
        assert list(letters) == ["annual-2022", "annual-2023", "annual-2024", "tenure"], code
        assert all(letter["status"] == "signed" for letter in letters.values()), code
        sheet_2023 = {kpi["code"]: kpi for kpi in letters["annual-2023"]["versions"][-1]["kpis"]}
        assert sheet_2023["revenue"]["target"] == str(planned["kpis"][0]["targets"]["2023"])
        assert sheet_2023["party"]["veto"] is True and letters["tenure"]["versions"][-1]["kpis"] == []
    assert [m.letter_keys for m in record.managers] == [("annual-2022", "annual-2023", "annual-2024", "tenure")] * 10


def test_a_service_that_cannot_start_is_reported_with_its_log(tmp_path: Path) -> None:
    ghost = ServiceEntry("ghost", "services.ghost_svc", 0)

    with pytest.raises(ServiceStartError) as raised, started_services(tmp_path, "sqlite", services=[ghost]):
        pass

    assert raised.value.name == "ghost" and "services.ghost_svc" in raised.value.log
    assert (tmp_path / "ghost.log").exists()


def test_a_postgres_database_url_keeps_the_server_and_names_the_new_database() -> None:
    server = "postgresql://postgres:secret@db.example:6543/postgres?sslmode=disable"

    assert database_url_on(server, "tenure_run_ab_contract") == (
        "postgresql://postgres:secret@db.example:6543/tenure_run_ab_contract?sslmode=disable"
    )


@pytest.mark.postgres
def test_the_runs_postgres_databases_are_fresh_and_dropped_at_the_end() -> None:
    services = [by_name("contract")]
    try:
        with postgres_databases(postgres_server(), services, keep=False) as urls:
            name = urls["contract"].rsplit("/", 1)[1]
            assert name.startswith("tenure_run_") and name.endswith("_contract")
            assert _databases_like(name) == [name]
    except DatabaseSetupError as error:
        pytest.skip(f"PostgreSQL is not running: {error}")

    assert _databases_like(name) == []


def _databases_like(name: str) -> list[str]:
    with psycopg.connect(postgres_server(), autocommit=True) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname = %s", (name,)).fetchall()
    return [row[0] for row in rows]
