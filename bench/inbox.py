"""The inbox processor alone, in process: how fast recorded messages take effect, and the CPU each costs.

Contract's application layer registers `--messages` managers (bench/relay_load.py), each leaving one outbox
row for payroll; their bodies are recorded in payroll's inbox as deliveries would record them (in batches of
200); then payroll's InboxProcessor makes them take effect (payroll learns each manager), timed alone: wall
and CPU seconds of this process (the processor; on SQLite the database too) and, on PostgreSQL, of the
server's backends. Repeated `--repeat` times on emptied inboxes and read models.
Ends with `inbox_msgs_per_s=<best> inbox_cpu_ms_per_msg=<this process, best run>`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import TypeAdapter  # noqa: E402
from sqlalchemy import delete, select, text  # noqa: E402

from bench.relay_load import Generator  # noqa: E402
from deploy.services import SERVICES  # noqa: E402
from services.payroll_svc.adapters.read_models import project  # noqa: E402
from services.payroll_svc.application.messages import MESSAGE_HANDLERS  # noqa: E402
from shared.delivery.inbox import record  # noqa: E402
from shared.delivery.processor import InboxProcessor  # noqa: E402
from shared.eventstore.db import create_engine  # noqa: E402
from shared.eventstore.tables import inbox, outbox  # noqa: E402
from shared.knowledge.tables import known_managers  # noqa: E402
from shared.messages import Message  # noqa: E402
from shared.migrations import upgrade_async  # noqa: E402
from shared.unit_of_work import Wiring  # noqa: E402
from tenurectl.processes import postgres_databases, postgres_server, sqlite_databases  # noqa: E402

_MESSAGE = TypeAdapter(Message)
ENTRIES = [e for e in SERVICES if e.name in ("contract", "payroll")]
ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = {e.name: ROOT / "services" / f"{e.name}_svc" / "migrations" for e in ENTRIES}


def backend_cpu_seconds() -> float:
    """CPU seconds of every backend of this PostgreSQL server (its processes, from /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if "postgres" in fields[0]:
                parts = fields[1].split()
                total += (int(parts[11]) + int(parts[12])) / 100.0
        except OSError:
            continue
    return total


async def bench(urls: dict[str, str], args: argparse.Namespace) -> str:
    for name, url in urls.items():
        await upgrade_async(MIGRATIONS[name], url)
    generator = Generator(urls["contract"])
    await generator.setup()
    await generator.flat_out(args.messages)
    async with generator.engine.connect() as conn:
        bodies = list((await conn.execute(select(outbox.c.body).where(outbox.c.destination == "payroll")
                                           .order_by(outbox.c.id))).scalars())
    await generator.aclose()
    messages = [_MESSAGE.validate_json(b) for b in bodies]
    engine = create_engine(urls["payroll"])
    wiring = Wiring(source="payroll", engine=engine, projector=project)
    postgres = urls["payroll"].startswith("postgresql")
    best = (0.0, float("inf"))
    for run in range(args.repeat):
        async with engine.begin() as conn:
            await conn.execute(delete(inbox))
            await conn.execute(delete(known_managers))
            for start in range(0, len(messages), 200):
                await record(conn, "contract", messages[start:start + 200], wiring.clock())
        processor = InboxProcessor(wiring, MESSAGE_HANDLERS)
        server_before = backend_cpu_seconds() if postgres else 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        done = await processor.process_once()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        server = (backend_cpu_seconds() - server_before) if postgres else 0.0
        async with engine.connect() as conn:
            learned = (await conn.execute(text("SELECT count(*) FROM known_managers"))).scalar_one()
        rate, per = done / wall, cpu * 1000 / max(1, done)
        print(f"run {run + 1}: {done} messages took effect in {wall:.2f} s: {rate:.0f} msg/s; cpu ms per message: "
              f"processor {per:.3f}" + (f" postgres {server * 1000 / max(1, done):.3f}" if postgres else "")
              + f"; {learned} managers learned")
        best = (max(best[0], rate), min(best[1], per))
    await engine.dispose()
    return f"inbox_msgs_per_s={best[0]:.0f} inbox_cpu_ms_per_msg={best[1]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-inbox-") as folder:
        made = postgres_databases(postgres_server(), ENTRIES, keep=False) if args.database == "postgres" \
            else sqlite_databases(Path(folder), ENTRIES)
        with made as urls:
            print(asyncio.run(bench(urls, args)))


if __name__ == "__main__":
    main()
