"""The committee's round of ratings in one request: every rating recorded as `POST /ratings` records it, or none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.appraisal_svc.application.actuals import PART
from tests.appraisal.api.helpers import YEAR, group, ledger, refused
from tests.contract.api.helpers import created


def rating(member: dict[str, Any], value: str, kpi_code: str = "party",
           evaluator: str = "考核委员会") -> dict[str, Any]:
    return {"tenure_id": member["tenure_id"], "year": YEAR, "kpi_code": kpi_code, "evaluator": evaluator,
            "rating": value}


def ratings_of(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["kpi_code"], e["evaluator"], Decimal(e["value"]), e["source"]) for e in entries]


async def test_a_batch_of_ratings_records_each_as_one_rating_would(services) -> None:
    m01, m02 = await group(services, size=2)
    batch = [rating(m01, "90"), rating(m02, "85"), rating(m02, "80", evaluator="党委书记")]
    entries = await created(services.appraisal.post("/ratings/batch", json={"items": batch}))
    assert ratings_of(entries) == [("party", "考核委员会", Decimal(90), "manual"),
                                   ("party", "考核委员会", Decimal(85), "manual"),
                                   ("party", "党委书记", Decimal(80), "manual")]
    assert ratings_of((await ledger(services, m02))["entries"]) == ratings_of(entries[1:])
    one = await created(services.appraisal.post("/ratings", json=rating(m01, "70", evaluator="党委书记")))
    assert ratings_of(one["entries"])[0] == ratings_of(entries)[0]


async def test_a_batch_with_one_bad_rating_records_none_and_names_the_item(services) -> None:
    m01, m02 = await group(services, size=2)
    batch = [rating(m01, "90"), rating(m02, "101")]
    problem = await refused(services, services.appraisal.post("/ratings/batch", json={"items": batch}),
                            422, "items.1.rating", "rating_range")
    assert problem["detail"].startswith("item 1")
    measured = [rating(m01, "90"), rating(m02, "90", kpi_code="revenue")]  # a measured KPI is not rated
    await refused(services, services.appraisal.post("/ratings/batch", json={"items": measured}),
                  422, "items.1.kpi_code", "measured_kpi")
    missing = await services.appraisal.get("/actuals", params={"tenure_id": m01["tenure_id"], "year": YEAR})
    assert missing.status_code == 404  # the good first item was not recorded either


async def test_a_batch_longer_than_a_part_sees_across_its_parts_what_it_recorded_before(services) -> None:
    """Items are taken 200 at a time, each part's ledgers saved before the next is read: a ledger touched in
    two parts keeps every entry once, and a second rating by one evaluator is refused even a part later."""
    m01, m02 = await group(services, size=2)
    evaluators = [f"委员{n:03d}" for n in range(PART + 1)]
    batch = [rating(m01, "90", evaluator=evaluators[0]), *(rating(m02, "80", evaluator=e) for e in evaluators[1:]),
             rating(m01, "70", evaluator="党委书记")]
    again = [*batch, rating(m01, "60", evaluator=evaluators[0])]
    await refused(services, services.appraisal.post("/ratings/batch", json={"items": again}),
                  422, f"items.{len(batch)}.evaluator", "correct_do_not_overwrite")
    assert (await services.appraisal.get("/actuals", params={"tenure_id": m01["tenure_id"], "year": YEAR})
            ).status_code == 404  # nothing of the refused batch was kept, its first part's ledgers neither
    entries = await created(services.appraisal.post("/ratings/batch", json={"items": batch}))
    assert len({e["entry_id"] for e in entries[1:-1]}) == PART  # an entry's id is its ledger's: m02's are its own
    kept = (await ledger(services, m01))["entries"]
    assert ratings_of(kept) == [("party", evaluators[0], Decimal(90), "manual"),
                                ("party", "党委书记", Decimal(70), "manual")]
    assert [e["entry_id"] for e in kept] == [entries[0]["entry_id"], entries[-1]["entry_id"]]


async def test_the_openapi_document_names_each_batch_body_and_its_items(services) -> None:
    document = (await services.appraisal.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    for path, body, item in (("/actuals/batch", "RecordActuals", "RecordActual"),
                             ("/ratings/batch", "RecordRatings", "RecordRating")):
        content = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert content["schema"] == {"$ref": f"#/components/schemas/{body}"}
        assert schemas[body]["properties"]["items"]["items"] == {"$ref": f"#/components/schemas/{item}"}
        assert {"tenure_id", "kpi_code"} <= set(schemas[item]["properties"])
