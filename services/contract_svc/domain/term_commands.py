"""Tenure commands on its term: extension by decision and the end on expiry, and what their events change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from shared.errors import RuleViolationError

from .dates import add_months
from shared.domain.inputs import require_date, require_decision_ref, require_reason
from shared.domain.parameters import PolicyParameters
from .records import Extension

if TYPE_CHECKING:
    from .tenure import Tenure


class TermCommands:
    def require_running(self: Tenure, action: str) -> None:
        """Refuse `action` once the tenure has ended."""
        if self.status == "ended":
            raise RuleViolationError(
                f"cannot {action}: the tenure ended on {self.ended_on} ({self.ended_reason})",
                field="status",
                rule="tenure_ended",
            )

    def extend(
        self: Tenure,
        new_end: date,
        decision_ref: str,
        reason: str,
        decided_on: date,
        params: PolicyParameters,
    ) -> None:
        """Move the end later by a recorded decision with a reason (002 §五(一)), within the policy."""
        self.require_running("extend the term")
        decision_ref, reason = require_decision_ref(decision_ref), require_reason(reason)
        if require_date(new_end, "new_end") <= self.end:
            raise RuleViolationError(
                f"the term already runs to {self.end}", field="new_end", rule="extension_later_end"
            )
        # The limit counts all extensions together, from the end first agreed.
        latest = add_months(self.original_end, params.max_extension_months)
        if new_end > latest:
            raise RuleViolationError(
                f"extensions total at most {params.max_extension_months} months past the agreed end "
                f"{self.original_end}, so to {latest}; asked {new_end}",
                field="new_end",
                rule="extension_limit",
            )
        self._extended(
            previous_end=self.end,
            new_end=new_end,
            decision_ref=decision_ref,
            reason=reason,
            decided_on=require_date(decided_on, "decided_on"),
        )

    def close_if_expired(self: Tenure, as_of: date) -> bool:
        """End an active tenure whose term is over on `as_of`: "renewed", or else "expired" (自然免职)."""
        if self.status != "active" or self.end >= require_date(as_of, "as_of"):
            return False
        self._closed(reason="renewed" if self.next_tenure_id else "expired", ended_on=self.end, noted_on=as_of)
        return True


# What each event changes; Tenure binds these as its events. They only assign: replay runs them again.


def term_extended(
    self: Tenure, previous_end: date, new_end: date, decision_ref: str, reason: str, decided_on: date
) -> None:
    extension = Extension(previous_end, new_end, decision_ref, reason, decided_on)
    self.extensions = (*self.extensions, extension)
    self.end = new_end


def closed(self: Tenure, reason: str, ended_on: date, noted_on: date) -> None:
    self.status, self.ended_reason, self.ended_on = "ended", reason, ended_on
