"""The appraisal service's year-end for one enterprise of N members, in process (bench/appraisal_group.py).

Phases, each one request through the appraisal API (ASGI, in process) and timed in wall and CPU seconds of
this process (client, service and driver; the database server's own CPU is not in it):
batch (every member's audited actuals in one `POST /actuals/batch`: 3 items a member), open, closing,
confirmation, finalisation; then `GET /record-parts/{manager_id}` for `--reads` managers of the large
enterprise and as many of a 10-member one appraised alike, p50 and p99. Ratings are set up untimed.

`--profile PHASE` writes that phase's cProfile to `--profile-out` and prints its 30 costliest functions.
Ends `batch_s=.. closing_s=.. finalising_s=.. record_ms=..` (wall seconds; record_ms: the large one's p99).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.appraisal_group import Enterprise, actuals_batch, large_group, ratings, services_on  # noqa: E402
from tests.appraisal.api.helpers import YEAR  # noqa: E402
from tests.appraisal.conftest import Services  # noqa: E402

PHASES = ("batch", "open", "closing", "confirmation", "finalisation", "record")


class Phases:
    """Wall and CPU seconds of each phase; one of them profiled on request; with `traced`, each phase's peak of
    memory allocated above what was held when it began (tracemalloc: slower, so its times are not comparable)."""

    def __init__(self, profiled: str | None, out: Path, traced: bool = False) -> None:
        self.seconds: dict[str, tuple[float, float]] = {}
        self.profiled, self.out, self.traced = profiled, out, traced

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        profile = cProfile.Profile() if name == self.profiled else None
        if self.traced:
            tracemalloc.start() if not tracemalloc.is_tracing() else tracemalloc.reset_peak()
            held = tracemalloc.get_traced_memory()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        yield
        if profile:
            profile.disable()
        self.seconds[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        peak = f"  traced peak +{(tracemalloc.get_traced_memory()[1] - held) / 2**20:6.1f} MB" if self.traced else ""
        print(f"{name:<13} wall {self.seconds[name][0]:7.3f} s  cpu {self.seconds[name][1]:7.3f} s{peak}", flush=True)
        if profile:
            profile.dump_stats(self.out)
            pstats.Stats(str(self.out)).sort_stats("cumulative").print_stats(30)


async def ok(request: Awaitable[Any], parsed: bool = True) -> Any:
    """The answer's JSON; not `parsed` where it is not needed, so that a traced peak is the service's, not this
    client's reading of a 1,000-member group's answer."""
    response = await request
    if response.status_code >= 300:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} "
                           f"{response.text[:2000]}")
    return response.json() if parsed else None


async def year_end(api: Any, enterprise: Enterprise, phases: Phases | None) -> None:
    """Actuals in, open, close, confirm, finalise; timed phase by phase when `phases` is given."""
    def step(name: str) -> Any:
        return phases.timed(name) if phases else contextmanager(lambda: (yield))()

    for body in ratings(enterprise.members):
        await ok(api.post("/ratings", json=body))
    with step("batch"):
        await ok(api.post("/actuals/batch", json=actuals_batch(enterprise.members)), parsed=False)
    with step("open"):
        opened = await ok(api.post("/appraisals", json={"enterprise_id": enterprise.id, "year": YEAR}))
    url = f"/appraisals/{opened['id']}"
    with step("closing"):
        await ok(api.post(f"{url}/closing", json={"closed_on": f"{YEAR + 1}-01-20"}), parsed=False)
    with step("confirmation"):
        await ok(api.post(f"{url}/confirmation", json={"decided_on": f"{YEAR + 1}-01-25"}), parsed=False)
    with step("finalisation"):
        await ok(api.post(f"{url}/finalisation", json={"on": f"{YEAR + 1}-03-01"}), parsed=False)


async def record_latencies(api: Any, enterprise: Enterprise, reads: int) -> list[float]:
    step = max(1, len(enterprise.members) // reads)
    chosen = [enterprise.members[(i * step) % len(enterprise.members)] for i in range(reads)]
    latencies = []
    for member in [chosen[0], *chosen]:  # the first read warms up
        start = time.perf_counter()
        await ok(api.get(f"/record-parts/{member.manager_id}"))
        latencies.append(time.perf_counter() - start)
    return latencies[1:]


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] if len(latencies) > 1 else latencies[0]


async def run(args: argparse.Namespace) -> None:
    phases = Phases(args.profile, Path(args.profile_out), args.traced)
    with tempfile.TemporaryDirectory(prefix="appraisal-yearend-") as folder:
        async with services_on(args.backend, Path(folder)) as services:
            await measure(services, args, phases)


async def measure(services: Services, args: argparse.Namespace, phases: Phases) -> None:
    start = time.perf_counter()
    large, small = await large_group(services, args.members)
    print(f"setup: {len(large.members)} + {len(small.members)} members in {time.perf_counter() - start:.1f} s",
          flush=True)
    await year_end(services.appraisal, small, None)
    await year_end(services.appraisal, large, phases)
    with phases.timed("record"):
        big = await record_latencies(services.appraisal, large, args.reads)
    little = await record_latencies(services.appraisal, small, args.reads)
    for name, found in (("large", big), ("small", little)):
        print(f"record {name:<6} p50 {statistics.median(found) * 1000:7.1f} ms  p99 {p99(found) * 1000:7.1f} ms")
    s = phases.seconds
    print(f"batch_s={s['batch'][0]:.3f} closing_s={s['closing'][0]:.3f} finalising_s={s['finalisation'][0]:.3f} "
          f"record_ms={p99(big) * 1000:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("members", nargs="?", type=int, default=1000, help="members of the large enterprise")
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--reads", type=int, default=20, help="record reads of each enterprise")
    parser.add_argument("--profile", choices=PHASES, default=None)
    parser.add_argument("--traced", action="store_true", help="each phase's traced peak of memory (tracemalloc)")
    parser.add_argument("--profile-out", default="/tmp/appraisal_yearend.prof")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
