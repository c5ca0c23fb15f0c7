"""An onboarding: the group bringing an enterprise's serving managers in at once, from the signed papers it
already holds (their agreements, the board's decisions, their letters). It is itself a record: who imported
what, from which source, with the digest of what was imported; every fact it brings in is an event of its own
aggregate, caused by it (`causation_id` `onboarding:<id>`), so an auditor reads each fact back to the import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.inputs import require_choice, require_text

FORMATS = ("json", "xlsx")
ONBOARDING_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/contract/onboarding")
# the date each brought-in event's own fields give it as its business date (what `effective_date` records when
# the same step is a command of its own): the first of these the event has
_BUSINESS_DATES = ("reviewed_on", "approved_on", "signed_on", "issued_on", "on", "start")


@dataclass(frozen=True)
class Brought:
    """One manager as brought in: the ids the service gave, and the keys of the letters."""

    code: str
    manager_id: UUID
    tenure_id: UUID
    letter_keys: tuple[str, ...]


class Onboarding(Aggregate):
    """The import itself. It names no manager: the facts it caused are each manager's own events, which name it
    (a group's event listing all its members would grow with the enterprise and repeat what they say)."""

    @staticmethod
    def create_id(enterprise_id: UUID, digest: str, **_: Any) -> UUID:
        return onboarding_id(enterprise_id, digest)

    @classmethod
    def record(cls, enterprise_id: UUID, source: str, document_format: str, digest: str, managers: int) -> Onboarding:
        """The import of `managers` from the document whose SHA-256 is `digest`; its id follows from the two
        (onboarding_id), so what it brings in can name it before it is made, and the same document is one import."""
        return cls(enterprise_id=enterprise_id, source=require_text(source, "source"),
                   document_format=require_choice(document_format, FORMATS, "format", "known_format"),
                   digest=require_text(digest, "digest"), managers=managers)

    @event("Recorded")
    def __init__(self, enterprise_id: UUID, source: str, document_format: str, digest: str, managers: int) -> None:
        self.enterprise_id, self.source, self.managers = enterprise_id, source, managers
        self.document_format, self.digest = document_format, digest


def onboarding_id(enterprise_id: UUID, digest: str) -> UUID:
    return uuid5(ONBOARDING_NAMESPACE, f"{enterprise_id}:{digest}")


def cause_of(onboarding_id: UUID) -> str:
    """What the facts an onboarding brought in name as their cause."""
    return f"onboarding:{onboarding_id}"


def business_date(domain_event: Any) -> date | None:
    """The business date of an event brought in: its step's own date, as that step's command would record it."""
    return next((getattr(domain_event, name) for name in _BUSINESS_DATES if hasattr(domain_event, name)), None)
