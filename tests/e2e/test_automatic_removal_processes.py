"""一重's automatic removal over the three services as real processes, each step taken by its people through the
public APIs (tenurectl's building blocks): a manager alone under a policy with the removal floors on, whose 2022
revenue is 59 % of target, is removed by rule when the 2022 appraisal becomes final; the contract side records
it, the appraisal side closes its proposal, payroll ends base that day and pays the living allowance after it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from tenurectl.appraisal import wait_until_known
from tenurectl.cast import cast_of
from tenurectl.client import ServiceClient
from tenurectl.contract import run_contract_part
from tenurectl.identity import LocalTokens
from tenurectl.pay_plans import plan_pay
from tenurectl.processes import run_auth_dir, started_services
from tenurectl.run import Run
from tenurectl.scenario import parse_scenario
from tests.tenurectl.tenurectl_samples import GOLDEN

FINAL_ON = date(2023, 3, 15)


def removal_scenario() -> str:
    """golden-1's M01 alone, the policy turning 一重's floors on, its 2022 revenue 5,900 of a 10,000 target."""
    scenario = json.loads(GOLDEN.read_text(encoding="utf-8"))
    scenario["policy"] = {**scenario["policy"], "revenue_removal_floor": "0.60", "profit_removal_floor": "0.70",
                          "living_allowance_monthly": "3000"}
    [m01] = [m for m in scenario["managers"] if m["code"] == "M01"]
    m01["actuals"]["2022"]["revenue"] = 5900
    scenario["managers"] = [m01]
    return json.dumps(scenario, ensure_ascii=False)


def eventually(read: Callable[[], Any], done: Callable[[Any], bool], seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_an_automatic_removal_takes_effect_across_the_service_processes(tmp_path: Path) -> None:
    scenario = parse_scenario(removal_scenario())
    with started_services(tmp_path, "sqlite") as urls:
        cast = cast_of(scenario, LocalTokens(run_auth_dir(tmp_path)))
        with ServiceClient("contract", urls["contract"]) as contract, \
                ServiceClient("appraisal", urls["appraisal"]) as appraisal, \
                ServiceClient("payroll", urls["payroll"]) as payroll:
            record = run_contract_part(contract, scenario, cast)
            plan_pay(payroll, scenario, record, cast.payroll)
            wait_until_known(appraisal, record, cast.operations)
            run = Run(scenario, [], record, cast, contract, appraisal, payroll)
            run.figures(2022)
            run.open_and_close(2022, date(2023, 1, 20))
            run.confirm(2022, date(2023, 1, 25), [])
            run.finalise(2022, FINAL_ON)
            [m01] = record.managers
            tenure = eventually(lambda: contract.get(f"/tenures/{m01.tenure_id}", by=cast.auditor),
                                lambda t: t["status"] == "ended")
            account = eventually(lambda: payroll.get(f"/accounts/{m01.tenure_id}", by=cast.payroll),
                                 lambda a: a["exit"] is not None)
            warnings = appraisal.get(f"/managers/{m01.manager_id}/warnings", by=cast.auditor)
            run.base_run("2023-04")
            april = payroll.get("/payslips", {"tenure_id": m01.tenure_id, "period": "2023-04"}, by=cast.payroll)
    assert (tenure["ended_on"], tenure["termination"]["mode"]) == (FINAL_ON.isoformat(), "automatic_removal")
    [decision] = tenure["exit_decisions"]
    assert (decision["by_rule"]["rule"], decision["by_rule"]["year"], decision["decision_makers"]) == (
        "removal_floor", 2022, [])
    assert [p["status"] for p in warnings["exit_proposals"]] == ["decided"]
    assert (account["exit"]["on"], account["exit"]["for_cause"]) == (FINAL_ON.isoformat(), True)
    assert [(line["kind"], line["for_period"], line["amount"]) for line in april["lines"]] == [
        ("living_allowance", "2023-03", "1548.39"),  # 3,000 × 16 / 31: 16 to 31 March, not run before
        ("living_allowance", "2023-04", "3000.00")]
