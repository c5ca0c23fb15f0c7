"""schemathesis against each service as a real process, with a valid token: no generated request, however
odd, makes a server error, and every status and content type answered is documented in the OpenAPI.

Bounded (a fixed seed, a few examples per operation) so that it fits the suite; `FUZZ_EXAMPLES` raises it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.auth import staff
from tests.e2e.processes import ROOT, service_process

SERVICES = {
    "contract": "services.contract_svc.main:app",
    "appraisal": "services.appraisal_svc.main:app",
    "payroll": "services.payroll_svc.main:app",
}
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance"
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "8")


@pytest.mark.parametrize("service", list(SERVICES))
def test_fuzzing_the_api_finds_no_server_error_and_no_undocumented_answer(service: str, tmp_path: Path) -> None:
    prefix = service.upper()
    env = {f"{prefix}_DATABASE_URL": f"sqlite:///{tmp_path / 'fuzz.db'}", f"{prefix}_UPGRADE_ON_START": "true",
           f"{prefix}_RELAY_ENABLED": "false"}
    with service_process(SERVICES[service], env, tmp_path / "service.log") as url:
        run = subprocess.run(
            [str(Path(sys.executable).parent / "schemathesis"), "run", f"{url}/openapi.json",
             "-H", f"Authorization: {staff('fuzzer')['Authorization']}",
             "-c", CHECKS, "-n", EXAMPLES, "--seed", "9", "-w", "1", "--no-shrink",
             "--phases", "examples,coverage,fuzzing", "--request-timeout", "20"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
    summary = run.stdout[-3000:]
    generated = re.search(r"(\d+) generated", summary)
    print(f"schemathesis {service}: {generated.group(0) if generated else '?'}; exit {run.returncode}")
    assert run.returncode == 0, f"{run.stdout[-20000:]}\n{run.stderr[-3000:]}\n{(tmp_path / 'service.log').read_text()[-5000:]}"
    assert generated and int(generated.group(1)) > 0
    assert "Server error" not in run.stdout and "ST103" not in run.stdout and "ST105" not in run.stdout
