"""The expiry warning (DOMAIN.md Lifecycle 7): re-appointment needs a new agreement, so a tenure whose term
ends within the policy's `expiry_warning_days` is listed, and warned of once (`Tenure.ExpiryWarned`, the
ERP's `tenure.expiring`), in time to renew it or to prepare the removal on expiry (自然免职).

Only a tenure in force and not yet renewed is warned of: a renewed one already has its successor."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shared.domain.inputs import require_date
from shared.domain.parameters import PolicyParameters

if TYPE_CHECKING:
    from .tenure import Tenure


def days_left(tenure: Tenure, as_of: date) -> int:
    """Days from `as_of` to the last day of the term (0 on that day)."""
    return (tenure.end - as_of).days


def within_warning(tenure: Tenure, as_of: date, params: PolicyParameters) -> bool:
    """In force, not renewed, and its term ends within the policy's window from `as_of`."""
    running = tenure.status == "active" and tenure.next_tenure_id is None
    return running and 0 <= days_left(tenure, as_of) <= params.expiry_warning_days


def expiry_warning(tenure: Tenure, as_of: date, params: PolicyParameters) -> dict[str, Any] | None:
    """The warning's facts when it is due on `as_of`; None when outside the window or already given."""
    as_of = require_date(as_of, "as_of")
    if tenure.expiry_warned_on is not None or not within_warning(tenure, as_of, params):
        return None
    return {"warned_on": as_of, "end": tenure.end, "days_left": days_left(tenure, as_of),
            "window_days": params.expiry_warning_days}
