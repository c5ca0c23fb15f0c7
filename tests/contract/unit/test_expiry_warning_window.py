"""A policy recorded before `expiry_warning_days` existed reads DOMAIN.md's default window."""

from __future__ import annotations

from shared.domain.parameters import PolicyParameters


def test_a_policy_recorded_without_an_expiry_warning_window_warns_ninety_days_ahead() -> None:
    recorded_before = PolicyParameters().to_dict()
    del recorded_before["expiry_warning_days"]
    assert PolicyParameters.from_stored(recorded_before).expiry_warning_days == 90
    assert PolicyParameters.of({"retention_pct": "25"}).expiry_warning_days == 90
