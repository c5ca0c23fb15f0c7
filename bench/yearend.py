"""Year-end at group scale on PostgreSQL: a generated group onboarded, one year appraised and paid, in one run.

The group (bench/yearend_group.py): `--enterprises` enterprises of `--per` managers and one of `--large`
(500 x 20 + 1,000 by default: 11,000 managers), each manager golden-1's sheets with figures of its own. The
three services run as real uvicorn processes on fresh databases of the server named by BENCH_DATABASE_URL
(the default: the local one), one process each unless `--workers`. The phases (bench/yearend_phases.py), each
over every enterprise, `--parallel` enterprises at a time:

* onboard: every enterprise, its managers' tenures and letters in force, their pay planned, and the appraisal
  service knowing every tenure and signed letter (the relay's work included);
* year-end of the tenure's first year: actuals (the ERP's batch) and ratings in, each enterprise's appraisal
  opened and closed, confirmed, finalised, then until payroll has taken in every final result: `yearend_s`
  runs from the first actual to the last settlement. Payroll's supervision report then says how many of the
  planned managers were paid from a final appraisal: the bench fails unless it is every one.

Then `cmd_ratio` and the services' peak RSS (bench/yearend_measure.py). Prints each phase's seconds, then
`yearend_s=<s> onboard_per_s=<managers/s> cmd_ratio=<x> peak_rss_mb=<max of the services>`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.yearend_group import group as generated_group  # noqa: E402
from bench.yearend_measure import Rate, cmd_ratio, peak_rss_mb  # noqa: E402
from bench.yearend_phases import Group, onboard, year_end  # noqa: E402
from deploy.services import ROOT  # noqa: E402
from tenurectl.cast import cast_of  # noqa: E402
from tenurectl.client import ServiceClient  # noqa: E402
from tenurectl.identity import LocalTokens  # noqa: E402
from tenurectl.patience import Patience  # noqa: E402
from tenurectl.processes import run_auth_dir, started_run  # noqa: E402
from tenurectl.scenario import load_scenario  # noqa: E402

GOLDEN = ROOT / "tests" / "fixtures" / "scenarios" / "golden-1.json"
GOALS = {"yearend_s": 60.0, "onboard_per_s": 50.0, "cmd_ratio": 0.5, "peak_rss_mb": 150.0}
YEAR_END_PHASES = ("actuals", "closing", "confirmation", "finalisation", "settled")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--per", type=int, default=20, help="managers per enterprise")
    parser.add_argument("--large", type=int, default=1000, help="managers of the one large enterprise (0: none)")
    parser.add_argument("--parallel", type=int, default=4, help="enterprises driven at a time")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers per service")
    parser.add_argument("--one-by-one", action="store_true",
                        help="onboard with one command per step and per pay plan, not one import per enterprise")
    parser.add_argument("--ratio-seconds", type=float, default=5.0)
    parser.add_argument("--ratio-threads", type=int, default=8, help="client threads of the command/health rates")
    args = parser.parse_args()
    golden = load_scenario(GOLDEN)
    scenarios = generated_group(golden, args.enterprises, args.per, args.large)
    with tempfile.TemporaryDirectory(prefix="tenure-yearend-") as folder, \
            started_run(Path(folder), "postgres", workers=args.workers) as run:
        tokens = LocalTokens(run_auth_dir(run.folder))
        casts = [cast_of(s, tokens) for s in scenarios]
        patience = Patience(retry_for=60, stall_after=120)
        clients = {name: ServiceClient(name, url, patience=patience) for name, url in run.urls.items()}
        group = Group(scenarios, casts, clients, args.parallel, bulk=not args.one_by_one)
        onboard(group)
        paid = year_end(group, golden.years[0])
        post, health = cmd_ratio(run.urls["contract"], run.processes["contract"].process.pid, scenarios[0],
                                 group.records[0].enterprise_id, casts[0], args.ratio_seconds, args.ratio_threads)
        rss = {name: peak_rss_mb(process.process.pid) for name, process in run.processes.items()}
    report(group, paid, post, health, rss)


def report(group: Group, paid: dict, post: Rate, health: Rate, rss: dict[str, float]) -> None:
    for phase, seconds in group.seconds.items():
        print(f"phase {phase}: {seconds:.2f} s")
    print(f"managers={group.managers} enterprises={len(group.scenarios)} paid_from_appraisal={paid}")
    print(f"post_managers_per_s={post.per_s:.1f} cpu_ms={post.cpu_ms:.2f}; health_per_s={health.per_s:.1f} "
          f"cpu_ms={health.cpu_ms:.2f}")
    print("peak_rss_mb " + " ".join(f"{name}={mb:.1f}" for name, mb in rss.items()))
    figures = {
        "yearend_s": sum(group.seconds[p] for p in YEAR_END_PHASES),
        "onboard_per_s": group.managers / group.seconds["onboard"],
        "cmd_ratio": post.per_s / health.per_s,
        "peak_rss_mb": max(rss.values()),
    }
    for name, value in figures.items():
        goal = GOALS[name]
        met = value >= goal if name in ("onboard_per_s", "cmd_ratio") else value <= goal
        print(f"goal: {name} {'>=' if name in ('onboard_per_s', 'cmd_ratio') else '<='} {goal} "
              f"({'met' if met else 'missed'})")
    if paid.get("followed") != paid.get("managers"):
        raise SystemExit(f"not every planned manager was paid from the final appraisal: {paid}")
    print(" ".join(f"{name}={value:.2f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
