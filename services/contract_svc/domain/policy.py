"""A versioned policy of one enterprise or one enterprise category (DOMAIN.md Lifecycle 1)."""

from __future__ import annotations

from collections.abc import Mapping

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from shared.errors import InvalidInputError, NotFoundError, RuleViolationError

from shared.domain.inputs import require_date, require_reason, require_text
from shared.domain.parameter_checks import require_living_allowance
from shared.domain.parameters import PolicyParameters

__all__ = ["Policy", "PolicyParameters", "PolicyVersion"]


@dataclass(frozen=True)
class PolicyVersion:
    """One version as adopted; a revision adds a version and never edits one."""

    number: int
    parameters: PolicyParameters
    effective_from: date
    reason: str | None
    recorded: Mapping[str, Any]  # the parameters as the event recorded them: what the policy says, as agreed


class Policy(Aggregate):
    @classmethod
    def adopt(
        cls,
        name: str,
        parameters: dict[str, Any] | None,
        effective_from: date,
        enterprise_id: UUID | None = None,
        category: str | None = None,
    ) -> Policy:
        """Version 1: `parameters` override the defaults of DOMAIN.md."""
        if (enterprise_id is None) == (category is None):
            raise InvalidInputError(
                "a policy applies to exactly one enterprise or one category", field="scope", rule="one_scope"
            )
        adopted = PolicyParameters.from_dict(parameters)
        require_living_allowance(adopted)
        return cls(
            name=require_text(name, "name"),
            enterprise_id=enterprise_id,
            category=None if category is None else require_text(category, "category"),
            parameters=adopted.to_dict(),
            effective_from=require_date(effective_from, "effective_from"),
        )

    @event("Adopted")
    def __init__(
        self,
        name: str,
        enterprise_id: UUID | None,
        category: str | None,
        parameters: dict[str, Any],
        effective_from: date,
    ) -> None:
        self.name = name
        self.enterprise_id = enterprise_id
        self.category = category
        self.versions = [PolicyVersion(1, PolicyParameters.from_stored(parameters), effective_from, None, parameters)]

    @property
    def current(self) -> PolicyVersion:
        return self.versions[-1]

    def revise(self, parameters: dict[str, Any] | None, effective_from: date, reason: str) -> None:
        """A new version: `parameters` override the current version's, the rest carry over."""
        require_date(effective_from, "effective_from")
        if effective_from <= self.current.effective_from:
            raise RuleViolationError(
                f"a revision takes effect after version {self.current.number} "
                f"(effective from {self.current.effective_from}); got {effective_from}",
                field="effective_from",
                rule="effective_from_order",
            )
        reason = require_reason(reason)
        revised = PolicyParameters.from_dict(parameters, base=self.current.parameters)
        require_living_allowance(revised)
        self._revised(
            number=self.current.number + 1,
            parameters=revised.to_dict(),
            effective_from=effective_from,
            reason=reason,
        )

    @event("Revised")
    def _revised(self, number: int, parameters: dict[str, Any], effective_from: date, reason: str) -> None:
        version = PolicyVersion(number, PolicyParameters.from_stored(parameters), effective_from, reason, parameters)
        self.versions = [*self.versions, version]

    def version_as_of(self, on: date) -> tuple[int, PolicyParameters]:
        """The version in force on `on`: the latest one effective on or before it."""
        in_force = [v for v in self.versions if v.effective_from <= on]
        if not in_force:
            raise NotFoundError(
                f"policy {self.name!r} has no version in force on {on}; "
                f"version 1 takes effect on {self.versions[0].effective_from}",
                field="on",
                rule="policy_in_force",
            )
        return in_force[-1].number, in_force[-1].parameters

    def parameters_of(self, number: int) -> PolicyParameters:
        """The parameters of version `number`, as recorded by a decision that used it."""
        if not 1 <= number <= len(self.versions):
            raise NotFoundError(
                f"policy {self.name!r} has no version {number}",
                field="policy_version",
                rule="known_policy_version",
            )
        return self.versions[number - 1].parameters
