"""What the appraisal service keeps however it is asked again: a contract message delivered twice is
learned once, and an appraisal rebuilt from its events shows the figures that were decided."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from services.appraisal_svc.api.schemas import AppraisalPublic
from services.appraisal_svc.domain.member import member_id
from services.appraisal_svc.main import create_app as appraisal_app
from services.appraisal_svc.settings import Settings as AppraisalSettings
from services.contract_svc.domain.letter import letter_id
from shared.eventstore.store import EventStore
from shared.replay import replay
from tests.appraisal.api.helpers import (
    YEAR,
    as_manager,
    assert_nothing_written_since,
    confirm,
    contract_events,
    finalise,
    group,
    ledger,
    member_of,
    open_and_close,
    post_figures,
    stream,
)
from tests.appraisal.conftest import Services, client
from tests.contract.api.helpers import created
from tests.delivery import outcomes, post_batch
from shared.auth.messages import MessageSigner

MESSAGE_FIELDS = ("type", "stream_id", "version", "recorded_at", "effective_date", "actor", "correlation_id",
                  "causation_id", "payload")


def message(event: dict[str, Any]) -> dict[str, Any]:
    """The message the contract's outbox sent for `event`, as its relay posts it to POST /inbox."""
    return {"message_id": f"contract:{event['stream_id']}:{event['version']}", "source": "contract",
            **{name: event[name] for name in MESSAGE_FIELDS}}


def contract_signer(services: Services) -> MessageSigner:
    """What the contract service's relay signs with."""
    return services.contract._transport.app.state.security.signer  # type: ignore[attr-defined]


async def test_a_redelivered_contract_event_changes_nothing(services) -> None:
    [m01] = await group(services, size=1)
    tenure_url = f"/known/tenures/{m01['tenure_id']}"
    known = (await services.appraisal.get(tenure_url)).json()
    letter = {"key": f"annual-{YEAR}", "version_number": 1, "year": YEAR, "signed": True}
    assert (known["status"], known["letters"]) == ("active", [letter])
    [opened] = await contract_events(services, "Tenure.Opened", stream_id=m01["tenure_id"])
    [issued] = await contract_events(services, "PerformanceLetter.Issued", stream_id=str(letter_id(UUID(m01["tenure_id"]), f"annual-{YEAR}")))
    # Learned again, the opening would set the tenure back to draft and the letter would be stored twice.
    again = [message(opened), message(issued), {**message(opened), "payload": {**opened["payload"], "end": "2025-12-31"}}]
    sent_at = datetime.now(UTC)
    for body in again:
        receipt = await post_batch(services.appraisal, contract_signer(services), "appraisal", body)
        assert outcomes(receipt) == ["duplicate"]
    await services.deliver()
    assert (await services.appraisal.get(tenure_url)).json() == known
    await assert_nothing_written_since(services, sent_at)


def appraisal_database(services: Services) -> str:
    """The database the appraisal service under test writes to."""
    app = services.appraisal._transport.app  # type: ignore[attr-defined]
    return app.state.wiring.engine.url.render_as_string(hide_password=False)


async def final_with_an_upheld_objection(services: Services) -> str:
    """The 2022 appraisal of M01 and M02, scored again after an upheld objection, then final; its id."""
    members = await group(services, size=2)
    await post_figures(services, members)
    appraisal_id = (await open_and_close(services, members))["id"]
    await confirm(services, appraisal_id)
    body = {"tenure_id": members[0]["tenure_id"], "reason": "营业收入口径有误", "filed_on": "2023-02-01"}
    filed = await created(services.appraisal.post(f"/appraisals/{appraisal_id}/objections", json=body,
                                                  headers=as_manager(members[0])))
    [revenue] = [e for e in (await ledger(services, members[0]))["entries"] if e["kpi_code"] == "revenue"]
    correction = {"tenure_id": members[0]["tenure_id"], "year": YEAR, "entry_id": revenue["entry_id"], "value": "9800",
                  "reason": "审计调整"}
    await created(services.appraisal.post("/actuals/corrections", json=correction))
    decision = {"outcome": "upheld", "reason": "审计复核", "decided_on": "2023-02-05"}
    objection_id = filed["objections"][0]["objection_id"]
    await created(services.appraisal.post(f"/appraisals/{appraisal_id}/objections/{objection_id}/decision", json=decision))
    await finalise(services, appraisal_id)
    return appraisal_id


async def test_an_appraisal_rebuilt_from_its_events_gives_the_same_figures(services) -> None:
    appraisal_id = await final_with_an_upheld_objection(services)
    url = f"/appraisals/{appraisal_id}"
    shown = (await services.appraisal.get(url)).json()
    assert (await services.appraisal.get(url)).json() == shown
    assert member_of(shown, "M01")["total"] == "97.40" and shown["status"] == "final"

    fresh = appraisal_app(AppraisalSettings(database_url=appraisal_database(services), relay_enabled=False))
    async with fresh.router.lifespan_context(fresh), client(fresh, "appraisal") as restarted:
        assert (await restarted.get(url)).json() == shown
        async with fresh.state.wiring.engine.connect() as conn:
            store = EventStore(conn)
            rebuilt = replay(await store.read_stream(appraisal_id))
            members = {m["tenure_id"]: replay(await store.read_stream(str(member_id(m["tenure_id"], YEAR))))
                       for m in shown["members"]}
    assert AppraisalPublic.of(rebuilt, members).model_dump(mode="json") == shown  # type: ignore[arg-type]

    # The figures are those the events recorded when they were decided, not scored again on reading: each
    # member's in its own stream, the group's ranking decision in the group's.
    m01 = member_of(shown, "M01")["tenure_id"]
    m01_stream = await stream(services, str(member_id(m01, YEAR)), members[m01].version)
    scored = [e["payload"] for e in m01_stream if e["type"] == "MemberAppraisal.Scored"]
    assert [(s["because"], s["score"]["total"]) for s in scored] == [("closing", "98.60"), (f"objection {YEAR}-O1", "97.40")]
    events = await stream(services, appraisal_id, shown["version"])
    [decided] = [e["payload"] for e in events if e["type"] == "AnnualAppraisal.ObjectionDecided"]
    assert {t: p[0] for t, p in decided["proposals"].items()} == {m01: "97.40"}, "the objector's placing alone"
    assert decided["tenure_id"] == m01
    assert all("inputs" not in e["payload"] or e["payload"]["inputs"] is None for e in events), "no member detail"
