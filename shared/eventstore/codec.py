"""Domain events to stored records and back, with the eventsourcing library's mapper."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    Transcoding,
    UUIDAsHex,
)


class DateAsISO(Transcoding):
    """Business dates (effective dates, tenure bounds) as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@lru_cache(maxsize=1)
def mapper() -> Mapper:
    """One mapper for every service: Decimal, date, datetime and UUID round-trip exactly."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return Mapper(transcoder=transcoder)
