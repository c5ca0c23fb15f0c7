"""How near the framework's cost a command can come on this machine: `GET /health` against the least command
this stack can serve (bench/command_floor_app.py: a pydantic body, one transaction of two INSERTs, through the
project's SQLAlchemy engine and through bare asyncpg), on one uvicorn process, measured as bench/yearend.py
measures `cmd_ratio` (bench/yearend_measure.py: the same seconds from the same client threads; requests/s, and
the process's CPU milliseconds per request). A `cmd_ratio` goal above these floors' ratios cannot be met by
any command that writes through this stack.

Ends `floor_ratio_sqlalchemy=<x> floor_ratio_asyncpg=<y>` (requests/s of each over `/health`'s, best of rounds).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.yearend_measure import Rate, rate  # noqa: E402
from deploy.processes import free_port  # noqa: E402
from tenurectl.processes import postgres_databases  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BODY = {"code": "M01", "name": "张三", "level": "middle", "position": "general_manager", "title": "总经理",
        "enterprise_id": str(uuid.uuid4())}


def measured(url: str, pid: int, seconds: float, threads: int) -> dict[str, Rate]:
    return {
        "health": rate(lambda c: c.get("/health").raise_for_status(), url, seconds, threads, pid),
        "sqlalchemy": rate(lambda c: c.post("/sqlalchemy", json=BODY).raise_for_status(), url, seconds, threads, pid),
        "asyncpg": rate(lambda c: c.post("/asyncpg", json=BODY).raise_for_status(), url, seconds, threads, pid),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    server = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    floor = [SimpleNamespace(name="floor")]  # one database, named as a service's would be
    with postgres_databases(server, floor, keep=False) as databases:  # type: ignore[arg-type]
        port = free_port()
        env = {**os.environ, "FLOOR_DATABASE_URL": databases["floor"], "PYTHONPATH": str(ROOT)}
        process = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench.command_floor_app:app", "--port",
                                    str(port), "--log-level", "warning"], cwd=ROOT, env=env)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url)
            best = {"sqlalchemy": 0.0, "asyncpg": 0.0}
            for _ in range(args.rounds):
                rates = measured(url, process.pid, args.seconds, args.threads)
                print(" ".join(f"{name}_per_s={r.per_s:.1f} cpu_ms={r.cpu_ms:.3f}" for name, r in rates.items()))
                for name in best:
                    best[name] = max(best[name], rates[name].per_s / rates["health"].per_s)
        finally:
            process.terminate()
            process.wait()
    print(" ".join(f"floor_ratio_{name}={ratio:.2f}" for name, ratio in best.items()))


def _wait(url: str) -> None:
    for _ in range(150):
        try:
            httpx.get(url + "/health").raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the floor app did not start")


if __name__ == "__main__":
    main()
