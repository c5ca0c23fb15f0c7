"""Reads replay a large shared stream once per head: later reads check its chain again and get what was kept."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from eventsourcing.domain import Aggregate, event

from shared.errors import BrokenStreamError
from shared.eventstore import chain
from shared.eventstore.codec import mapper
from shared.eventstore.recorded import Metadata, NewEvent, RecordedEvent, chained
from shared.replay_kept import KEPT_BYTES, forget, replay_for_reading

META = Metadata(actor="hr.sun", correlation_id=str(uuid.uuid4()))


class Group(Aggregate):
    @event("Opened")
    def __init__(self, members: list[str]) -> None:
        self.members = members

    @event("Closed")
    def close(self, note: str) -> None:
        self.note = note


def records_of(members: int, closed: bool = True) -> list[RecordedEvent]:
    group = Group([f"member-{i:06d}-" + "x" * 40 for i in range(members)])
    if closed:
        group.close("ranked")
    stored = [mapper().to_stored_event(e) for e in group.collect_events()]
    new = [NewEvent(s.topic, s.state) for s in stored]
    return chained(str(group.id), (0, chain.GENESIS), new, META, datetime(2025, 1, 5, tzinfo=UTC))


@pytest.fixture(autouse=True)
def nothing_kept() -> None:
    forget()


def test_a_shared_stream_read_again_with_the_same_head_gives_what_was_kept() -> None:
    records = records_of(2000)
    seen: list[str] = []

    first = replay_for_reading(records)
    again = replay_for_reading(records, lambda record, e: seen.append(type(e).__name__))

    assert again is first and again.note == "ranked" and seen == ["Opened", "Closed"]


def test_a_stream_larger_than_all_that_may_be_kept_is_replayed_on_every_read() -> None:
    records = records_of(KEPT_BYTES // 50)
    assert sum(len(r.state) for r in records) > KEPT_BYTES

    assert replay_for_reading(records) is not replay_for_reading(records)


def test_a_stream_read_at_another_head_is_replayed_there() -> None:
    records = records_of(2000)

    whole, opened_only = replay_for_reading(records), replay_for_reading(records[:1])

    assert whole is not opened_only and not hasattr(opened_only, "note") and whole.version == 2


def test_a_kept_stream_edited_since_is_a_broken_stream_on_the_next_read() -> None:
    records = records_of(2000)
    replay_for_reading(records)
    edited = [records[0]._replace(state=records[0].state.replace(b"member-000001", b"member-999999")), records[1]]

    with pytest.raises(BrokenStreamError) as raised:
        replay_for_reading(edited)

    assert raised.value.extra == {"stream_id": records[0].stream_id, "position": 1}
