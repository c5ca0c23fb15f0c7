"""NATS for the messaging tests: the server of CI (127.0.0.1:4222, JetStream on) must answer, never skipped;
each test has subjects and streams of its own, deleted after it."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator

import nats
import pytest

from shared.delivery.nats import delete_streams

NATS_URL = os.environ.get("TEST_NATS_URL", "nats://127.0.0.1:4222")
SERVICES = ("contract", "appraisal", "payroll")


@pytest.fixture
async def nats_prefix() -> AsyncIterator[str]:
    """A random prefix for this test's streams; they are deleted at the end."""
    try:
        client = await nats.connect(NATS_URL, connect_timeout=3, max_reconnect_attempts=0, allow_reconnect=False)
        await client.jetstream().account_info()
        await client.close()
    except Exception as error:  # noqa: BLE001 - any reason NATS is not usable fails the test, as CI runs it
        pytest.fail(f"NATS with JetStream is required at {NATS_URL}: {type(error).__name__}: {error}")
    prefix = f"test{secrets.token_hex(4)}"
    yield prefix
    await delete_streams(NATS_URL, prefix, SERVICES)
