"""Frozen dataclasses as the plain dicts events and read models hold, and back: their field names looked up once
per class (`dataclasses.fields` walks every field's descriptor on each call, a cost paid per KPI on a replay)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from functools import cache
from typing import Any


@cache
def field_names(cls: type) -> tuple[str, ...]:
    """The dataclass `cls`'s field names, in order."""
    return tuple(f.name for f in fields(cls))


def known(cls: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of `values` that are fields of `cls` (an older event may carry more, e.g. a sheet)."""
    return {name: values[name] for name in field_names(cls) if name in values}


def as_values(record: Any) -> dict[str, Any]:
    """A dataclass instance's fields as a dict, values as they are (not copied, unlike `dataclasses.asdict`)."""
    return {name: getattr(record, name) for name in field_names(type(record))}
