"""Replays kept for reads: a stream that many records share (an appraisal group's, whose opening and ranking
list every member; a policy) is decoded once per head, not once per record read.

For reads only: the aggregate handed back is shared and must not be changed (commands load their own through
`UnitOfWork.load`). Each read still reads the whole stream and checks every record of it against the chain, as
`replay` does; only when the head (version and hash) is the one kept, which the chain binds to everything before
it, are the events and aggregate decoded earlier handed out again instead of decoded anew.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import Aggregate

from shared.eventstore import chain
from shared.eventstore.recorded import RecordedEvent
from shared.replay import Seen, broken_stream, replay

KEPT_BYTES = 4 * 1024 * 1024  # the states of all streams kept add up to no more (least recently read go first)
Head = tuple[str, int, str]  # stream, version, hash
Kept = tuple[Aggregate | None, list[Any], int]  # the aggregate, its decoded events, the states' bytes

_kept: OrderedDict[Head, Kept] = OrderedDict()


def replay_for_reading(records: Sequence[RecordedEvent], seen: Seen | None = None) -> Aggregate | None:
    """What `replay` gives, from what was kept when the stream's head is the one kept."""
    size = sum(len(record.state) for record in records)
    if size > KEPT_BYTES:
        return replay(records, seen)
    head = (records[-1].stream_id, records[-1].version, records[-1].hash)
    kept = _kept.get(head)
    if kept is None:
        events: list[Any] = []
        kept = (replay(records, lambda _, event: events.append(event)), events, size)
        _keep(head, kept)
    else:
        _check(records)
        _kept.move_to_end(head)
    if seen is not None:
        for record, event in zip(records, kept[1], strict=True):
            seen(record, event)
    return kept[0]


def _check(records: Sequence[RecordedEvent]) -> None:
    expected_prev = chain.GENESIS
    for position, record in enumerate(records, start=1):
        if problems := chain.problems_at(record, position, expected_prev):
            raise broken_stream(record.stream_id, position, problems[0])
        expected_prev = record.hash


def _keep(head: Head, kept: Kept) -> None:
    _kept[head] = kept
    while sum(size for _, _, size in _kept.values()) > KEPT_BYTES:
        _kept.popitem(last=False)


def forget() -> None:
    """Nothing kept (tests)."""
    _kept.clear()
