"""`tenurectl record | changes | verify | rebuild` against the three services as real processes.

The services start once, on SQLite files, and the golden scenario runs through them; every command is then a
real `tenurectl` process talking HTTP to them, with a token it mints from the run's local issuer (auditor@*, or
operations@* to rebuild). The tamper tests edit a service's SQLite file beside the running
service and undo the edit before they end, so each leaves the store as it found it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from deploy.services import SERVICES
from tests.e2e.golden_system import RunningSystem, tenurectl, tenurectl_json
from tests.tenurectl.tenurectl_samples import GOLDEN_EXPECTED

SERVICE_NAMES = ("contract", "appraisal", "payroll")
MANAGER = "M01"
AT_VERSION = "WHERE stream_id = ? AND version = ?"  # one event of one stream

pytestmark = [
    pytest.mark.skipif(not set(SERVICE_NAMES) <= {entry.name for entry in SERVICES},
                       reason="the record needs all three services"),
    pytest.mark.xdist_group("golden_system"),  # one worker starts the golden system for every test using it
]


@pytest.fixture(scope="module")
def record(system: RunningSystem) -> dict[str, Any]:
    """M01's record as the untouched store gives it."""
    return tenurectl_json(system, "record", MANAGER)


def longest_stream(record: dict[str, Any], service: str) -> dict[str, Any]:
    """The head of the manager's longest stream in `service`, as the record lists it."""
    return max(record["sources"][service]["streams"], key=lambda head: head["version"])


def middle_of(head: dict[str, Any]) -> int:
    """A version neither first nor last in the stream."""
    assert head["version"] >= 3, f"stream {head['stream_id']} is too short to have a middle"
    return head["version"] // 2 + 1


def break_positions(report: dict[str, Any], service: str, stream_id: str) -> list[int]:
    breaks = report["services"][service]["breaks"]
    return sorted({b["position"] for b in breaks if b["stream_id"] == stream_id})


