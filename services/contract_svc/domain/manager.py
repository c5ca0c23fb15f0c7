"""A manager under contract: a member of the management team, a mid-level cadre or a professional manager."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from shared.domain.inputs import optional_text, require_choice, require_reason, require_text
from shared.domain.vocabulary import LEVELS, POSITIONS


class Manager(Aggregate):
    @classmethod
    def register(
        cls, code: str, name: str, level: str, position: str, title: str | None, enterprise_id: UUID
    ) -> Manager:
        return cls(
            code=require_text(code, "code"),
            name=require_text(name, "name"),
            level=require_choice(level, LEVELS, "level", "known_level"),
            position=require_choice(position, POSITIONS, "position", "known_position"),
            title=optional_text(title, "title"),
            enterprise_id=enterprise_id,
        )

    @event("Registered")
    def __init__(self, code: str, name: str, level: str, position: str, title: str | None, enterprise_id: UUID) -> None:
        self.code = code
        self.name = name
        self.level = level
        self.position = position
        self.title = title
        self.enterprise_id = enterprise_id

    def change_position(self, position: str, reason: str, level: str | None = None, title: str | None = None) -> None:
        """Move to another position; level and title stay unless given."""
        position = require_choice(position, POSITIONS, "position", "known_position")
        level = self.level if level is None else require_choice(level, LEVELS, "level", "known_level")
        self._position_changed(
            position=position,
            level=level,
            title=self.title if title is None else optional_text(title, "title"),
            reason=require_reason(reason),
        )

    @event("PositionChanged")
    def _position_changed(self, position: str, level: str, title: str | None, reason: str) -> None:
        self.position = position
        self.level = level
        self.title = title
