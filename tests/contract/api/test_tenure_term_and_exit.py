"""Changes to a tenure's term and its early end (DOMAIN.md Lifecycle 7, "Warnings and exit"), through the HTTP API."""

from __future__ import annotations



from shared.settings import ServiceSettings
from tests.delivery import outcomes, post_batch
from tests.contract.api.helpers import created, events_when, manager
from tests.contract.api.tenure_helpers import (
    active_tenure,
    agreement,
    annual_letter,
    bring_into_force,
    draft,
    pick,
    refused,
)

EXTENSION = {
    "new_end": "2025-06-30",
    "decision_ref": "董事会决议〔2024〕9号",
    "reason": "新任人选考察未结束",
    "decided_on": "2024-11-20",
}
RENEWAL = {"start": "2025-01-01", "end": "2027-12-31", "agreement": agreement()}
TERMINATION = {
    "reason": "年度考核不合格",
    "mode": "rigid_exit",
    "decision_makers": ["党委会", "董事会"],
    "decided_on": "2023-03-10",
    "effective_on": "2023-03-31",
    "decision_ref": "董事会决议〔2023〕2号",
}
EXIT_DECISION = {
    "proposal_id": "exit-2023-M01",
    "decision_makers": ["党委会", "董事会", "职工代表"],
    "decided_on": "2024-03-15",
    "decision_ref": "董事会决议〔2024〕3号",
}


async def test_extension_needs_a_decision_and_stays_within_the_policy_limit(api) -> None:
    contract = await active_tenure(api)
    url = f"{contract.url}/extensions"
    await refused(api, api.post(url, json={**EXTENSION, "decision_ref": " "}), 422, "decision_ref", "recorded_decision")
    await refused(api, api.post(url, json={**EXTENSION, "reason": ""}), 422, "reason", "reason_required")
    await refused(api, api.post(url, json={**EXTENSION, "new_end": "2026-01-01"}), 422, "new_end", "extension_limit")
    extended = await created(api.post(url, json=EXTENSION))
    assert pick(extended, "end", "original_end") == ("2025-06-30", "2024-12-31")
    assert extended["extensions"] == [{**EXTENSION, "previous_end": "2024-12-31"}]


async def test_extensions_together_stay_within_the_policy_limit_from_the_agreed_end(api) -> None:
    contract = await active_tenure(api, max_extension_months=6)
    url = f"{contract.url}/extensions"
    await created(api.post(url, json={**EXTENSION, "new_end": "2025-03-31"}))
    same_end = api.post(url, json={**EXTENSION, "new_end": "2025-03-31"})
    await refused(api, same_end, 422, "new_end", "extension_later_end")
    seven_months = api.post(url, json={**EXTENSION, "new_end": "2025-07-31"})
    problem = await refused(api, seven_months, 422, "new_end", "extension_limit")
    assert "6 months" in problem["detail"] and "2025-06-30" in problem["detail"]


async def test_renewal_links_the_new_tenure_to_the_previous_one(api) -> None:
    contract = await active_tenure(api)
    url = f"{contract.url}/renewal"
    overlapping = api.post(url, json={**RENEWAL, "start": "2024-12-31"})
    await refused(api, overlapping, 422, "start", "renewal_starts_after_previous")
    renewal = await created(api.post(url, json=RENEWAL))
    assert (renewal["previous_tenure_id"], renewal["term_number"]) == (contract.tenure["id"], 2)
    assert renewal["status"] == "draft" and renewal["id"] != contract.tenure["id"]
    assert (await api.get(contract.url)).json()["next_tenure_id"] == renewal["id"]
    await refused(api, api.post(url, json=RENEWAL), 422, "previous_tenure_id", "already_renewed")


async def test_renewal_beyond_the_maximum_consecutive_terms_needs_a_decision(api) -> None:
    contract = await active_tenure(api, max_consecutive_terms=1)
    url = f"{contract.url}/renewal"
    await refused(api, api.post(url, json=RENEWAL), 422, "term_number", "max_consecutive_terms")
    decided = {**RENEWAL, "limit_decision_ref": "党委会决议〔2024〕7号"}
    await refused(api, api.post(url, json=decided), 422, "limit_reason", "reason_required")
    renewal = await created(api.post(url, json={**decided, "limit_reason": "重点项目建设期，保持班子稳定"}))
    assert renewal["term_number"] == 2
    events = await events_when(api, lambda es: any(e["stream_id"] == renewal["id"] for e in es))
    [opened] = [e for e in events if e["stream_id"] == renewal["id"] and e["type"].endswith("Opened")]
    assert opened["payload"]["beyond_term_limit"] == {
        "decision_ref": "党委会决议〔2024〕7号",
        "reason": "重点项目建设期，保持班子稳定",
    }


