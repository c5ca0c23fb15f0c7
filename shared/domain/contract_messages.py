"""Typed payloads of the contract service's messages that the appraisal and payroll services learn from
(shared/knowledge/learning.py). Like shared/domain/messages.py: exact types, other keys ignored."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from shared.domain.messages import Payload
from shared.messages import Message


class EnterpriseRegistered(Payload):
    code: str
    name_zh: str
    category: str


class ManagerRegistered(Payload):
    code: str
    name: str
    level: str
    position: str
    enterprise_id: UUID


class ManagerPositionChanged(Payload):
    position: str
    level: str | None = None


class PolicyVersioned(Payload):
    """`Policy.Adopted` (version 1, which names no number) or `Policy.Revised`: the parameters as recorded."""

    number: int = 1
    effective_from: date
    parameters: dict[str, Any]


class TenureOpened(Payload):
    manager_id: UUID
    enterprise_id: UUID
    level: str
    position: str
    policy_id: UUID
    policy_version: int
    start: date
    end: date
    term_number: int


class TenureClosed(Payload):
    reason: str  # "expired" or "renewed"
    ended_on: date


class LetterVersioned(Payload):
    """`PerformanceLetter.Issued` or `.Revised`: a version of a letter, with its KPI sheet as recorded.

    Before letters had streams of their own (`Tenure.LetterIssued`, `.LetterRevised`) the message's stream was
    the tenure's and carried no `tenure_id`; a revision names neither kind nor year, which its key gives."""

    tenure_id: UUID
    key: str
    version_number: int = 1
    kind: str | None = None
    year: int | None = None
    kpis: list[dict[str, Any]]
    policy_version: int

    @classmethod
    def of(cls, message: Message) -> LetterVersioned:
        return cls.model_validate({"tenure_id": message.stream_id, **message.payload})

    def kind_and_year(self) -> tuple[str, int | None]:
        if self.kind is not None:
            return self.kind, self.year
        kind, _, year = self.key.partition("-")
        return kind, int(year) if year else None


class LetterSigned(Payload):
    """`PerformanceLetter.Signed` (before, `Tenure.LetterSigned` on the tenure's stream): one party's signature."""

    tenure_id: UUID
    key: str
    version_number: int
    party: str
    signed_on: date

    @classmethod
    def of(cls, message: Message) -> LetterSigned:
        return cls.model_validate({"tenure_id": message.stream_id, **message.payload})