@contextmanager
def committed(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a service's SQLite file, used while the service runs; the block's work is committed."""
    conn = sqlite3.connect(database, timeout=10)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


@contextmanager
def actor_edited(database: Path, stream_id: str, version: int) -> Iterator[None]:
    """The event's actor rewritten, then put back."""
    with committed(database) as conn:
        (actor,) = conn.execute(f"SELECT actor FROM events {AT_VERSION}", (stream_id, version)).fetchone()
        conn.execute(f"UPDATE events SET actor = 'someone else' {AT_VERSION}", (stream_id, version))
    try:
        yield
    finally:
        with committed(database) as conn:
            conn.execute(f"UPDATE events SET actor = ? {AT_VERSION}", (actor, stream_id, version))


@contextmanager
def event_deleted(database: Path, stream_id: str, version: int) -> Iterator[None]:
    """The event removed, then inserted again as it was."""
    with committed(database) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute(f"SELECT * FROM events {AT_VERSION}", (stream_id, version)).fetchone())
        conn.execute(f"DELETE FROM events {AT_VERSION}", (stream_id, version))
    try:
        yield
    finally:
        with committed(database) as conn:
            columns = ", ".join(row)
            conn.execute(f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


@contextmanager
def events_swapped(database: Path, stream_id: str, version: int) -> Iterator[None]:
    """The events at `version` and `version + 1` trade places, then trade back."""
    with committed(database) as conn:
        _swap(conn, stream_id, version)
    try:
        yield
    finally:
        with committed(database) as conn:
            _swap(conn, stream_id, version)


def _swap(conn: sqlite3.Connection, stream_id: str, version: int) -> None:
    """Through version -1, since (stream_id, version) is unique."""
    move = f"UPDATE events SET version = ? {AT_VERSION}"
    for new, old in ((-1, version), (version, version + 1), (version + 1, -1)):
        conn.execute(move, (new, stream_id, old))


def test_the_record_holds_the_managers_tenure_with_each_years_appraisal_total(record: dict[str, Any]) -> None:
    expected = json.loads(GOLDEN_EXPECTED.read_text(encoding="utf-8"))["years"]

    assert record["complete"] is True
    assert record["manager"]["code"] == MANAGER
    [tenure] = record["tenures"]
    totals = {str(year["year"]): (year["appraisal"] or {}).get("member", {}).get("total") for year in tenure["years"]}
    assert totals == {year: expected[year][MANAGER]["total"] for year in ("2022", "2023", "2024")}
    assert record["timeline"]


def test_the_record_as_html_is_a_printable_page_with_its_timeline(system: RunningSystem) -> None:
    done = tenurectl(system, "record", MANAGER, "--html")

    assert done.returncode == 0, done.stderr
    assert 'id="timeline"' in done.stdout
    assert "任期" in done.stdout


def test_a_record_as_of_a_date_before_the_manager_was_recorded_is_not_found(system: RunningSystem) -> None:
    done = tenurectl(system, "record", MANAGER, "--as-of", "2001-01-01")

    assert done.returncode == 1
    assert done.stdout == ""
    assert "404" in done.stderr and "2001-01-01" in done.stderr


def test_changes_since_before_the_manager_was_recorded_list_every_figure_and_event(
    system: RunningSystem, record: dict[str, Any]
) -> None:
    changes = tenurectl_json(system, "changes", MANAGER, "--from", system.started_at.isoformat())

    assert {"path": "manager.code", "before": None, "after": MANAGER} in changes["changes"]
    assert {e["service"] for e in changes["events"]} == set(SERVICE_NAMES)
    listed = {(e["service"], e["stream_id"], e["version"]) for e in changes["events"]}
    assert listed == {(e["service"], e["stream_id"], e["version"]) for e in record["timeline"]}


@pytest.mark.parametrize("scope", [[], ["--manager", MANAGER]], ids=["every-stream", "the-managers-streams"])
def test_an_untouched_store_verifies_intact(system: RunningSystem, scope: list[str]) -> None:
    report = tenurectl_json(system, "verify", *scope)

    assert report["intact"] is True
    assert set(report["services"]) == set(SERVICE_NAMES)
    assert all(part["events_checked"] > 0 and part["breaks"] == [] for part in report["services"].values())


@pytest.mark.parametrize("service", ["payroll", "appraisal", "contract"])
def test_rebuilding_a_services_read_models_leaves_the_record_unchanged(
    system: RunningSystem, record: dict[str, Any], service: str
) -> None:
    report = tenurectl_json(system, "rebuild", "--service", service)

    assert list(report) == [service]
    assert report[service]["events"] > 0
    assert tenurectl_json(system, "record", MANAGER)["tenures"] == record["tenures"]


def test_an_edited_event_is_reported_at_its_stream_and_version(system: RunningSystem, record: dict[str, Any]) -> None:
    head = longest_stream(record, "appraisal")
    version = middle_of(head)

    with actor_edited(system.database("appraisal"), head["stream_id"], version):
        every = tenurectl_json(system, "verify", exit_code=1)
        managers = tenurectl_json(system, "verify", "--manager", MANAGER, exit_code=1)

    assert break_positions(every, "appraisal", head["stream_id"]) == [version]
    assert break_positions(managers, "appraisal", head["stream_id"]) == [version]
    assert every["intact"] is False and managers["intact"] is False
    assert tenurectl(system, "verify").returncode == 0, "the edit was undone"


def test_a_deleted_event_is_reported_where_the_chain_breaks(system: RunningSystem, record: dict[str, Any]) -> None:
    head = longest_stream(record, "payroll")
    version = middle_of(head)

    with event_deleted(system.database("payroll"), head["stream_id"], version):
        every = tenurectl_json(system, "verify", exit_code=1)
        managers = tenurectl_json(system, "verify", "--manager", MANAGER, exit_code=1)

    for report in (every, managers):
        positions = break_positions(report, "payroll", head["stream_id"])
        assert positions and positions[0] == version, positions  # every later event sits one place early
    assert tenurectl(system, "verify").returncode == 0, "the event was put back"


def test_reordered_events_are_reported_where_the_chain_breaks(system: RunningSystem, record: dict[str, Any]) -> None:
    head = longest_stream(record, "contract")
    version = middle_of(head)

    with events_swapped(system.database("contract"), head["stream_id"], version):
        every = tenurectl_json(system, "verify", exit_code=1)
        managers = tenurectl_json(system, "verify", "--manager", MANAGER, exit_code=1)

    for report in (every, managers):
        positions = break_positions(report, "contract", head["stream_id"])
        assert positions and positions[0] == version, positions
        assert set(positions) <= {version, version + 1, version + 2}  # the two moved and the one after them
    assert tenurectl(system, "verify").returncode == 0, "the events were put back in order"
