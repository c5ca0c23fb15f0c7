"""Nothing is overwritten (DOMAIN.md "Audit"): events alone rebuild each aggregate, and carry plain values only."""

import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from services.contract_svc.domain import Tenure
from shared.eventstore.codec import mapper
from tests.contract.unit.contract_builders import (
    DEFAULTS,
    Letters,
    active_tenure,
    agreement,
    proposal,
    proposed_tenure,
    replayed,
    sheet,
    state,
)

# What the project's transcoder encodes: JSON values plus Decimal, date, datetime and UUID.
PLAIN = (str, int, bool, type(None), Decimal, date, datetime, UUID)
EVENT_HEADERS = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def lived_letters() -> Letters:
    """Letters that went through every kind of event."""
    letters = Letters(active_tenure())
    letters.issue("annual", 2022, sheet(), DEFAULTS, issued_on=date(2022, 3, 5))
    letters.sign("annual-2022", "张三", "chairman", "enterprise", date(2022, 3, 10))
    letters.sign("annual-2022", "赵磊", "middle_manager", "manager", date(2022, 3, 10))
    letters.revise("annual-2022", sheet(), "目标调整", DEFAULTS, date(2022, 8, 1))
    tiered = [{"code": "r", "name": "收入", "weight": 100, "rule": "tiered",
               "tiers": {"basic": "90", "striving": "100", "challenge": "110"}}]  # fmt: skip
    letters.issue("tenure", None, tiered, DEFAULTS)
    return letters


def lived_tenure() -> Tenure:
    """A tenure that went through every kind of event."""
    tenure = proposed_tenure("p-1")
    tenure.extend(date(2025, 6, 30), "决议9号", "重组过渡", date(2024, 11, 1), DEFAULTS)
    tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "declined", "留任观察", ["董事会"], date(2024, 3, 1))
    tenure.record_tenure_appraisal("82.15", "qualified", date(2025, 3, 31))
    Tenure.renew(
        tenure, policy_id=tenure.policy_id, policy_version=1, params=DEFAULTS,
        start=date(2025, 7, 1), end=date(2028, 6, 30), agreement=agreement(),
    )  # fmt: skip
    tenure.close_if_expired(date(2025, 7, 1))
    return tenure


def plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and plain(item) for key, item in value.items())
    return isinstance(value, PLAIN)


def test_replay_rebuilds_the_same_tenure() -> None:
    tenure = lived_tenure()
    expected = state(tenure)

    rebuilt = replayed(tenure)

    assert state(rebuilt) == expected and rebuilt.ended_reason == "renewed"


def test_replay_rebuilds_the_same_letters() -> None:
    for letter in lived_letters().by_key.values():
        expected = state(letter)

        assert state(replayed(letter)) == expected
    assert replayed(lived_letters().by_key["annual-2022"]).versions[0].status == "signed"


def test_replay_of_a_terminated_tenure_rebuilds_its_termination() -> None:
    tenure = proposed_tenure("p-2")
    tenure.decide_exit_proposal("p-2", proposal(tenure, "p-2"), "exit", None, ["党委会", "董事会"], date(2023, 4, 1), "决议12号")
    expected = state(tenure)

    assert state(replayed(tenure)) == expected


def test_events_carry_only_values_the_transcoder_encodes() -> None:
    letter_events = [e for letter in lived_letters().by_key.values() for e in letter.collect_events()]
    for domain_event in [*lived_tenure().collect_events(), *letter_events]:
        attributes = {k: v for k, v in vars(domain_event).items() if k not in EVENT_HEADERS}
        assert plain(attributes), f"{type(domain_event).__qualname__} carries a value the transcoder cannot encode"


def test_tenure_rebuilds_from_events_stored_through_the_event_store_codec() -> None:
    tenure = lived_tenure()
    expected = state(tenure)
    codec = mapper()

    rebuilt = None
    for stored in [codec.to_stored_event(e) for e in tenure.collect_events()]:
        rebuilt = codec.to_domain_event(stored).mutate(rebuilt)

    assert rebuilt is not None and state(rebuilt) == expected


def test_every_tenure_event_is_a_tenure_event_class() -> None:
    names = {type(e).__qualname__ for e in lived_tenure().collect_events()}

    assert all(name.startswith("Tenure.") for name in names)
    assert {"Tenure.Opened", "Tenure.TermExtended", "Tenure.Closed"} <= names
    letters = {type(e).__qualname__ for letter in lived_letters().by_key.values() for e in letter.collect_events()}
    assert letters == {"PerformanceLetter.Issued", "PerformanceLetter.Signed", "PerformanceLetter.Revised"}


def test_letter_events_recorded_on_the_tenure_before_letters_had_streams_still_replay() -> None:
    tenure = active_tenure()
    version = tenure.version
    codec = mapper()
    stored = [codec.to_stored_event(e) for e in tenure.collect_events()]
    legacy = StoredEvent(stored[0].originator_id, version + 1, "services.contract_svc.domain.tenure:Tenure.LetterIssued",
                         codec.transcoder.encode({"timestamp": datetime(2022, 3, 5), "key": "annual-2022"}))

    rebuilt = None
    for record in [*stored, legacy]:
        rebuilt = codec.to_domain_event(record).mutate(rebuilt)

    assert rebuilt is not None and rebuilt.version == version + 1 and rebuilt.status == "active"


def test_an_aggregate_can_be_deep_copied_as_a_repository_cache_does() -> None:
    tenure: Aggregate = lived_tenure()
    tenure.collect_events()

    assert state(copy.deepcopy(tenure)) == state(tenure)
