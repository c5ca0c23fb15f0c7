"""What one pass of the inbox processor holds back, and why a message is not taken at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row


def stream_of(row: Row[Any]) -> tuple[str, str]:
    """The stream an inbox row belongs to (a message recorded before revision 0004 is a stream of its own)."""
    return row.source, row.stream_id or row.message_id


def fresh(row: Row[Any]) -> bool:
    """Never tried before: neither waiting nor failed."""
    return row.waiting_for is None and row.attempts == 0


class TakenElsewhereError(Exception):
    """Another worker made the message take effect first: this step is undone."""


@dataclass
class Pass:
    """What one pass took: how many took effect, and per stream the earliest version that waits or failed."""

    done: int = 0
    held: dict[tuple[str, str], int] = field(default_factory=dict)

    def holds(self, row: Row[Any]) -> bool:
        """A later message of a stream whose earlier one waits must not overtake it; an earlier one may."""
        key = stream_of(row)
        return key in self.held and (row.version or 0) > self.held[key]

    def hold(self, row: Row[Any]) -> None:
        key, version = stream_of(row), row.version or 0
        self.held[key] = min(version, self.held.get(key, version))