async def test_a_terminated_tenure_is_not_renewed(api) -> None:
    contract = await active_tenure(api)
    await created(api.post(f"{contract.url}/termination", json=TERMINATION))
    request = api.post(f"{contract.url}/renewal", json=RENEWAL)
    await refused(api, request, 422, "previous_tenure_id", "terminated_tenure_not_renewed")


async def test_closing_expired_tenures_ends_those_not_renewed(api) -> None:
    renewed = await active_tenure(api)
    m02 = await manager(api, renewed.enterprise["id"], "M02")
    expiring = await bring_into_force(api, await draft(api, m02["id"]))
    m03 = await manager(api, renewed.enterprise["id"], "M03")
    running = await bring_into_force(api, await draft(api, m03["id"], end="2025-02-28"))
    renewal = await created(api.post(f"{renewed.url}/renewal", json=RENEWAL))
    on_the_last_day = await api.post("/tenures/close-expired", json={"as_of": "2024-12-31"})
    assert on_the_last_day.status_code == 200 and on_the_last_day.json() == []
    closed = (await api.post("/tenures/close-expired", json={"as_of": "2025-01-01"})).json()
    ended = {t["id"]: (t["status"], t["ended_reason"], t["ended_on"]) for t in closed}
    assert ended == {
        renewed.tenure["id"]: ("ended", "renewed", "2024-12-31"),
        expiring["id"]: ("ended", "expired", "2024-12-31"),
    }
    statuses = {t["id"]: t["status"] for t in (await api.get("/tenures")).json()["items"]}
    assert (statuses[running["id"]], statuses[renewal["id"]]) == ("active", "draft")
    assert (await api.post("/tenures/close-expired", json={"as_of": "2025-01-01"})).json() == []


async def test_termination_records_mode_reason_and_decision_makers(api) -> None:
    contract = await active_tenure(api)
    body = {**TERMINATION, "mode": "flexible_adjustment"}
    ended = await created(api.post(f"{contract.url}/termination", json=body))
    assert pick(ended, "status", "ended_reason", "ended_on") == ("ended", "terminated", "2023-03-31")
    assert ended["termination"] == {**body, "proposal_id": None}
    await refused(api, api.post(f"{contract.url}/termination", json=TERMINATION), 422, "status", "tenure_ended")


async def test_termination_needs_a_reason_a_known_mode_and_decision_makers(api) -> None:
    contract = await active_tenure(api)
    url = f"{contract.url}/termination"
    await refused(api, api.post(url, json={**TERMINATION, "reason": " "}), 422, "reason", "reason_required")
    await refused(api, api.post(url, json={**TERMINATION, "mode": "dismissal"}), 422, "mode", "literal_error")
    nobody = api.post(url, json={**TERMINATION, "decision_makers": []})
    await refused(api, nobody, 422, "decision_makers", "decision_makers_required")
    early = {**TERMINATION, "effective_on": "2023-03-01"}
    await refused(api, api.post(url, json=early), 422, "effective_on", "date_order")


async def propose_exit(api, contract, proposal_id: str = EXIT_DECISION["proposal_id"]) -> str:  # type: ignore[no-untyped-def]
    """What the appraisal service's outbox delivers when the rules propose an exit."""
    message = {
        "message_id": f"appraisal:{proposal_id}:1", "source": "appraisal", "type": "ExitProposal.Proposed",
        "stream_id": proposal_id, "version": 1, "recorded_at": "2024-03-01T00:00:00+00:00",
        "effective_date": "2024-03-01", "actor": "hr.appraisal", "correlation_id": "c-1", "causation_id": None,
        "payload": {"tenure_id": contract.tenure["id"], "manager_id": contract.manager["id"], "year": 2023, "basis": "annual", "proposed_on": "2024-03-01",
                    "triggers": [{"kind": "score_below_floor", "consequence": "exit_proposed", "reason": "59.60 < 70"}]},
    }
    # signed by the appraisal service, for the contract service's inbox, then taken effect
    [outcome] = outcomes(await post_batch(api, ServiceSettings().message_signer("appraisal"), "contract", message))
    await api._transport.app.state.inbox.process_once()  # type: ignore[attr-defined]
    return outcome


