"""Performance letters and their KPI sheets (DOMAIN.md "KPI sheets", Lifecycle 3), through the HTTP API."""

from __future__ import annotations

import httpx

from tests.auth import person
from tests.contract.api.helpers import created
from tests.contract.api.tenure_helpers import (
    CHAIRMAN,
    GENERAL_MANAGER,
    IN_PERSON,
    Contract,
    active_tenure,
    annual_letter,
    golden_kpis,
    pick,
    refused,
    sign,
    signature,
    signing,
)


async def issued(api: httpx.AsyncClient, url: str, body: dict) -> dict:
    return await created(api.post(f"{url}/letters", json=body))


async def signed_by_both(api: httpx.AsyncClient, contract: Contract, key: str, on: str = "2022-03-05") -> dict:
    await sign(api, contract.tenure, CHAIRMAN, on, letter=key)
    return await sign(api, contract.tenure, IN_PERSON, on, letter=key)


def with_kpi(year: int, index: int, **changes: object) -> list[dict]:
    kpis = golden_kpis(year)
    kpis[index] = {**kpis[index], **changes}
    return kpis


async def test_a_tenure_reads_with_its_agreement_letters_and_kpi_sheets(api) -> None:
    contract = await active_tenure(api)
    await issued(api, contract.url, annual_letter(2022))
    read = (await api.get(contract.url)).json()
    assert read["agreement"]["pay"] == {"base": "200000", "performance": "300000"}
    [letter] = read["letters"]
    assert pick(letter, "key", "kind", "year", "status") == ("annual-2022", "annual", 2022, "issued")
    revenue, profit, cost_rate, party = letter["versions"][0]["kpis"]
    assert pick(revenue, "rule", "direction", "unit", "main") == ("linear", "higher", "万元", True)
    assert pick(revenue, "weight", "target", "cap") == ("30", "10000", "1.2")
    assert pick(profit, "rule", "step", "penalty", "main") == ("deduct", "1", "10", True)
    assert pick(cost_rate, "direction", "unit", "step", "target") == ("lower", "%", "2", "35.0")
    assert pick(party, "rule", "direction", "veto", "veto_below", "target") == ("rated", None, True, "60", None)
    assert letter["versions"][0]["policy_version"] == 1


async def test_one_annual_letter_per_year_the_tenure_touches(api) -> None:
    contract = await active_tenure(api)
    for year in (2022, 2023, 2024):
        await issued(api, contract.url, annual_letter(year))
    outside = api.post(f"{contract.url}/letters", json=annual_letter(2025, kpis=golden_kpis(2024)))
    await refused(api, outside, 422, "year", "year_in_tenure")
    again = api.post(f"{contract.url}/letters", json=annual_letter(2023))
    await refused(api, again, 422, "year", "one_letter_per_year")
    keys = [letter["key"] for letter in (await api.get(contract.url)).json()["letters"]]
    assert keys == ["annual-2022", "annual-2023", "annual-2024"]


async def test_one_tenure_letter_for_the_whole_tenure_without_a_year(api) -> None:
    contract = await active_tenure(api)
    tenure_letter = {"kind": "tenure", "kpis": golden_kpis(2024)}
    with_a_year = api.post(f"{contract.url}/letters", json={**tenure_letter, "year": 2024})
    await refused(api, with_a_year, 422, "year", "tenure_letter_has_no_year")
    assert (await issued(api, contract.url, tenure_letter))["letters"][0]["key"] == "tenure"
    await refused(api, api.post(f"{contract.url}/letters", json=tenure_letter), 422, "kind", "one_tenure_letter")


async def test_sheet_weights_must_sum_to_100(api) -> None:
    contract = await active_tenure(api)
    letter = annual_letter(2022, kpis=with_kpi(2022, 0, weight="35"))
    request = api.post(f"{contract.url}/letters", json=letter)
    problem = await refused(api, request, 422, "kpis", "weights_sum_to_100")
    assert "105" in problem["detail"]


async def test_quantitative_kpis_weigh_at_least_the_policy_minimum(api) -> None:
    contract = await active_tenure(api)
    kpis = with_kpi(2022, 0, weight="10")
    kpis[3]["weight"] = "40"  # party building, rated: quantitative KPIs now weigh 60 of 100
    request = api.post(f"{contract.url}/letters", json=annual_letter(2022, kpis=kpis))
    await refused(api, request, 422, "kpis", "min_quantitative_weight")


async def test_a_kpi_of_wrong_type_is_refused_naming_the_kpi_and_its_field(api) -> None:
    contract = await active_tenure(api)
    wrong_weight = annual_letter(2022, kpis=with_kpi(2022, 1, weight="thirty"))
    request = api.post(f"{contract.url}/letters", json=wrong_weight)
    await refused(api, request, 422, "kpis.1.weight", "decimal_parsing")
    sideways = annual_letter(2022, kpis=with_kpi(2022, 2, direction="sideways"))
    await refused(api, api.post(f"{contract.url}/letters", json=sideways), 422, "kpis.2.direction", "literal_error")


