"""Tenure-record rebuilds through HTTP, and full replays, on PostgreSQL: the golden scenario, in one run.

* record_rebuild_http: the three services run as real uvicorn processes (deploy/services.py), each on a
  fresh database of the server named by BENCH_DATABASE_URL; the scenario is driven through them as
  `tenurectl scenario run` does, each step with the token of the person whose part it is (one local issuer
  in the run's folder). Then `GET /tenure-records/{manager_id}` on the contract service, which replays the
  manager's streams there and asks appraisal and payroll for their parts over HTTP, is timed client side:
  `--requests` requests round-robin over the scenario's managers, one after another on one keep-alive
  `httpx.Client` sending one auditor's token (auditor@*; each read is access-logged), after `--warmup`
  untimed ones. Every answer must be 200 and `complete`.
* `--members N` drives one enterprise of N managers made from golden-1's (bench/yearend_group.py) instead:
  the record of a manager of a large enterprise, against the default 10; `--onboard` imports them in bulk.
* replay: with the services stopped, every aggregate of each service's database is rebuilt, pass after pass for
  at least `--replay-seconds`, by `--replay-processes` processes at once (shared/replay_spread.py: the streams
  in ranges of about equal events; default one per core) or, with 1, by `shared.replay.replay_all` in this
  one; events/s counts only the wall time of the passes. Beside it, the floor of one process (bench/replays.py:
  the same records fetched and parsed, nothing else), and the replay's rate over it.

Prints the latencies, the replay rates per service and for all, the goal and whether it is met, then
`record_p99_ms=<a> replay_events_per_s=<b>`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

# The aggregates of all three services, imported before any replay so that no topic is resolved mid-timing.
AGGREGATES = ("services.appraisal_svc.domain", "services.contract_svc.domain", "services.payroll_svc.domain")
for module in AGGREGATES:
    importlib.import_module(module)
from bench.replays import floor_totals, print_replays, replay_totals  # noqa: E402
from bench.yearend_group import enterprise  # noqa: E402
from deploy.processes import ServiceProcess, ServiceStartError, free_port, running  # noqa: E402
from deploy.services import ROOT, SERVICES  # noqa: E402
from tenurectl.audit import AUDITOR  # noqa: E402
from tenurectl.cli import drive  # noqa: E402
from tenurectl.identity import LocalTokens  # noqa: E402
from tenurectl.processes import postgres_databases, run_auth_dir, service_env  # noqa: E402
from tenurectl.scenario import Scenario, load_scenario  # noqa: E402

GOAL_P99_MS = 50.0
GOAL_EVENTS_PER_S = 100_000
GOLDEN = ROOT / "tests" / "fixtures" / "scenarios" / "golden-1.json"
LOG_LINES = 40


def record_latencies(scenario: Scenario, databases: Mapping[str, str], logs: Path,
                     args: argparse.Namespace) -> list[float]:
    """Start the services on `databases`, drive `scenario` through them, then time the record rebuilds."""
    ports = {entry.name: free_port() for entry in SERVICES}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    auth_dir = run_auth_dir(logs)
    plans = [(e, service_env(e, databases[e.name], urls, auth_dir), ports[e.name]) for e in SERVICES]
    try:
        with running(plans, logs) as processes:
            try:
                tokens = LocalTokens(auth_dir)
                drive(scenario, urls, tokens, onboard=args.onboard)
                auditor = {"Authorization": f"Bearer {tokens.token(AUDITOR)}"}
                with httpx.Client(base_url=urls["contract"], headers=auditor, timeout=30) as client:
                    ids = manager_ids(client)
                    if len(ids) != len(scenario.managers):
                        raise RuntimeError(f"{len(ids)} managers listed, the scenario has {len(scenario.managers)}")
                    return time_records(client, ids, args.warmup, args.requests)
            except Exception:
                print_tails(processes)
                raise
    except ServiceStartError as error:
        print(f"{error}; its log ends:\n{tail(error.log)}", file=sys.stderr)
        raise


def manager_ids(client: httpx.Client) -> list[str]:
    ids: list[str] = []
    while True:
        params = {"page_size": 500, "page": len(ids) // 500 + 1}
        page = client.get("/managers", params=params).raise_for_status().json()
        ids += [manager["id"] for manager in page["items"]]
        if len(ids) >= page["total"] or not page["items"]:
            return ids


def time_records(client: httpx.Client, ids: Sequence[str], warmup: int, requests: int) -> list[float]:
    """Seconds per `GET /tenure-records/{id}`, round-robin over `ids`; the first `warmup` are not kept."""
    latencies: list[float] = []
    for i in range(warmup + requests):
        start = time.perf_counter()
        response = client.get(f"/tenure-records/{ids[i % len(ids)]}")
        elapsed = time.perf_counter() - start
        record = response.raise_for_status().json()
        if not record["complete"]:
            raise RuntimeError(f"an incomplete record for {ids[i % len(ids)]}: {record['sources']}")
        if i >= warmup:
            latencies.append(elapsed)
    return latencies


def print_tails(processes: Sequence[ServiceProcess]) -> None:
    for process in processes:
        print(f"--- the end of the {process.entry.name} service's log:\n{tail(process.log_text())}", file=sys.stderr)


def tail(text: str) -> str:
    return "\n".join(text.splitlines()[-LOG_LINES:]) or "(nothing logged)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=GOLDEN, help="scenario file to drive (golden-1)")
    parser.add_argument("--members", type=int, default=0,
                        help="instead: one enterprise of this many managers made from golden-1's (bench/yearend_group)")
    parser.add_argument("--onboard", action="store_true",
                        help="the managers imported in bulk and their pay planned in one batch (a large --members)")
    parser.add_argument("--requests", type=int, default=300, help="timed record requests, round-robin")
    parser.add_argument("--warmup", type=int, default=20, help="untimed record requests first")
    parser.add_argument("--replay-seconds", type=float, default=3.0, help="least time spent replaying")
    parser.add_argument("--replay-processes", type=int, default=os.cpu_count() or 1,
                        help="processes replaying each store at once (1: in this process)")
    args = parser.parse_args()
    if args.requests < 2:
        parser.error("--requests needs at least 2 for percentiles")

    base = make_url(os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    server = base.set(drivername="postgresql").render_as_string(hide_password=False)
    scenario = load_scenario(args.scenario)
    if args.members:
        scenario = enterprise(scenario, 1, args.members)
    with tempfile.TemporaryDirectory(prefix="tenure-bench-") as logs, \
            postgres_databases(server, SERVICES, keep=False) as databases:
        latencies = record_latencies(scenario, databases, Path(logs), args)
        totals, passes = asyncio.run(replay_totals(databases, args.replay_seconds, args.replay_processes, AGGREGATES))
        floors = asyncio.run(floor_totals(databases, args.replay_seconds))

    q = statistics.quantiles(latencies, n=100, method="inclusive")  # within the data, whatever its size
    p99_ms = q[98] * 1000
    print(f"record_rebuild_http requests={len(latencies)} managers={len(scenario.managers)} "
          f"p50_ms={q[49] * 1000:.1f} p99_ms={p99_ms:.1f} mean_ms={statistics.fmean(latencies) * 1000:.1f} "
          f"max_ms={max(latencies) * 1000:.1f}")
    rate = print_replays(totals, passes, floors, args.replay_processes)
    print(f"goal: record_p99_ms < {GOAL_P99_MS:.0f} ({'met' if p99_ms < GOAL_P99_MS else 'missed'}), "
          f"replay_events_per_s >= {GOAL_EVENTS_PER_S} ({'met' if rate >= GOAL_EVENTS_PER_S else 'missed'})")
    print(f"record_p99_ms={p99_ms:.1f} replay_events_per_s={rate:.0f}")


if __name__ == "__main__":
    main()
