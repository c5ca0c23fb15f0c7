"""Actuals the appraisal service refuses, each as a problem naming the field and the rule, with nothing
written: a KPI the letter lacks, a value that is no number, a rating outside 0–100, a malformed file."""

from __future__ import annotations

from uuid import uuid4


from tests.appraisal.api.helpers import (
    AUDIT,
    SPREADSHEET_HEADER,
    YEAR,
    actual,
    csv_file,
    golden_rows,
    group,
    refused,
    xlsx_file,
)
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created


def rating(member: dict, value: str, evaluator: str = "党委书记") -> dict:
    return {"tenure_id": member["tenure_id"], "year": YEAR, "kpi_code": "party", "evaluator": evaluator, "rating": value}


async def nothing_recorded_for(services: Services, member: dict) -> None:
    response = await services.appraisal.get("/actuals", params={"tenure_id": member["tenure_id"], "year": YEAR})
    assert response.status_code == 404, response.text


async def test_an_actual_is_recorded_only_for_a_known_kpi_of_a_signed_letter(services) -> None:
    [m01] = await group(services, size=1)
    problem = await refused(services, services.appraisal.post("/actuals", json=actual(m01, "ebitda", "88")),
                            422, "kpi_code", "known_kpi")
    assert "revenue" in problem["detail"]  # the refusal lists the letter's KPIs
    rated = services.appraisal.post("/actuals", json=actual(m01, "party", "90"))
    await refused(services, rated, 422, "kpi_code", "rated_kpi")
    request = services.appraisal.post("/actuals", json=actual(m01, "revenue", "10200", year=2023))
    await refused(services, request, 422, "year", "signed_letter")  # no letter for 2023 yet
    await nothing_recorded_for(services, m01)


async def test_an_actual_value_must_be_a_finite_number(services) -> None:
    [m01] = await group(services, size=1)
    for value, rule in (("一万零二百", "decimal_parsing"), ("10,200", "decimal_parsing"), ("", "decimal_parsing"),
                        ("NaN", "finite_number"), ("Infinity", "finite_number")):
        await refused(services, services.appraisal.post("/actuals", json=actual(m01, "revenue", value)), 422, "value", rule)
    await nothing_recorded_for(services, m01)


async def test_a_rating_lies_between_0_and_100(services) -> None:
    [m01] = await group(services, size=1)
    for value in ("100.5", "-1"):
        await refused(services, services.appraisal.post("/ratings", json=rating(m01, value)), 422, "rating", "rating_range")
    await nothing_recorded_for(services, m01)
    for value in ("0", "100"):
        await created(services.appraisal.post("/ratings", json=rating(m01, value, evaluator=f"评委{value}")))


async def test_a_corrected_rating_lies_between_0_and_100(services) -> None:
    [m01] = await group(services, size=1)
    entry = (await created(services.appraisal.post("/ratings", json=rating(m01, "80"))))["entries"][0]
    body = {"tenure_id": m01["tenure_id"], "year": YEAR, "entry_id": entry["entry_id"], "value": "120", "reason": "复核"}
    await refused(services, services.appraisal.post("/actuals/corrections", json=body), 422, "value", "rating_range")


async def test_a_spreadsheet_with_bad_rows_names_each_by_its_row_number_and_records_nothing(services) -> None:
    m01, m02 = await group(services, size=2)
    rows = [["M01", YEAR, "revenue", "10200", "yes", AUDIT],   # row 2: good
            ["M01", YEAR, "profit", "一千二", "yes", AUDIT],    # row 3: no number
            ["M02", YEAR, "ebitda", "88", "yes", AUDIT]]        # row 4: not on M02's letter
    upload = services.appraisal.post("/actuals/upload", files={"file": csv_file(rows)})
    problem = await refused(services, upload, 422, "file", "spreadsheet_rows")
    assert [(e["row"], e["field"], e["rule"]) for e in problem["errors"]] == [
        (3, "value", "decimal"), (4, "kpi_code", "known_kpi")]
    assert all(e["detail"] for e in problem["errors"])
    await nothing_recorded_for(services, m01)
    await nothing_recorded_for(services, m02)


async def test_an_xlsx_with_bad_rows_names_each_by_its_row_number_and_records_nothing(services) -> None:
    [m01] = await group(services, size=1)
    rows = [*golden_rows(("M01",)),
            ["M09", YEAR, "revenue", 10000, True, None],        # row 5: no such manager
            ["M01", YEAR, "revenue", 10300, "maybe", None],     # row 6: audited is neither yes nor no
            ["M01", "二〇二二", "profit", 1236, True, None],     # row 7: no year
            ["M01", YEAR, "revenue", 10300, False, None]]       # row 8: revenue is in row 2 already
    upload = services.appraisal.post("/actuals/upload", files={"file": xlsx_file(rows)})
    problem = await refused(services, upload, 422, "file", "spreadsheet_rows")
    assert [(e["row"], e["field"], e["rule"]) for e in problem["errors"]] == [
        (5, "manager_code", "known_tenure"), (6, "audited", "boolean"), (7, "year", "integer"),
        (8, "kpi_code", "correct_do_not_overwrite")]
    await nothing_recorded_for(services, m01)


async def test_only_csv_and_xlsx_files_are_read(services) -> None:
    [m01] = await group(services, size=1)
    _, content, _ = csv_file(golden_rows(("M01",)))
    for file in (("actuals.txt", content, "text/plain"), ("actuals.xlsx", content, "application/octet-stream")):
        await refused(services, services.appraisal.post("/actuals/upload", files={"file": file}),
                      422, "file", "spreadsheet_format")
    await nothing_recorded_for(services, m01)


async def test_a_spreadsheet_header_names_every_required_column(services) -> None:
    [m01] = await group(services, size=1)
    without_value = [column for column in SPREADSHEET_HEADER if column != "value"]
    rows = [row[:3] + row[4:] for row in golden_rows(("M01",))]
    for file in (csv_file(rows, without_value), xlsx_file(rows, without_value)):
        problem = await refused(services, services.appraisal.post("/actuals/upload", files={"file": file}),
                                422, "file", "spreadsheet_header")
        assert "value" in problem["detail"]
    await nothing_recorded_for(services, m01)


async def test_a_spreadsheet_year_out_of_the_calendar_is_a_bad_row_not_a_server_error(services) -> None:
    [m01] = await group(services, size=1)
    rows = [["M01", 20222, "revenue", "10200", "yes", AUDIT]]  # a typing slip for 2022
    upload = services.appraisal.post("/actuals/upload", files={"file": csv_file(rows)})
    problem = await refused(services, upload, 422, "file", "spreadsheet_rows")
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [(2, "year")]
    await nothing_recorded_for(services, m01)


async def test_a_batch_refusal_names_the_item_at_fault_whatever_the_error(services) -> None:
    [m01] = await group(services, size=1)
    unknown = actual(m01, "profit", "1236", source="erp", tenure_id=str(uuid4()))  # a tenure the service never learned
    batch = {"items": [actual(m01, "revenue", "10200", source="erp"), unknown]}
    await refused(services, services.appraisal.post("/actuals/batch", json=batch), 404, "items.1.tenure_id", "known_tenure")
    await nothing_recorded_for(services, m01)
