"""A database made before a change of event shapes upgrades with its history intact: the golden scenario's
databases as the revision before issue 10 left them (tests/fixtures/upgrade, made by make_fixture.py from that
revision) are upgraded by the services at start, every stream replays, and every answer is the same."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tenurectl.identity import LocalTokens, Person
from tenurectl.processes import run_auth_dir, started_services
from tests.fixtures.upgrade.make_fixture import AUDITOR, answers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
OPERATIONS = Person("upgrade.operations", "Upgrade operations", ("operations@*",))
VOLATILE = {"generated_at"}  # when the answer was made, not what it says
pytestmark = pytest.mark.xdist_group("upgrade_keeps_history")  # one worker upgrades the fixture for every test


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


# Issue 10 moved the performance letters out of the tenure streams into streams of their own (contract migration
# 0003 copies each letter event there): a letter event's stream, version, hash, type name and causation (the event
# it was copied from) are where it is kept now, and its payload names its tenure; what it says is compared.
LETTER_TYPES = {"Tenure.LetterIssued": "PerformanceLetter.Issued", "Tenure.LetterSigned": "PerformanceLetter.Signed",
                "Tenure.LetterRevised": "PerformanceLetter.Revised"}
LETTER_PROVENANCE = {"stream_id", "version", "hash", "causation_id", "tenure_id"}


def _letters_where_they_say(record: dict[str, Any]) -> dict[str, Any]:
    def entry(e: dict[str, Any]) -> dict[str, Any]:
        if e.get("service") != "contract" or LETTER_TYPES.get(e["type"], e["type"]) not in LETTER_TYPES.values():
            return e
        return {**{k: v for k, v in e.items() if k not in LETTER_PROVENANCE}, "type": LETTER_TYPES.get(e["type"], e["type"])}

    sources = dict(record.get("sources", {}))
    if "contract" in sources:
        contract = sources["contract"]
        sources["contract"] = {**contract, "streams": [s for s in contract.get("streams", [])
                                                       if s.get("aggregate") != "PerformanceLetter"]}
    return {**record, "sources": sources, "timeline": [entry(e) for e in record.get("timeline", [])]}


def _unpack(folder: Path) -> dict[str, Any]:
    for packed in FIXTURE.glob("*.db.gz"):
        with gzip.open(packed, "rb") as source, open(folder / packed.name.removesuffix(".gz"), "wb") as target:
            shutil.copyfileobj(source, target)
    with gzip.open(FIXTURE / "answers.json.gz", "rt", encoding="utf-8") as kept:
        return json.load(kept)


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("upgrade")
    before = _unpack(folder)
    tokens = LocalTokens(run_auth_dir(folder))
    with started_services(folder, "sqlite") as urls:
        auditor = {"Authorization": f"Bearer {tokens.token(AUDITOR)}"}
        operations = {"Authorization": f"Bearer {tokens.token(OPERATIONS)}"}
        rebuilt = {name: httpx.post(f"{url}/read-models/rebuild", headers=operations, timeout=120)
                   for name, url in urls.items()}
        after = answers(urls, auditor, before["as_of"])
        verified = {mid: httpx.get(f"{urls['contract']}/tenure-records/{mid}/verification", headers=auditor,
                                   timeout=60).json() for mid in before["records"]}
    return before, after, rebuilt, verified


def test_every_stream_of_an_upgraded_database_replays_into_its_read_models(upgraded: Any) -> None:
    _, _, rebuilt, _ = upgraded
    for name, answer in rebuilt.items():
        assert answer.status_code == 200, (name, answer.text)


def test_every_chain_of_an_upgraded_database_still_verifies(upgraded: Any) -> None:
    _, _, _, verified = upgraded
    for manager_id, verification in verified.items():
        assert verification["intact"] is True, (manager_id, verification)


def changed(before: Any, now: Any, path: str = "") -> list[str]:
    """Where `now` no longer says what `before` said: a value changed, an item or a field gone. A field added
    since (issue 12 added owed balances, decisions on proposals, expiry warnings) changes nothing said."""
    if isinstance(before, dict) and isinstance(now, dict):
        return [f for key, value in before.items()
                for f in ([f"{path}/{key}: gone"] if key not in now else changed(value, now[key], f"{path}/{key}"))]
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        return [f for i, (b, n) in enumerate(zip(before, now, strict=True)) for f in changed(b, n, f"{path}[{i}]")]
    return [] if before == now else [f"{path}: {before!r} became {now!r}"]


@pytest.mark.parametrize("part", ["records", "tenures", "tenure_appraisals", "accounts", "appraisals"])
def test_an_upgraded_database_still_answers_everything_it_answered_before(upgraded: Any, part: str) -> None:
    before, after, _, _ = upgraded
    assert sorted(after[part]) == sorted(before[part])
    for key, answer in before[part].items():
        now = after[part][key]
        if part == "records":
            now, answer = _letters_where_they_say(now), _letters_where_they_say(answer)
        assert changed(_without_volatile(answer), _without_volatile(now)) == [], (part, key)
