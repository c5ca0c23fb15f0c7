"""Renewal: the next term under a new agreement (002 §三(一)2), and what its event changes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn
from uuid import UUID

from shared.errors import RuleViolationError

from shared.domain.inputs import require_date
from shared.domain.parameters import PolicyParameters

if TYPE_CHECKING:
    from .tenure import Tenure


class RenewalCommands:
    @classmethod
    def renew(
        cls: type[Tenure],
        previous: Tenure,
        *,
        policy_id: UUID,
        policy_version: int,
        params: PolicyParameters,
        start: date,
        end: date,
        agreement: dict[str, Any],
        position: str | None = None,
        level: str | None = None,
        probation_months: int | None = None,
        limit_decision_ref: str | None = None,
        limit_reason: str | None = None,
    ) -> Tenure:
        """The next term of `previous` under a new agreement; `previous` records it, so save both."""
        _check_renewable(previous, start)
        renewal = cls.open(
            manager_id=previous.manager_id,
            enterprise_id=previous.enterprise_id,
            position=previous.position if position is None else position,
            level=previous.level if level is None else level,
            policy_id=policy_id,
            policy_version=policy_version,
            params=params,
            start=start,
            end=end,
            agreement=agreement,
            term_number=previous.term_number + 1,
            previous_tenure_id=previous.id,
            probation_months=probation_months,
            limit_decision_ref=limit_decision_ref,
            limit_reason=limit_reason,
        )
        previous.record_renewal(renewal.id)
        return renewal

    def record_renewal(self: Tenure, next_tenure_id: UUID) -> None:
        """Note the tenure that renews this one; at its end it then closes as "renewed", not "expired"."""
        self.require_running("renew")
        if self.next_tenure_id is not None:
            raise RuleViolationError(
                f"this tenure is already renewed by {self.next_tenure_id}",
                field="previous_tenure_id",
                rule="already_renewed",
            )
        self._renewed(next_tenure_id=next_tenure_id)


def _check_renewable(previous: Tenure, start: date) -> None:
    def refuse(detail: str, rule: str, field: str = "previous_tenure_id") -> NoReturn:
        raise RuleViolationError(detail, field=field, rule=rule)

    if previous.ended_reason == "terminated":
        refuse("a terminated tenure is not renewed", "terminated_tenure_not_renewed")
    if previous.status != "active":
        refuse(f"only an active tenure is renewed; this one is {previous.status}", "renewal_needs_active_tenure")
    if previous.next_tenure_id is not None:
        refuse(f"this tenure is already renewed by {previous.next_tenure_id}", "already_renewed")
    if previous.tenure_appraisal is not None and previous.tenure_appraisal.grade == "unqualified":
        refuse("an unqualified tenure appraisal rules out renewal", "unqualified_tenure_not_renewed")
    if require_date(start, "start") <= previous.end:
        refuse(
            f"the renewed term starts after the current one ends ({previous.end})",
            "renewal_starts_after_previous",
            "start",
        )


# What the event changes; Tenure binds it as its event. It only assigns: replay runs it again.


def renewed(self: Tenure, next_tenure_id: UUID) -> None:
    self.next_tenure_id = next_tenure_id
