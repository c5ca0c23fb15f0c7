"""Actuals through the HTTP API: by hand, from the group ERP, from the HR office's CSV and XLSX files;
corrections as new entries; qualitative ratings from several evaluators."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.appraisal.api.helpers import (
    AUDIT,
    YEAR,
    actual,
    csv_file,
    expected,
    golden_rows,
    group,
    ledger,
    member_of,
    open_and_close,
    refused,
    xlsx_file,
)
from tests.contract.api.helpers import created


def rating(member: dict[str, Any], evaluator: str, value: str) -> dict[str, Any]:
    return {"tenure_id": member["tenure_id"], "year": YEAR, "kpi_code": "party", "evaluator": evaluator, "rating": value}


def figures(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(e["kpi_code"], Decimal(e["value"]), e["audited"], e["source"], e["reference"]) for e in entries]


async def test_an_actual_is_recorded_with_its_source_and_whether_it_was_audited(services) -> None:
    [m01] = await group(services, size=1)
    await created(services.appraisal.post("/actuals", json=actual(m01, "revenue", "10200", reference=AUDIT)))
    recorded = await created(services.appraisal.post("/actuals", json=actual(m01, "profit", "1236", audited=False)))
    assert figures(recorded["entries"]) == [
        ("revenue", Decimal(10200), True, "manual", AUDIT), ("profit", Decimal(1236), False, "manual", None)]
    assert (await ledger(services, m01))["entries"] == recorded["entries"]


async def test_the_erp_batch_records_all_its_actuals_or_none(services) -> None:
    m01, m02 = await group(services, size=2)
    items = [actual(m01, "revenue", "10200", source="erp", reference="ERP-2022-12"),
             actual(m02, "profit", "1260", source="erp", audited=False, reference="ERP-2022-12")]
    wrong = [*items, actual(m02, "ebitda", "88", source="erp")]
    problem = await refused(services, services.appraisal.post("/actuals/batch", json={"items": wrong}),
                            422, "items.2.kpi_code", "known_kpi")
    assert problem["detail"].startswith("item 2")
    missing = await services.appraisal.get("/actuals", params={"tenure_id": m01["tenure_id"], "year": YEAR})
    assert missing.status_code == 404  # item 0 was good, and is not recorded either
    entries = await created(services.appraisal.post("/actuals/batch", json={"items": items}))
    assert figures(entries) == [("revenue", Decimal(10200), True, "erp", "ERP-2022-12"),
                                ("profit", Decimal(1260), False, "erp", "ERP-2022-12")]
    assert figures((await ledger(services, m02))["entries"]) == figures(entries[1:])


async def test_a_csv_file_records_every_row_as_an_actual_from_a_file(services) -> None:
    members = await group(services, size=2)
    entries = await created(services.appraisal.post("/actuals/upload", files={"file": csv_file(golden_rows())}))
    assert len(entries) == 6
    assert {(e["source"], e["audited"], e["reference"]) for e in entries} == {("file", True, AUDIT)}
    assert figures((await ledger(services, members[1]))["entries"]) == [
        ("revenue", Decimal(11550), True, "file", AUDIT), ("profit", Decimal(1260), True, "file", AUDIT),
        ("cost_rate", Decimal("34.5"), True, "file", AUDIT)]


async def test_an_xlsx_file_records_every_row_and_its_figures_score_as_typed_by_hand(services) -> None:
    members = await group(services, size=2)
    rows = golden_rows()
    rows[0][5] = None  # a row without a reference
    entries = await created(services.appraisal.post("/actuals/upload", files={"file": xlsx_file(rows)}))
    assert figures(entries[:3]) == [("revenue", Decimal(10200), True, "file", None),
                                    ("profit", Decimal(1236), True, "file", AUDIT),
                                    ("cost_rate", Decimal(35), True, "file", AUDIT)]
    for member in members:
        await created(services.appraisal.post("/ratings", json=rating(member, "考核委员会", "90")))
    closed = await open_and_close(services, members)
    want = expected()["years"][str(YEAR)]
    assert {m["manager_code"]: m["total"] for m in closed["members"]} == {c: want[c]["total"] for c in ("M01", "M02")}


async def test_a_correction_is_a_new_entry_that_names_what_it_corrects_and_why(services) -> None:
    [m01] = await group(services, size=1)
    unaudited = actual(m01, "profit", "1200", audited=False)
    first = (await created(services.appraisal.post("/actuals", json=unaudited)))["entries"][0]
    await refused(services, services.appraisal.post("/actuals", json=actual(m01, "profit", "1236")),
                  422, "kpi_code", "correct_do_not_overwrite")
    body = {"tenure_id": m01["tenure_id"], "year": YEAR, "entry_id": first["entry_id"], "value": "1236",
            "reason": "审计调整：补记12月利润"}
    corrected = await created(services.appraisal.post("/actuals/corrections", json=body))
    both = (await ledger(services, m01))["entries"]
    assert both == corrected["entries"] and both[0] == first
    assert (both[1]["corrects"], both[1]["reason"], Decimal(both[1]["value"]), both[1]["audited"]) == (
        first["entry_id"], "审计调整：补记12月利润", Decimal(1236), True)


def beijing_day() -> date:
    return (datetime.now(UTC) + timedelta(hours=8)).date()  # China Standard Time: UTC+8, no daylight saving


async def test_an_entry_and_its_correction_each_say_the_business_day_they_were_entered(services) -> None:
    [m01] = await group(services, size=1)
    before = beijing_day()
    first = (await created(services.appraisal.post("/actuals", json=actual(m01, "profit", "1200"))))["entries"][0]
    body = {"tenure_id": m01["tenure_id"], "year": YEAR, "entry_id": first["entry_id"], "value": "1236",
            "reason": "审计调整"}
    await created(services.appraisal.post("/actuals/corrections", json=body))
    after = beijing_day()
    days = [e["entered_on"] for e in (await ledger(services, m01))["entries"]]
    assert len(days) == 2 and all(d in {before.isoformat(), after.isoformat()} for d in days), days


async def test_a_correction_says_why_and_corrects_the_latest_entry(services) -> None:
    [m01] = await group(services, size=1)
    first = (await created(services.appraisal.post("/actuals", json=actual(m01, "profit", "1200"))))["entries"][0]
    body = {"tenure_id": m01["tenure_id"], "year": YEAR, "entry_id": first["entry_id"], "value": "1236", "reason": "审计调整"}
    request = services.appraisal.post("/actuals/corrections", json={**body, "reason": "  "})
    await refused(services, request, 422, "reason", "reason_required")
    await created(services.appraisal.post("/actuals/corrections", json=body))
    again = services.appraisal.post("/actuals/corrections", json={**body, "value": "1250"})
    await refused(services, again, 422, "entry_id", "correct_the_latest")
    assert [e["entry_id"] for e in (await ledger(services, m01))["entries"]] == [f"{YEAR}-1", f"{YEAR}-2"]


async def test_a_rated_kpi_scores_the_mean_of_its_evaluators_ratings(services) -> None:
    [m01] = await group(services, size=1)
    for code, value in (("revenue", "10200"), ("profit", "1236"), ("cost_rate", "35.0")):
        await created(services.appraisal.post("/actuals", json=actual(m01, code, value)))
    for evaluator, value in (("党委书记", "80"), ("纪委书记", "90")):
        await created(services.appraisal.post("/ratings", json=rating(m01, evaluator, value)))
    await refused(services, services.appraisal.post("/ratings", json=rating(m01, "党委书记", "95")),
                  422, "evaluator", "correct_do_not_overwrite")  # one rating per evaluator; a change is a correction
    closed = await open_and_close(services, [m01])
    [party] = [k for k in member_of(closed, "M01")["kpis"] if k["code"] == "party"]
    assert ([Decimal(r) for r in party["ratings"]], Decimal(party["rating"]), party["score"]) == (
        [Decimal(80), Decimal(90)], Decimal(85), "17.00")
    assert member_of(closed, "M01")["total"] == "97.60"  # the golden 98.60 with a party score of 17.00, not 18.00