async def test_an_exit_decision_needs_a_proposal_received_from_the_appraisal_side(api) -> None:
    contract = await active_tenure(api)
    unknown = api.post(f"{contract.url}/exit-decisions", json={**EXIT_DECISION, "outcome": "exit"})
    await refused(api, unknown, 422, "proposal_id", "known_proposal")
    assert await propose_exit(api, contract) == "accepted"
    assert await propose_exit(api, contract) == "duplicate"  # a redelivery changes nothing
    tenure = (await api.get(contract.url)).json()
    assert [p["proposal_id"] for p in tenure["exit_proposals"]] == [EXIT_DECISION["proposal_id"]]
    assert tenure["version"] == contract.tenure["version"]  # the proposal is the appraisal side's, not an event here


async def test_a_declined_exit_proposal_needs_a_reason(api) -> None:
    contract = await active_tenure(api)
    await propose_exit(api, contract)
    url = f"{contract.url}/exit-decisions"
    declined = {**EXIT_DECISION, "outcome": "declined"}
    await refused(api, api.post(url, json=declined), 422, "reason", "reason_required")
    kept = await created(api.post(url, json={**declined, "reason": "主要指标未达标系政策性因素所致"}))
    assert kept["status"] == "active" and kept["termination"] is None
    assert kept["exit_decisions"][0]["reason"] == "主要指标未达标系政策性因素所致"
    again = api.post(url, json={**declined, "reason": "再议"})
    await refused(api, again, 422, "proposal_id", "proposal_already_decided")


async def test_an_exit_decision_ends_the_tenure_by_rigid_exit_or_flexible_adjustment(api) -> None:
    first = await active_tenure(api)
    second = await active_tenure(api, first.enterprise, "M02")
    await propose_exit(api, first)
    await propose_exit(api, second, "exit-2023-M02")
    resign = api.post(f"{first.url}/exit-decisions", json={**EXIT_DECISION, "outcome": "resign"})
    await refused(api, resign, 422, "outcome", "literal_error")
    for contract, outcome, mode, proposal in [
        (first, "exit", "rigid_exit", "exit-2023-M01"),
        (second, "flexible_adjustment", "flexible_adjustment", "exit-2023-M02"),
    ]:
        decision = {**EXIT_DECISION, "outcome": outcome, "proposal_id": proposal}
        ended = await created(api.post(f"{contract.url}/exit-decisions", json=decision))
        assert pick(ended, "status", "ended_reason", "ended_on") == ("ended", "terminated", "2024-03-15")
        termination = ended["termination"]
        assert pick(termination, "mode", "proposal_id") == (mode, proposal)
        assert termination["decision_makers"] == ["党委会", "董事会", "职工代表"]


async def test_an_ended_tenure_gets_no_new_letter(api) -> None:
    contract = await active_tenure(api)
    await created(api.post(f"{contract.url}/termination", json=TERMINATION))
    await refused(api, api.post(f"{contract.url}/letters", json=annual_letter(2023)), 422, "status", "tenure_ended")


async def test_a_termination_takes_effect_within_the_term(api) -> None:
    contract = await active_tenure(api)
    after_the_end = {**TERMINATION, "decided_on": "2024-12-20", "effective_on": "2025-06-30"}
    await refused(api, api.post(f"{contract.url}/termination", json=after_the_end), 422, "effective_on", None)


async def test_a_manager_holds_one_tenure_at_a_time(api) -> None:
    contract = await active_tenure(api)
    overlapping = {**RENEWAL, "manager_id": contract.manager["id"], "start": "2023-03-01", "end": "2025-12-31"}
    await refused(api, api.post("/tenures", json=overlapping), 422, "start", "one_tenure_at_a_time")


async def test_a_tenure_after_a_lapsed_one_continues_the_count_of_consecutive_terms(api) -> None:
    contract = await active_tenure(api)
    closed = await api.post("/tenures/close-expired", json={"as_of": "2025-01-01"})
    assert [t["id"] for t in closed.json()] == [contract.tenure["id"]]
    following = {**RENEWAL, "manager_id": contract.manager["id"]}
    opened = await api.post("/tenures", json=following)
    assert opened.status_code == 201, opened.text
    assert (opened.json()["term_number"], opened.json()["previous_tenure_id"]) == (2, contract.tenure["id"])
