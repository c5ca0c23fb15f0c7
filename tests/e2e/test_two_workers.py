"""Two uvicorn workers per service, on one PostgreSQL database each: golden-1 gives every expected figure. Both
workers of a service start together (each upgrading the schema at start: one at a time, shared/migrations), each
runs a relay and an inbox processor (one of each per database at a time: advisory locks), and each connection
lands on either; every message is delivered and takes effect once, so every figure is the expected one."""

from __future__ import annotations

import json
from pathlib import Path

from tenurectl.cli import drive
from tenurectl.identity import LocalTokens
from tenurectl.processes import run_auth_dir, started_run
from tenurectl.scenario import load_scenario
from tests.e2e.test_golden_scenario import differences, missing
from tests.tenurectl.tenurectl_samples import GOLDEN, GOLDEN_EXPECTED

WORKERS = 2


def workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn `pid` spawned (Linux's /proc; its resource tracker is a child too, not one)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


def test_golden_1_with_two_workers_per_service_gives_every_figure(tmp_path: Path) -> None:
    expected = json.loads(GOLDEN_EXPECTED.read_text(encoding="utf-8"))
    with started_run(tmp_path, "postgres", workers=WORKERS) as run:
        workers = {name: workers_of(p.process.pid) for name, p in run.processes.items()}
        report = drive(load_scenario(GOLDEN), run.urls, LocalTokens(run_auth_dir(tmp_path)))
    assert differences(expected, report) == [], tmp_path
    assert missing(expected, report) == [], tmp_path
    assert all(len(pids) == WORKERS for pids in workers.values()), workers
