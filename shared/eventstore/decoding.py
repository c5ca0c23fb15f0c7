"""Stored records to domain events, fast: what `codec.mapper().to_domain_event` makes, without its Python hook
per JSON object.

The library's transcoder parses a state with `json` and calls a Python hook for every object in it, to turn the
tagged values it wrote (`{"_type_": "decimal_str", "_data_": "1.23"}`) back into Decimal, UUID, date and
datetime. Here orjson parses the state, and one walk goes into its containers only, turning the tagged values
back; the event is then made as the mapper makes it. A state orjson refuses (a float it cannot hold, an integer
past 64 bits) goes to the mapper. The stored bytes, which the hash chain covers, are read as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, SafeUUID

import orjson
from eventsourcing.persistence import StoredEvent, TranscodingNotRegisteredError, find_id_convertor
from eventsourcing.utils import resolve_topic

from shared.eventstore.codec import mapper

def _uuid(data: str) -> UUID:
    """UUIDAsHex's 32 hex digits without `UUID.__init__`'s parsing of every other spelling (which any other takes)."""
    if len(data) != 32:
        return UUID(data)
    value = object.__new__(UUID)
    object.__setattr__(value, "int", int(data, 16))
    object.__setattr__(value, "is_safe", SafeUUID.unknown)
    return value


TAGS: dict[str, Any] = {
    "decimal_str": Decimal, "uuid_hex": _uuid, "datetime_iso": datetime.fromisoformat, "date_iso": date.fromisoformat,
}
_TAG = b'"_type_"'


def _value(found: dict[str, Any]) -> Any:
    """A tagged value turned back, or a plain object walked."""
    if "_type_" in found and len(found) == 2 and "_data_" in found:
        try:
            return TAGS[found["_type_"]](found["_data_"])
        except KeyError:
            raise TranscodingNotRegisteredError(f"no transcoding named {found['_type_']!r}") from None
    for key, item in found.items():
        kind = type(item)
        if kind is dict:
            found[key] = _value(item)
        elif kind is list:
            _items(item)
    return found


def _items(found: list[Any]) -> None:
    for index, item in enumerate(found):
        kind = type(item)
        if kind is dict:
            found[index] = _value(item)
        elif kind is list:
            _items(item)


def decode_state(state: bytes) -> dict[str, Any]:
    """An event's state as the library's transcoder decodes it; walked only if it holds a tagged value."""
    try:
        parsed = orjson.loads(state)
    except orjson.JSONDecodeError:
        return mapper().transcoder.decode(state)  # type: ignore[no-any-return]
    return _value(parsed) if _TAG in state and type(parsed) is dict else parsed  # type: ignore[no-any-return]


def to_domain_event(stream_id: str, version: int, topic: str, state: bytes) -> Any:
    """The domain event of a stored record, as `mapper().to_domain_event` makes it."""
    cls = resolve_topic(topic)
    event_state = decode_state(state)
    if type(event_state) is not dict:  # not an event's state: the mapper raises what it raises
        return mapper().to_domain_event(StoredEvent(stream_id, version, topic, state))
    event_state["originator_id"] = find_id_convertor(cls, str)(stream_id)
    event_state["originator_version"] = version
    class_version = getattr(cls, "class_version", 1)
    from_version = event_state.pop("class_version", 1)
    while from_version < class_version:
        getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(event_state)
        from_version += 1
    domain_event = object.__new__(cls)
    object.__setattr__(domain_event, "__dict__", event_state)
    return domain_event