async def test_a_kpi_needs_the_target_its_scoring_rule_measures_against(api) -> None:
    contract = await active_tenure(api)
    kpis = golden_kpis(2022)
    del kpis[0]["target"]
    request = api.post(f"{contract.url}/letters", json=annual_letter(2022, kpis=kpis))
    await refused(api, request, 422, "kpis.0.target", "target_required")


async def test_a_tiered_kpi_takes_basic_striving_and_challenge_targets_in_order(api) -> None:
    contract = await active_tenure(api)
    tiers = {"basic": "9000", "striving": "10000", "challenge": "11000"}
    tiered = with_kpi(2022, 0, rule="tiered", target=None, tiers={**tiers, "basic": "10500"})
    request = api.post(f"{contract.url}/letters", json=annual_letter(2022, kpis=tiered))
    await refused(api, request, 422, "kpis.0.tiers", "tiers_ordered")
    in_order = with_kpi(2022, 0, rule="tiered", target=None, tiers=tiers)
    letter = await issued(api, contract.url, annual_letter(2022, kpis=in_order))
    assert letter["letters"][0]["versions"][0]["kpis"][0]["tiers"] == tiers


async def test_a_signed_letter_changes_only_by_a_new_version_with_a_reason(api) -> None:
    contract = await active_tenure(api)
    await issued(api, contract.url, annual_letter(2022))
    await signed_by_both(api, contract, "annual-2022")
    letter_url = f"{contract.url}/letters/annual-2022"
    signing_again = signing(api, contract.tenure, signature(GENERAL_MANAGER, "2022-03-06"), "annual-2022")
    await refused(api, signing_again, 422, "party", "letter_lifecycle")
    change = {"kpis": with_kpi(2022, 0, target="9500"), "revised_on": "2022-06-30"}
    without_reason = api.post(f"{letter_url}/revisions", json={**change, "reason": " "})
    await refused(api, without_reason, 422, "reason", "reason_required")
    revised = await created(api.post(f"{letter_url}/revisions", json={**change, "reason": "疫情影响，董事会同意调整"}))
    first, second = revised["letters"][0]["versions"]
    assert pick(first, "number", "status", "reason") == (1, "signed", None) and len(first["signatures"]) == 2
    assert first["kpis"][0]["target"] == "10000" and second["kpis"][0]["target"] == "9500"
    assert pick(second, "number", "status", "signatures") == (2, "issued", [])
    assert second["reason"] == "疫情影响，董事会同意调整" and revised["letters"][0]["status"] == "issued"


async def test_a_letter_is_signed_under_the_same_authority_as_the_agreement(api) -> None:
    contract = await active_tenure(api)
    await issued(api, contract.url, annual_letter(2022))
    url = f"{contract.url}/letters/annual-2022/signatures"
    stranger = {"party": "enterprise", "signer_name": "孙副总", "signer_role": "deputy_general_manager"}
    # a board member signed in as themself, but holding no board authorisation to sign
    by_stranger = api.post(url, json=signature(stranger, "2022-03-05"), headers=person("孙副总", "board_member@E1"))
    await refused(api, by_stranger, 403, "signer_name", "signing_authority")
    proxy = {**IN_PERSON, "signer_name": "赵磊的秘书"}
    by_proxy = signing(api, contract.tenure, signature(proxy, "2022-03-05"), "annual-2022")
    await refused(api, by_proxy, 403, "signer_name", "manager_signs_in_person")


async def test_a_letter_is_signed_only_once_it_was_issued(api) -> None:
    contract = await active_tenure(api)
    not_issued = signing(api, contract.tenure, signature(CHAIRMAN), "annual-2022")
    await refused(api, not_issued, 404, "letter_key", "known_letter")
    await issued(api, contract.url, annual_letter(2022, issued_on="2022-03-01"))
    early = signing(api, contract.tenure, signature(CHAIRMAN, "2022-02-28"), "annual-2022")
    await refused(api, early, 422, "signed_on", "date_order")


async def test_a_rated_kpi_with_a_veto_threshold_alone_is_a_veto_kpi(api) -> None:
    contract = await active_tenure(api)
    kpis = golden_kpis(2022)
    del kpis[3]["veto"]  # as the golden scenario gives it: veto_below 60, no flag
    letter = await created(api.post(f"{contract.url}/letters", json=annual_letter(2022, kpis=kpis)))
    assert letter["letters"][0]["versions"][0]["kpis"][3]["veto"] is True
