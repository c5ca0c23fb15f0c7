"""Stored records decode to the same domain events the library's mapper makes, without its hook per object."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent, TranscodingNotRegisteredError

from shared.eventstore.codec import mapper
from shared.eventstore.decoding import decode_state, to_domain_event


class Sheet(Aggregate):
    @event("Drafted")
    def __init__(self, kpis: list[dict], on: date, at: datetime, owner: uuid.UUID, total: Decimal) -> None:
        self.kpis, self.on, self.at, self.owner, self.total = kpis, on, at, owner, total

    @event("Scored")
    def score(self, scores: dict[str, Decimal], notes: list[list[object]]) -> None:
        self.scores, self.notes = scores, notes


def sheet() -> Sheet:
    kpis = [{"code": "revenue", "weight": Decimal("30"), "targets": {"2022": Decimal("10000.5")}, "main": True},
            {"code": "party", "weight": 20, "veto_below": 60.5, "tiers": [Decimal("1"), None, "x"]}]
    s = Sheet(kpis, date(2022, 1, 1), datetime(2022, 3, 4, 5, 6, 7, 8, tzinfo=UTC), uuid.uuid4(), Decimal("0.125"))
    s.score({"revenue": Decimal("30.62499999999999999999999999")}, [[uuid.uuid4(), date(2023, 6, 30)], []])
    return s


def stored(aggregate: Aggregate) -> list[StoredEvent]:
    return [mapper().to_stored_event(e) for e in aggregate.collect_events()]


def test_every_stored_event_decodes_to_what_the_libraries_mapper_makes_of_it() -> None:
    for record in stored(sheet()):
        fast = to_domain_event(str(record.originator_id), record.originator_version, record.topic, record.state)
        slow = mapper().to_domain_event(StoredEvent(str(record.originator_id), record.originator_version,
                                                    record.topic, record.state))
        assert type(fast) is type(slow) and vars(fast) == vars(slow)
        assert {type(v) for v in vars(fast).values()} == {type(v) for v in vars(slow).values()}


def test_the_decoded_events_rebuild_the_aggregate_exactly() -> None:
    original = sheet()
    records = stored(original)
    rebuilt = None
    for r in records:
        rebuilt = to_domain_event(str(r.originator_id), r.originator_version, r.topic, r.state).mutate(rebuilt)
    assert rebuilt is not None and rebuilt.scores == original.scores and rebuilt.kpis == original.kpis
    assert type(rebuilt.notes[0][0]) is uuid.UUID and rebuilt.at == original.at and rebuilt.total == Decimal("0.125")


def test_a_state_orjson_cannot_read_is_decoded_by_the_libraries_transcoder() -> None:
    big = b'{"count": 123456789012345678901234567890, "nan": NaN}'

    decoded = decode_state(big)

    assert decoded["count"] == 123456789012345678901234567890 and decoded["nan"] != decoded["nan"]


def test_a_value_tagged_with_an_unknown_transcoding_is_refused() -> None:
    with pytest.raises(TranscodingNotRegisteredError):
        decode_state(b'{"x": {"_type_": "money_cny", "_data_": "1"}}')


def test_an_object_with_the_tag_keys_and_more_is_an_object() -> None:
    assert decode_state(b'{"x": {"_type_": "decimal_str", "_data_": "1", "y": 2}}') == {
        "x": {"_type_": "decimal_str", "_data_": "1", "y": 2}}
