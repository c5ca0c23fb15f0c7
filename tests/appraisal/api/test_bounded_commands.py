"""The appraisal commands' figures and text are bounded: a figure is finite, of at most 16 digits before the
point and 8 after; text carries no NUL or bidirectional override and is of a sensible length. Each refusal
names the field, writes nothing, and leaves the appraisal to close as if it had not been sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.appraisal.api.helpers import (
    YEAR,
    actual,
    as_manager,
    confirm,
    group,
    ledger,
    open_and_close,
    post_figures,
    refused,
)
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created

LARGEST = "9999999999999999.99999999"  # 16 digits before the point, 8 after


def raw_json(services: Services, url: str, body: dict[str, Any], **numbers: str):  # type: ignore[no-untyped-def]
    """POST `body` with `numbers` written into the JSON as bare numbers (1e400, which json.dumps cannot write)."""
    text = json.dumps(body)[:-1] + "".join(f', "{name}": {number}' for name, number in numbers.items()) + "}"
    return services.appraisal.post(url, content=text.encode(), headers={"content-type": "application/json"})


async def test_an_actual_of_1e400_is_refused_naming_its_field_and_the_appraisal_still_closes(services) -> None:
    members = await group(services, size=2)
    m01 = members[0]
    body = {k: v for k, v in actual(m01, "revenue", "0").items() if k != "value"}
    await refused(services, raw_json(services, "/actuals", body, value="1e400"), 422, "value", "finite_number")
    for value, rule in (("1E+400", "decimal_max_digits"), ("1E+27", "decimal_max_digits"),
                        ("12345678901234567", "decimal_whole_digits"), ("0.000000001", "decimal_max_places")):
        request = services.appraisal.post("/actuals", json=actual(m01, "revenue", value))
        await refused(services, request, 422, "value", rule)
    batch = {"items": [actual(m01, "revenue", "10200", source="erp"), actual(m01, "profit", "1E+400", source="erp")]}
    await refused(services, services.appraisal.post("/actuals/batch", json=batch), 422, "items.1.value",
                  "decimal_max_digits")
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    assert {m["manager_code"] for m in closed["members"]} == {"M01", "M02"}


async def test_the_largest_figure_allowed_is_scored_without_a_server_error(services) -> None:
    [m01] = await group(services, size=1)
    figures = {"revenue": LARGEST, "profit": "0.00000001", "cost_rate": LARGEST}
    for code, value in figures.items():
        await created(services.appraisal.post("/actuals", json=actual(m01, code, value)))
    rating = {"tenure_id": m01["tenure_id"], "year": YEAR, "kpi_code": "party", "evaluator": "考核委员会", "rating": "90"}
    await created(services.appraisal.post("/ratings", json=rating))
    closed = await open_and_close(services, [m01])
    assert [m["manager_code"] for m in closed["members"]] == ["M01"]


async def test_a_rating_or_a_correction_of_1e400_is_refused_naming_its_field(services) -> None:
    [m01] = await group(services, size=1)
    rating = {"tenure_id": m01["tenure_id"], "year": YEAR, "kpi_code": "party", "evaluator": "党委书记"}
    await refused(services, raw_json(services, "/ratings", rating, rating="1e400"), 422, "rating", "finite_number")
    await refused(services, services.appraisal.post("/ratings", json={**rating, "rating": "1E+400"}),
                  422, "rating", "decimal_max_digits")
    entry = (await created(services.appraisal.post("/actuals", json=actual(m01, "profit", "1200"))))["entries"][0]
    correction = {"tenure_id": m01["tenure_id"], "year": YEAR, "entry_id": entry["entry_id"], "reason": "审计调整"}
    await refused(services, raw_json(services, "/actuals/corrections", correction, value="1e400"),
                  422, "value", "finite_number")
    await refused(services, services.appraisal.post("/actuals/corrections", json={**correction, "value": "1E+400"}),
                  422, "value", "decimal_max_digits")
    assert len((await ledger(services, m01))["entries"]) == 1


async def confirmed_group(services: Services) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    members = await group(services, size=2)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    return members, await confirm(services, closed["id"])


@pytest.mark.parametrize("character", ["\x00", "\u202e"])
async def test_an_objection_reason_with_a_nul_or_a_bidi_override_is_refused_naming_the_field(
        services, character: str) -> None:
    members, confirmed = await confirmed_group(services)
    url = f"/appraisals/{confirmed['id']}/objections"
    body = {"tenure_id": members[0]["tenure_id"], "reason": f"营业收入{character}含代收款", "filed_on": "2023-02-01"}
    problem = await refused(services, services.appraisal.post(url, json=body, headers=as_manager(members[0])),
                            422, "reason", "text_forbidden_character")
    assert f"U+{ord(character):04X}" in problem["detail"]
    assert (await services.appraisal.get(f"/appraisals/{confirmed['id']}")).json()["objections"] == []


async def test_reasons_and_references_have_a_maximum_length(services) -> None:
    members, confirmed = await confirmed_group(services)
    url = f"/appraisals/{confirmed['id']}/objections"
    body = {"tenure_id": members[0]["tenure_id"], "reason": "口" * 2001, "filed_on": "2023-02-01"}
    await refused(services, services.appraisal.post(url, json=body, headers=as_manager(members[0])),
                  422, "reason", "string_too_long")
    body["reason"] = "口" * 4001  # beyond what any text of any command may be
    await refused(services, services.appraisal.post(url, json=body, headers=as_manager(members[0])),
                  422, "reason", "text_too_long")
    request = services.appraisal.post("/actuals", json=actual(members[0], "revenue", "1", reference="号" * 201))
    await refused(services, request, 422, "reference", "string_too_long")
