"""bench/relay.py's command generator: managers registered straight into the contract database, in process.

Each command is what POST /managers runs, without the HTTP in front: `handlers.register_manager` in a
`UnitOfWork` with contract's projector, committed, so it writes the `Manager.Registered` event, its read model
row and one outbox row for payroll, and its commit NOTIFYs the contract process's relay (on PostgreSQL).
The wiring names payroll as the only subscriber: the bench's lane is contract → payroll.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid4

from services.contract_svc.adapters.read_models import project
from services.contract_svc.application import handlers
from services.contract_svc.application.commands import RegisterEnterprise, RegisterManager
from shared.eventstore.db import create_engine
from shared.eventstore.store import Metadata
from shared.unit_of_work import UnitOfWork, Wiring

WRITERS = 16  # commands in flight: enough that a commit's latency does not cap the rate


@dataclass
class Written:
    """What a phase wrote: how many commands, over how long."""

    commands: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds from a command's start to its commit

    @property
    def rate(self) -> float:
        return self.commands / self.seconds if self.seconds else 0.0


class Generator:
    """Registers managers of one enterprise in the contract database, one command per transaction."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url, pool_size=WRITERS)
        self.wiring = Wiring(source="contract", engine=self.engine, subscriptions={"payroll": frozenset({"*"})},
                             projector=project)
        self._codes = itertools.count(1)
        self.committed: dict[str, datetime] = {}  # manager id (its message's stream) → when its command committed
        self._enterprise: UUID | None = None

    def _meta(self) -> Metadata:
        return Metadata(actor="bench", correlation_id=str(uuid4()), actor_name="bench/relay.py")

    async def setup(self) -> None:
        async with UnitOfWork(self.wiring, self._meta()) as uow:
            cmd = RegisterEnterprise(code="BENCH", name_zh="压测企业", category="market", has_board=True)
            self._enterprise = (await handlers.register_enterprise(uow, cmd)).id
            await uow.commit()

    async def register(self) -> None:
        assert self._enterprise is not None
        n = next(self._codes)
        cmd = RegisterManager(code=f"M{n:07d}", name=f"经理{n}", level="middle", position="middle_manager",
                              enterprise_id=self._enterprise)
        async with UnitOfWork(self.wiring, self._meta()) as uow:
            manager = await handlers.register_manager(uow, cmd)
            await uow.commit()
        self.committed[str(manager.id)] = datetime.now(UTC)  # its message exists for the relay from now on

    async def steady(self, rate: float, seconds: float, stop: asyncio.Event | None = None) -> Written:
        """`rate` commands a second, each started on its schedule, until `seconds` pass or `stop` is set."""
        written, running = Written(), set[asyncio.Task[None]]()
        room = asyncio.Semaphore(WRITERS * 4)
        started = time.perf_counter()
        for i in itertools.count():
            due = started + i / rate
            if (stop is None and due - started >= seconds) or (stop is not None and stop.is_set()):
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await room.acquire()  # a command path slower than the rate falls behind the schedule here
            task = asyncio.create_task(self._one(written, room))
            running.add(task)
            task.add_done_callback(running.discard)
        await asyncio.gather(*running)
        written.seconds = time.perf_counter() - started
        return written

    async def flat_out(self, commands: int) -> Written:
        """`commands` commands as fast as WRITERS writers commit them."""
        written, queue = Written(), iter(range(commands))
        started = time.perf_counter()

        async def writer() -> None:
            for _ in queue:
                await self._one(written, None)

        await asyncio.gather(*(writer() for _ in range(WRITERS)))
        written.seconds = time.perf_counter() - started
        return written

    async def _one(self, written: Written, room: asyncio.Semaphore | None) -> None:
        try:
            began = time.perf_counter()
            await self.register()
            written.latencies.append(time.perf_counter() - began)
            written.commands += 1
        except Exception as error:  # noqa: BLE001 - a failed command is counted and reported, not fatal
            written.failures.append(f"{type(error).__name__}: {error}"[:300])
        finally:
            if room is not None:
                room.release()

    async def aclose(self) -> None:
        await self.engine.dispose()
