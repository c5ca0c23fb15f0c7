"""The relay's service killed in the middle of a delivery: the receiver has recorded the batch, the sender
never learned it. Started again, the sender delivers that batch again and the rest; every message takes
effect exactly once."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import httpx
from sqlalchemy import func, select

from shared.eventstore.db import create_engine
from shared.eventstore.tables import outbox
from tests.e2e.processes import free_port, service_process, spawned
from tests.e2e.test_contract_process import GROUP_HR, received, wait_for

MANAGERS = 60
MESSAGES = 1 + MANAGERS  # the enterprise and its managers


def consumer_count(database: Path, query: str) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(database) as conn:
        try:
            return int(conn.execute(query).fetchone()[0])
        except sqlite3.OperationalError:  # its tables are not made yet
            return 0


def delivered(database_url: str) -> int:
    """How many of the contract outbox's rows the sender has marked delivered."""

    async def count() -> int:
        engine = create_engine(database_url)
        async with engine.connect() as conn:
            found = await conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.delivered_at.is_not(None)))
        await engine.dispose()
        return int(found or 0)

    return asyncio.run(count())


def registered(contract: str) -> None:
    http = httpx.Client(base_url=contract, headers=GROUP_HR, timeout=10)
    body = {"code": "E1", "name_zh": "成渝科技有限公司", "category": "market", "has_board": True}
    enterprise = http.post("/enterprises", json=body).json()
    for index in range(MANAGERS):
        manager = {"code": f"M{index:03d}", "name": "赵磊", "level": "middle", "position": "middle_manager",
                   "enterprise_id": enterprise["id"]}
        assert http.post("/managers", json=manager).status_code == 201


def test_a_sender_killed_mid_batch_delivers_every_message_once_in_effect(database_url: str, tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "processes.log"
    consumer_db = tmp_path / "consumer.db"
    contract_env = {"CONTRACT_DATABASE_URL": database_url, "CONTRACT_UPGRADE_ON_START": "true",
                    "CONTRACT_SUBSCRIBERS": json.dumps({"appraisal": f"http://127.0.0.1:{port}"}),
                    "CONTRACT_RELAY_BATCH_SIZE": "10", "CONTRACT_RELAY_PARTITIONS": "2"}
    consumer_env = {"CONSUMER_DATABASE_URL": f"sqlite:///{consumer_db}", "CONSUMER_ANSWER_DELAY": "1.0"}
    with service_process("tests.e2e.consumer_app:app", consumer_env, log, port=port):
        with spawned("services.contract_svc.main:app", contract_env, log) as (contract, process):
            registered(contract)
            # the first batches are recorded and committed by the receiver; their answers are a second late
            wait_for(lambda: consumer_count(consumer_db, "SELECT count(*) FROM inbox") > 0, timeout=30)
            process.kill()
            process.wait()
        recorded_at_the_kill = consumer_count(consumer_db, "SELECT count(*) FROM inbox")
        assert delivered(database_url) < recorded_at_the_kill, "the kill came after the sender had marked them"
        with service_process("services.contract_svc.main:app", contract_env, log) as contract:
            wait_for(lambda: delivered(database_url) == MESSAGES, timeout=60)
        wait_for(lambda: consumer_count(consumer_db, "SELECT count(*) FROM inbox WHERE processed_at IS NOT NULL")
                 == MESSAGES, timeout=30)
        receipts = received(f"http://127.0.0.1:{port}")
    assert len(receipts) == MESSAGES == len({r["message_id"] for r in receipts}), "a message took effect twice"
