"""A target bid (摘标, 003): targets and pay published first; a manager takes it by a signed confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from shared.errors import RuleViolationError

from shared.domain.inputs import require_choice, require_date, require_not_before, require_reason, require_text
from shared.domain.kpi import Kpi
from shared.domain.parameters import PolicyParameters
from .pay import Pay, check_pay
from .sheet import sheet_of, validate_sheet
from shared.domain.vocabulary import LEVELS, POSITIONS


@dataclass(frozen=True)
class BidDecline:
    manager_id: UUID
    reason: str
    declined_on: date


class TargetBid(Aggregate):
    @classmethod
    def publish(
        cls,
        enterprise_id: UUID,
        position: str,
        level: str,
        kpis: list[dict[str, Any]],
        pay: dict[str, Any],
        params: PolicyParameters,
        published_on: date,
        policy_id: UUID | None = None,
        policy_version: int | None = None,
    ) -> TargetBid:
        """Open a bid whose KPI sheet and pay plan meet `params`."""
        level = require_choice(level, LEVELS, "level", "known_level")
        return cls(
            enterprise_id=enterprise_id,
            position=require_choice(position, POSITIONS, "position", "known_position"),
            level=level,
            kpis=validate_sheet(kpis, params),
            pay=check_pay(pay, level, params),
            published_on=require_date(published_on, "published_on"),
            policy_id=policy_id,
            policy_version=policy_version,
        )

    @event("Published")
    def __init__(
        self,
        enterprise_id: UUID,
        position: str,
        level: str,
        kpis: list[dict[str, Any]],
        pay: dict[str, Decimal],
        published_on: date,
        policy_id: UUID | None,
        policy_version: int | None,
    ) -> None:
        self.enterprise_id, self.position, self.level = enterprise_id, position, level
        self.kpis: tuple[Kpi, ...] = sheet_of(kpis)
        self.pay = Pay.from_normalised(pay)
        self.published_on = published_on
        self.policy_id, self.policy_version = policy_id, policy_version
        self.status = "open"
        self.accepted_by: UUID | None = None
        self.confirmation_ref: str | None = None
        self.accepted_on: date | None = None
        self.declines: tuple[BidDecline, ...] = ()

    def accept(self, manager_id: UUID, confirmation_ref: str, signed_on: date) -> None:
        """The manager takes the bid by a signed confirmation; the bid closes."""
        self._require_open("accept")
        self._accepted(
            manager_id=manager_id,
            confirmation_ref=require_text(confirmation_ref, "confirmation_ref"),
            signed_on=self._not_before_publication(signed_on, "signed_on"),
        )

    @event("Accepted")
    def _accepted(self, manager_id: UUID, confirmation_ref: str, signed_on: date) -> None:
        self.status = "accepted"
        self.accepted_by, self.confirmation_ref, self.accepted_on = manager_id, confirmation_ref, signed_on

    def decline(self, manager_id: UUID, reason: str, declined_on: date) -> None:
        """The manager declines; the bid stays open for another."""
        self._require_open("decline")
        self._declined(
            manager_id=manager_id,
            reason=require_reason(reason),
            declined_on=self._not_before_publication(declined_on, "declined_on"),
        )

    @event("Declined")
    def _declined(self, manager_id: UUID, reason: str, declined_on: date) -> None:
        self.declines = (*self.declines, BidDecline(manager_id, reason, declined_on))

    def _not_before_publication(self, on: date, field: str) -> date:
        require_not_before(require_date(on, field), self.published_on, field, "the publication on")
        return on

    def _require_open(self, action: str) -> None:
        if self.status != "open":
            raise RuleViolationError(
                f"cannot {action}: the bid was taken on {self.accepted_on}", field="status", rule="bid_closed"
            )
