"""Messages from contract to payroll, end to end, through real service processes: lag, throughput, recovery, idle.

The contract and payroll services run as their own uvicorn processes (deploy/processes.py) on fresh databases,
PostgreSQL by default (TENURECTL_POSTGRES_URL, else postgres@127.0.0.1:5432), `--database sqlite` too. This
process is the command generator: it registers managers straight into the contract database through the
contract application layer (bench/relay_load.py), so the rate is not capped by HTTP; each commit leaves one
outbox row for payroll and NOTIFYs the contract process, whose relay delivers it to payroll's /inbox; payroll's
inbox processor makes it take effect (payroll learns the manager). Only contract → payroll runs: appraisal is
not started and contract's relay knows only payroll. Figures come from the databases' timestamps
(bench/relay_figures.py): delivery lag = delivered_at − created_at, effect lag = payroll's processed_at −
created_at.

Phases, one after another on the same services:
* steady: `--rates` commands/s, each for `--seconds`: the rate achieved and lag p50/p99 per rate;
* saturation: payroll stopped, `--backlog` commands written, payroll started: messages/s delivered and processed;
* outage: 200 commands/s throughout; payroll SIGKILLed for `--outage` s, started again: catch-up seconds from
  payroll answering /health until every message written before then has taken effect (and has been delivered);
* idle: `--idle-seconds` with nothing to do: CPU % of a core per service (/proc/<pid>/stat).
Ends with `idle_cpu_pct=<max over the services>`, then
`relay_p99_ms=<delivery lag p99 at 500/s> relay_msgs_per_s=<saturation, delivered> catch_up_s=<after the outage>`.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.relay_figures import (  # noqa: E402
    Lags, Message, Throughput, catch_up_seconds, drained, last_outbox_id, messages_after, percentiles_ms,
)
from bench.relay_load import Generator, Written  # noqa: E402
from bench.relay_services import CpuMeter, Services, services_on  # noqa: E402
from shared.eventstore.db import create_engine  # noqa: E402

GOALS = "goals: delivery lag p99 <= 200 ms at 500/s, >= 2000 messages/s at saturation, catch-up <= 5 s, idle < 1 %"
OUTAGE_RATE = 200.0


class Run:
    """The phases, on one pair of running services."""

    def __init__(self, services: Services, args: argparse.Namespace) -> None:
        self.services, self.args = services, args
        self.generator = Generator(services.databases["contract"])
        self.contract = self.generator.engine
        self.payroll = create_engine(services.databases["payroll"], pool_size=2)
        self.meter = CpuMeter(services)

    async def messages(self, after: int) -> list[Message]:
        return await messages_after(self.contract, self.payroll, after, self.generator.committed)

    def cpu_text(self, messages: int) -> str:
        """CPU % of a core of each process since the meter started, and its CPU time per message."""
        per = " ".join(f"{k} {v * 1000 / max(1, messages):.2f}" for k, v in self.meter.seconds().items())
        return "cpu % of a core: " + " ".join(f"{k} {v:5.1f}" for k, v in self.meter.read().items()) + \
            f"   cpu ms per message: {per}"

    async def drain(self) -> None:
        if not await drained(self.contract, self.payroll, timeout=max(120.0, self.args.backlog / 20)):
            print("  (timed out waiting for every message to take effect)")

    async def steady(self, rate: float) -> Lags:
        after = await last_outbox_id(self.contract)
        self.meter.start()
        written = await self.generator.steady(rate, self.args.seconds)
        await self.drain()
        lags = Lags.of(await self.messages(after))
        command = percentiles_ms(written.latencies)
        print(f"steady {rate:6.0f}/s: achieved {written.rate:7.1f}/s (command to commit p50 {command[0]:.1f} ms "
              f"p99 {command[1]:.1f} ms)  {lags.text()}{failures(written)}")
        print(f"  {self.cpu_text(lags.messages)}")
        return lags

    async def saturation(self) -> Throughput:
        self.services.stop("payroll")
        after = await last_outbox_id(self.contract)
        written = await self.generator.flat_out(self.args.backlog)
        print(f"saturation: {written.commands} commands written in {written.seconds:.1f} s "
              f"({written.rate:.0f}/s) with payroll down{failures(written)}")
        healthy = await asyncio.to_thread(self.services.start, "payroll")
        self.meter.start()
        await self.drain()
        cpu = self.cpu_text(self.args.backlog)
        result = Throughput.of(await self.messages(after), healthy)
        print(f"  payroll up: first delivery after {result.first_delivery_s:.2f} s; delivered "
              f"{result.delivered_per_s:.0f} msg/s from payroll's /health ({result.delivered_per_s_flowing:.0f} "
              f"msg/s from the first delivery), processed {result.processed_per_s:.0f} msg/s\n  {cpu}")
        return result

    async def outage(self) -> float:
        after, stop = await last_outbox_id(self.contract), asyncio.Event()
        writing = asyncio.create_task(self.generator.steady(OUTAGE_RATE, math.inf, stop))
        await asyncio.sleep(min(5.0, self.args.seconds))
        self.services.kill("payroll")
        await asyncio.sleep(self.args.outage)
        healthy = await asyncio.to_thread(self.services.start, "payroll")
        self.meter.start()
        await asyncio.sleep(self.args.seconds)
        stop.set()
        written = await writing
        await self.drain()
        messages = await self.messages(after)
        catch_up, delivered = catch_up_seconds(messages, healthy), catch_up_seconds(messages, healthy, "delivered")
        print(f"outage: {OUTAGE_RATE:.0f}/s (achieved {written.rate:.1f}/s), payroll killed for {self.args.outage:g} s: "
              f"{sum(m.created <= healthy for m in messages)} messages before it answered /health, all delivered "
              f"{delivered:.2f} s and all taken effect (caught up) {catch_up:.2f} s after{failures(written)}")
        later = Lags.of([m for m in messages if m.created > healthy])
        print(f"  written after it was back: {later.text()}\n  {self.cpu_text(len(messages))}")
        return catch_up

    async def idle(self) -> float:
        await asyncio.sleep(1.0)  # the last deliveries' marks and wakes settle
        self.meter.start()
        await asyncio.sleep(self.args.idle_seconds)
        cpu = self.meter.read()
        print(f"idle {self.args.idle_seconds:g} s: cpu % of a core: " + " ".join(f"{k} {v:.2f}" for k, v in cpu.items()))
        return max(v for k, v in cpu.items() if k in self.services.entries)

    async def aclose(self) -> None:
        await self.generator.aclose()
        await self.payroll.dispose()


def failures(written: Written) -> str:
    return f"  ({len(written.failures)} commands FAILED, first: {written.failures[0]})" if written.failures else ""


async def bench(services: Services, args: argparse.Namespace) -> str:
    services.start("contract")
    services.start("payroll")
    run = Run(services, args)
    try:
        await run.generator.setup()
        await run.drain()
        lags = {rate: await run.steady(rate) for rate in args.rates}
        saturation = await run.saturation()
        catch_up = await run.outage()
        idle = await run.idle()
    finally:
        await run.aclose()
    print(GOALS)
    print(f"idle_cpu_pct={idle:.2f}")
    p99 = lags[500.0].delivery[1] if 500.0 in lags else lags[max(lags)].delivery[1]
    return f"relay_p99_ms={p99:.1f} relay_msgs_per_s={saturation.delivered_per_s:.0f} catch_up_s={catch_up:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--rates", type=lambda s: [float(r) for r in s.split(",")], default=[50.0, 200.0, 500.0, 1000.0],
                        help="steady command rates, comma separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of each steady rate")
    parser.add_argument("--backlog", type=int, default=20000, help="commands written while payroll is down")
    parser.add_argument("--outage", type=float, default=60.0, help="seconds payroll stays killed")
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as folder, services_on(args.database, Path(folder)) as services:
        try:
            line = asyncio.run(bench(services, args))
        except Exception:
            for name in services.entries:
                log = Path(folder) / f"{name}.log"
                if log.exists():
                    print(f"--- {name}'s log ends:\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
            raise
    print(line)


if __name__ == "__main__":
    main()
