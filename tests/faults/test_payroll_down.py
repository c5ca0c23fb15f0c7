"""A payroll outage in the middle of a run changes no figure, on either transport: golden-1, and golden-1 with
a fifth of each year's performance pay retained, run side by side while payroll is killed for 60 s during the
appraisal part. Their messages pile up, arrive in a rush once payroll is back (a tenure appraisal may overtake
a year's result: it waits for it), and every figure is the expected one."""

from __future__ import annotations

import asyncio
import json
import threading
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from tenurectl.cli import drive
from tenurectl.identity import LocalTokens
from deploy.services import SERVICES
from shared.delivery.nats import delete_streams
from tenurectl.processes import DEFAULT_NATS, Run, run_auth_dir, run_nats_prefix, started_run
from tenurectl.scenario import load_scenario
from tests.e2e.test_golden_scenario import differences, missing
from tests.tenurectl.tenurectl_samples import GOLDEN, GOLDEN_EXPECTED

OUTAGE_SECONDS = 60.0
RETAINED = Decimal("20")
CENT = Decimal("0.01")


def retention_variant(folder: Path) -> tuple[Path, dict[str, Any]]:
    """golden-1 with retention_pct 20 in another enterprise, and its expected figures by DOMAIN.md's rule: each
    year retains a fifth of the performance pay and pays the rest now; a qualified tenure releases it all."""
    scenario = json.loads(GOLDEN.read_text(encoding="utf-8"))
    scenario["policy"] = {**scenario["policy"], "retention_pct": int(RETAINED)}
    # another enterprise, of a category of its own: the policy of golden-1's category stays golden-1's
    scenario["enterprise"] = {**scenario["enterprise"], "code": scenario["enterprise"]["code"] + "R20",
                              "name": scenario["enterprise"]["name"] + "（留存）",
                              "category": scenario["enterprise"]["category"] + "-retention"}
    for manager in scenario["managers"]:  # manager codes are unique in the whole group
        manager["code"] = renamed(manager["code"])
    golden = json.loads(GOLDEN_EXPECTED.read_text(encoding="utf-8"))
    expected = {"years": {year: {renamed(code): figures for code, figures in members.items()}
                          for year, members in golden["years"].items()},
                "managers": {renamed(code): figures for code, figures in golden["managers"].items()}}
    retained_by_manager: dict[str, Decimal] = {}
    for members in expected["years"].values():
        for code, figures in members.items():
            retained = (Decimal(figures["performance_pay"]) * RETAINED / 100).quantize(CENT, ROUND_HALF_UP)
            figures["retained"] = str(retained)
            figures["performance_paid_now"] = str(Decimal(figures["performance_pay"]) - retained)
            retained_by_manager[code] = retained_by_manager.get(code, Decimal(0)) + retained
    for code, figures in expected["managers"].items():
        released = retained_by_manager[code] if figures["tenure_grade"] == "qualified" else Decimal(0)
        figures["retained_released"] = str(released.quantize(CENT))
    path = folder / "golden-1-retention-20.json"
    path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    return path, expected


def renamed(code: str) -> str:
    return f"R{code}"


class Outage:
    """Payroll killed once both runs reach their appraisal part, started again OUTAGE_SECONDS later; each run
    waits for it before reading its settlements."""

    def __init__(self, run: Run, runs: int) -> None:
        self._run, self._all_there = run, threading.Barrier(runs, action=self._begin)
        self._back = threading.Event()

    def _begin(self) -> None:
        self._run.kill("payroll")
        threading.Timer(OUTAGE_SECONDS, self._end).start()

    def _end(self) -> None:
        self._run.start("payroll")
        self._back.set()

    def abort(self) -> None:
        """A run failed before its appraisal part: the other stops waiting for it."""
        self._all_there.abort()

    def between(self, part: str) -> None:
        if part == "appraisal":
            self._all_there.wait(timeout=300)
        elif part == "settlements":
            assert self._back.wait(timeout=OUTAGE_SECONDS + 120), "payroll did not come back"


@pytest.mark.parametrize("transport", ["http", "nats"])
def test_every_figure_survives_a_payroll_outage_in_the_middle_of_the_run(transport: str, tmp_path: Path) -> None:
    runs = {"golden-1": (GOLDEN, json.loads(GOLDEN_EXPECTED.read_text(encoding="utf-8"))),
            "retention-20": retention_variant(tmp_path)}
    reports: dict[str, Any] = {}
    prefix = run_nats_prefix()
    with started_run(tmp_path, "sqlite", transport=transport, nats_prefix=prefix) as run:
        outage = Outage(run, len(runs))
        tokens = LocalTokens(run_auth_dir(tmp_path))

        def drive_one(name: str, path: Path) -> None:
            try:
                reports[name] = drive(load_scenario(path), run.urls, tokens, between=outage.between)
            except Exception as error:  # noqa: BLE001 - said by the assertion below, with the logs' folder
                reports[name] = error
                outage.abort()

        threads = [threading.Thread(target=drive_one, args=(name, path)) for name, (path, _) in runs.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=OUTAGE_SECONDS + 300)
    if transport == "nats":
        asyncio.run(delete_streams(DEFAULT_NATS, prefix, [entry.name for entry in SERVICES]))
    for name, (_, expected) in runs.items():  # every figure, once: nothing lost and nothing applied twice
        assert isinstance(reports.get(name), dict), f"{name}: {reports.get(name)!r} (the services' logs: {tmp_path})"
        assert differences(expected, reports[name]) == [], name
        assert missing(expected, reports[name]) == [], name
    figures = {name: sum(len(f) for members in e["years"].values() for f in members.values())
               + sum(len(f) for f in e["managers"].values()) for name, (_, e) in runs.items()}
    print(f"payroll down {OUTAGE_SECONDS:.0f} s ({transport}): {len(runs)} runs, lost 0, applied twice 0, "
          f"figures matched {figures}")
