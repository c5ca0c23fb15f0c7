"""An exit decision on a proposal, with its effective date, and what an ended tenure means for signing
coverage (DOMAIN.md "Warnings and exit", "Changes after the fact", "What supervisors measure"), through HTTP."""

from __future__ import annotations

from tests.contract.api.helpers import created
from tests.contract.api.tenure_helpers import active_tenure, pick, refused
from tests.contract.api.test_tenure_term_and_exit import EXIT_DECISION, RENEWAL, TERMINATION, propose_exit

RIGID_EXIT = {**EXIT_DECISION, "outcome": "exit", "reason": "2023年度考核不合格，主要指标完成率低于70%",
              "effective_on": "2024-04-30"}


async def test_an_exit_decision_ends_the_tenure_on_its_effective_date(api) -> None:
    contract = await active_tenure(api)
    await propose_exit(api, contract)
    ended = await created(api.post(f"{contract.url}/exit-decisions", json=RIGID_EXIT))
    assert pick(ended, "status", "ended_reason", "ended_on") == ("ended", "terminated", "2024-04-30")
    assert pick(ended["termination"], "mode", "decided_on", "effective_on", "decision_ref") == (
        "rigid_exit", "2024-03-15", "2024-04-30", "董事会决议〔2024〕3号")
    [decision] = ended["exit_decisions"]
    assert pick(decision, "outcome", "decided_on", "effective_on") == ("exit", "2024-03-15", "2024-04-30")


async def test_an_exit_decision_without_an_effective_date_takes_effect_on_the_day_it_is_taken(api) -> None:
    contract = await active_tenure(api)
    await propose_exit(api, contract)
    decision = {k: v for k, v in RIGID_EXIT.items() if k != "effective_on"}
    ended = await created(api.post(f"{contract.url}/exit-decisions", json=decision))
    assert (ended["ended_on"], ended["exit_decisions"][0]["effective_on"]) == ("2024-03-15", "2024-03-15")


async def test_an_exit_cannot_take_effect_before_it_is_decided(api) -> None:
    contract = await active_tenure(api)
    await propose_exit(api, contract)
    early = api.post(f"{contract.url}/exit-decisions", json={**RIGID_EXIT, "effective_on": "2024-03-14"})
    await refused(api, early, 422, "effective_on", "date_order")


async def test_an_exit_takes_effect_within_the_term(api) -> None:
    contract = await active_tenure(api)
    await propose_exit(api, contract)
    late = api.post(f"{contract.url}/exit-decisions", json={**RIGID_EXIT, "effective_on": "2025-01-31"})
    await refused(api, late, 422, "effective_on", "within_term")


async def test_only_a_rigid_exit_on_a_proposal_is_for_cause(api) -> None:
    contract = await active_tenure(api)
    await propose_exit(api, contract)
    url = f"{contract.url}/exit-decisions"
    adjusted = {**RIGID_EXIT, "outcome": "flexible_adjustment", "for_cause": True}
    await refused(api, api.post(url, json=adjusted), 422, "for_cause", "for_cause_is_a_rigid_exit")
    await refused(api, api.post(url, json={**RIGID_EXIT, "for_cause": False}), 422, "for_cause", "for_cause_is_a_rigid_exit")
    ended = await created(api.post(url, json={**RIGID_EXIT, "for_cause": True}))
    assert ended["termination"]["mode"] == "rigid_exit"


async def test_a_manager_who_left_is_not_counted_as_not_covered(api) -> None:
    left = await active_tenure(api)
    await created(api.post(f"{left.url}/termination", json=TERMINATION))  # effective 2023-03-31
    await active_tenure(api, left.enterprise, "M02")
    coverage = (await api.get("/coverage/signing", params={"on": "2023-06-30"})).json()
    assert pick(coverage, "managers", "managers_covered", "managers_not_covered", "enterprises_not_covered") == (
        1, 1, [], [])


async def test_a_manager_whose_term_ran_out_has_left_unless_a_renewal_waits_to_be_signed(api) -> None:
    ran_out = await active_tenure(api)
    renewing = await active_tenure(api, ran_out.enterprise, "M02")
    await created(api.post(f"{renewing.url}/renewal", json=RENEWAL))  # drafted, not signed yet
    coverage = (await api.get("/coverage/signing", params={"on": "2025-06-30"})).json()
    assert pick(coverage, "managers", "managers_covered", "managers_not_covered") == (1, 0, ["M02"])
