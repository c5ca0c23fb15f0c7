"""Only the services may post to /inbox: each message is signed for its receiver by its sender, fresh, and
its id is its sender's own. Anything else is 401, recorded nowhere, and logged."""

from __future__ import annotations

import json
import logging
import time
import uuid

from shared.auth.messages import MessageSigner
from shared.settings import ServiceSettings
from tests.security.conftest import inbox_rows, stored

JSON = {"content-type": "application/json"}


def message(source: str = "appraisal", version: int = 1, stream_id: str | None = None, **changes: object) -> bytes:
    stream = stream_id or str(uuid.uuid4())
    body = {
        "message_id": f"{source}:{stream}:{version}", "source": source, "type": "Unrelated.Happened",
        "stream_id": stream, "version": version, "recorded_at": "2026-12-01T08:00:00+00:00",
        "effective_date": None, "actor": "committee.li", "correlation_id": str(uuid.uuid4()),
        "causation_id": None, "payload": {},
    }
    return json.dumps({"messages": [{**body, **changes}]}).encode()  # a batch of one, as a relay posts it


def outcome(answer) -> str:  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.text
    [receipt] = answer.json()["receipts"]
    return receipt["outcome"]


def signer(service: str = "appraisal") -> MessageSigner:
    return ServiceSettings().message_signer(service)


def signed(body: bytes, source: str = "appraisal", to: str = "contract", now: float | None = None) -> dict[str, str]:
    return {**JSON, **signer(source).headers(to, body, now=now)}


async def test_a_signed_message_is_recorded_once_and_a_replay_within_the_window_changes_nothing(http, contract_app) -> None:
    body = message()
    first = await http.post("/inbox", content=body, headers=signed(body))
    again = await http.post("/inbox", content=body, headers=signed(body))
    assert (outcome(first), outcome(again)) == ("accepted", "duplicate")
    assert await inbox_rows(contract_app) == 1


async def test_an_unsigned_message_is_refused_and_recorded_nowhere(http, contract_app, caplog) -> None:
    caplog.set_level(logging.WARNING)
    refused = await http.post("/inbox", content=message(), headers={**JSON, "Tenure-Source": "appraisal"})
    assert refused.status_code == 401 and refused.json()["rule"] == "message_signature"
    assert await inbox_rows(contract_app) == 0 and await stored(contract_app) == 0
    assert "inbox refused" in caplog.text


async def test_a_message_signed_with_another_secret_is_refused(http, contract_app) -> None:
    body = message()
    forged = {**JSON, **MessageSigner("appraisal", master=b"guessed").headers("contract", body)}
    refused = await http.post("/inbox", content=body, headers=forged)
    assert refused.status_code == 401 and refused.json()["rule"] == "message_signature"
    assert await inbox_rows(contract_app) == 0


async def test_a_message_signed_for_another_receiver_is_refused(http, contract_app) -> None:
    body = message()
    refused = await http.post("/inbox", content=body, headers=signed(body, to="payroll"))
    assert refused.status_code == 401 and refused.json()["rule"] == "message_signature"
    assert await inbox_rows(contract_app) == 0


async def test_a_stale_message_is_refused_even_with_a_good_signature(http, contract_app) -> None:
    body = message()
    refused = await http.post("/inbox", content=body, headers=signed(body, now=time.time() - 3600))
    assert refused.status_code == 401 and refused.json()["rule"] == "message_stale"
    assert await inbox_rows(contract_app) == 0


async def test_a_body_altered_after_signing_is_refused(http, contract_app) -> None:
    body = message()
    headers = signed(body)
    refused = await http.post("/inbox", content=body.replace(b"committee.li", b"committee.xx"), headers=headers)
    assert refused.status_code == 401
    assert await inbox_rows(contract_app) == 0


async def test_a_sender_the_receiver_does_not_hear_from_is_refused(http, contract_app) -> None:
    body = message(source="erp")
    refused = await http.post("/inbox", content=body, headers={**JSON, "Tenure-Source": "", "Tenure-Signature": "t=1,v1=0"})
    assert refused.status_code == 401 and refused.json()["rule"] == "message_sender"


async def test_a_message_claiming_another_senders_id_is_refused(http, contract_app) -> None:
    """Payroll cannot pre-empt appraisal's next message by posting one under appraisal's id first."""
    stream = str(uuid.uuid4())
    body = message(source="appraisal", stream_id=stream)  # claims to be appraisal's ...
    refused = await http.post("/inbox", content=body, headers=signed(body, source="payroll"))  # ... signed by payroll
    assert refused.status_code == 401 and refused.json()["rule"] == "message_identity"
    genuine = await http.post("/inbox", content=body, headers=signed(body))
    assert outcome(genuine) == "accepted"  # recorded, not dropped as a duplicate


async def test_a_message_whose_id_does_not_match_its_event_is_refused(http, contract_app) -> None:
    body = message(message_id=f"appraisal:{uuid.uuid4()}:7")
    refused = await http.post("/inbox", content=body, headers=signed(body))
    assert refused.status_code == 401 and refused.json()["rule"] == "message_identity"
    assert await inbox_rows(contract_app) == 0


async def test_one_senders_ids_never_collide_with_anothers(http, contract_app) -> None:
    stream = str(uuid.uuid4())
    for source in ("appraisal", "payroll"):
        body = message(source=source, stream_id=stream)
        answer = await http.post("/inbox", content=body, headers=signed(body, source=source))
        assert outcome(answer) == "accepted"
    assert await inbox_rows(contract_app) == 2
