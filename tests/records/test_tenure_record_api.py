"""The tenure record (issue 5): a manager's record rebuilt from the three services' events as of a recorded time,
compared between two times, and the chains it rests on verified."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from tests.auth import person
from tests.contract.api.helpers import assert_problem
from tests.payroll.api.helpers import appraised, pay_group, revised, run
from tests.payroll.conftest import Services3

CORRECTION_REASON = "审计调整：收入确认跨期"  # what tests/payroll/api/helpers.py `revised` records
REVISION_REASON = "审计调整，董事会决议〔2023〕7号"
AUDITOR = person("审计员", "auditor@*", subject="audit.sun")


async def record(services: Services3, manager_id: str, as_of: datetime | str | None = None) -> dict[str, Any]:
    params = {"as_of": as_of.isoformat() if isinstance(as_of, datetime) else as_of} if as_of else {}
    response = await services.contract.get(f"/tenure-records/{manager_id}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def year_of(found: dict[str, Any], year: int = 2022) -> dict[str, Any]:
    [tenure] = found["tenures"]
    return next(y for y in tenure["years"] if y["year"] == year)


async def paid_and_appraised(services: Services3) -> tuple[dict[str, Any], dict[str, Any]]:
    [member] = await pay_group(services, letters=True, performance_mode="score")
    await run(services, [member], "2023-03")
    return member, await appraised(services, [member])


async def moment() -> datetime:
    """A recorded time strictly between what was recorded before and what will be recorded after."""
    await asyncio.sleep(0.01)
    now = datetime.now(UTC)
    await asyncio.sleep(0.01)
    return now


async def test_the_record_holds_what_each_service_recorded_for_the_manager(services3: Services3) -> None:
    member, final = await paid_and_appraised(services3)

    found = await record(services3, member["manager_id"])

    assert found["complete"] is True and found["manager"]["code"] == "M01"
    assert {name: source["available"] for name, source in found["sources"].items()} == {
        "contract": True, "appraisal": True, "payroll": True}
    [tenure] = found["tenures"]
    assert tenure["tenure"]["status"] == "active" and tenure["tenure"]["agreement"]["signatures"]
    year = year_of(found)
    assert year["letter"]["in_force"]["kpis"], "the KPI sheet in force"
    assert year["actuals"]["entries"], "the actuals known"
    member_figures = year["appraisal"]["member"]
    assert member_figures["total"] == "98.60" and member_figures["kpis"][0]["completion"] is not None
    assert year["appraisal"]["status"] == "final" and year["appraisal"]["policy_version"] == 1
    assert year["settlement"]["performance_pay"] == "165323.83"
    assert {line["kind"] for line in year["lines"]} >= {"performance"}
    kinds = {entry["type"] for entry in found["timeline"]}
    assert {"Tenure.AgreementSigned", "AnnualAppraisal.Finalised", "PayAccount.LineAdded"} <= kinds
    signed = next(e for e in found["timeline"] if e["type"] == "Tenure.AgreementSigned")
    assert signed["category"] == "signature" and signed["actor"] and signed["recorded_at"]


async def test_as_of_before_a_correction_the_old_figures_and_after_it_the_new_with_the_reason(
        services3: Services3) -> None:
    member, final = await paid_and_appraised(services3)
    before = await moment()
    await revised(services3, final, member, revenue="10500", decided_on="2023-06-01")  # 98.60 → 99.50

    old, new = await record(services3, member["manager_id"], before), await record(services3, member["manager_id"])

    old_year, new_year = year_of(old), year_of(new)
    assert old_year["appraisal"]["member"]["total"] == "98.60" and old_year["appraisal"]["revisions"] == []
    assert new_year["appraisal"]["member"]["total"] == "99.50"
    assert [r["reason"] for r in new_year["appraisal"]["revisions"]] == [REVISION_REASON]
    correction = next(e for e in new_year["actuals"]["entries"] if e["corrects"])
    assert correction["reason"] == CORRECTION_REASON and correction["value"] == "10500"
    assert not any(e["corrects"] for e in old_year["actuals"]["entries"])
    assert [line["kind"] for line in old_year["lines"] if line["kind"] == "arrears"] == []
    [arrears] = [line for line in new_year["lines"] if line["kind"] == "arrears"]
    assert arrears["amount"] == "1509.04"
    revision = next(e for e in new["timeline"] if e["type"] == "AnnualAppraisal.Revised")
    assert revision["reason"] == REVISION_REASON and revision["category"] == "decision"


async def test_the_changes_between_two_dates_say_what_changed_who_recorded_it_and_why(services3: Services3) -> None:
    member, final = await paid_and_appraised(services3)
    before = await moment()
    await revised(services3, final, member, revenue="10500", decided_on="2023-06-01")

    response = await services3.contract.get(f"/tenure-records/{member['manager_id']}/changes",
                                            params={"from": before.isoformat()})

    assert response.status_code == 200, response.text
    changes = response.json()
    totals = [c for c in changes["changes"] if c["path"].endswith("appraisal.member.total")]
    assert [(c["before"], c["after"]) for c in totals] == [("98.60", "99.50")]
    reasons = {e["type"]: e["reason"] for e in changes["events"]}
    assert reasons["AnnualAppraisal.Revised"] == REVISION_REASON
    assert reasons["KpiActuals.Entered"] == CORRECTION_REASON
    assert "PayAccount.LineAdded" in reasons
    assert all(e["recorded_at"] > changes["from"] for e in changes["events"])
    assert changes["actors"], "who recorded them"


async def test_a_record_as_of_before_the_manager_was_recorded_is_not_found(services3: Services3) -> None:
    [member] = await pay_group(services3)
    response = await services3.contract.get(f"/tenure-records/{member['manager_id']}", params={"as_of": "2001-01-01"})
    assert_problem(response, 404, "manager_id", "exists")


async def test_an_unreadable_as_of_or_an_inverted_comparison_is_refused(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    url = f"/tenure-records/{member['manager_id']}"
    assert_problem(await services3.contract.get(url, params={"as_of": "last tuesday"}), 422, "as_of",
                   "iso_date_or_datetime")
    inverted = {"from": "2030-01-01", "to": "2029-01-01"}
    assert_problem(await services3.contract.get(f"{url}/changes", params=inverted), 422, "from", "before_to")


async def test_a_service_that_does_not_answer_leaves_the_record_incomplete_and_says_so(services3: Services3) -> None:
    [member] = await pay_group(services3)
    services3.apps["contract"].state.peers = {**services3.apps["contract"].state.peers, "payroll": "http://nowhere"}

    found = await record(services3, member["manager_id"])

    assert found["complete"] is False and found["sources"]["payroll"]["available"] is False
    assert "payroll" in found["sources"]["payroll"]["error"]
    assert found["tenures"][0]["pay_account"] is None and found["sources"]["appraisal"]["available"] is True


async def test_an_edited_event_of_a_manager_is_reported_with_its_service_stream_and_position(
        services3: Services3) -> None:
    member, _ = await paid_and_appraised(services3)
    url = f"/tenure-records/{member['manager_id']}/verification"
    assert (await services3.contract.get(url)).json()["intact"] is True
    account = await services3.payroll.get(f"/accounts/{member['tenure_id']}")
    engine = services3.apps["payroll"].state.wiring.engine
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE events SET actor = 'someone else' WHERE stream_id = :s AND version = 2"),
                           {"s": account.json()["id"]})

    report = (await services3.contract.get(url)).json()

    assert report["intact"] is False
    assert report["services"]["contract"]["breaks"] == [] and report["services"]["appraisal"]["breaks"] == []
    [broken] = report["services"]["payroll"]["breaks"]
    assert (broken["stream_id"], broken["position"]) == (account.json()["id"], 2)


async def test_the_page_of_the_record_is_a_bilingual_report(services3: Services3) -> None:
    member, _ = await paid_and_appraised(services3)
    response = await services3.contract.get(f"/tenure-records/{member['manager_id']}/report")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "任期" in response.text and 'id="timeline"' in response.text


async def test_rebuilt_read_models_answer_as_before(services3: Services3) -> None:
    member, _ = await paid_and_appraised(services3)
    lists = {"contract": f"/tenures?manager_id={member['manager_id']}", "appraisal": "/appraisals",
             "payroll": f"/payslips?tenure_id={member['tenure_id']}&period=2023-03"}
    before = {name: (await getattr(services3, name).get(path)).json() for name, path in lists.items()}
    emptied = {"contract": "tenures_view", "appraisal": "appraisals_view", "payroll": "payment_lines_view"}
    for name, table in emptied.items():
        async with services3.apps[name].state.wiring.engine.begin() as conn:
            await conn.execute(text(f"DELETE FROM {table}"))

    reports = {name: (await getattr(services3, name).post("/read-models/rebuild")) for name in lists}

    assert all(r.status_code == 200 for r in reports.values()), [r.text for r in reports.values()]
    assert all(r.json()["events"] > 0 for r in reports.values())
    assert {name: (await getattr(services3, name).get(path)).json() for name, path in lists.items()} == before


async def test_events_deleted_from_a_streams_end_are_found_against_a_record_kept_earlier(services3: Services3) -> None:
    member, _ = await paid_and_appraised(services3)
    kept = await record(services3, member["manager_id"])
    [account] = kept["sources"]["payroll"]["streams"]
    engine = services3.apps["payroll"].state.wiring.engine
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM events WHERE stream_id = :s AND version = :v"),
                           {"s": account["stream_id"], "v": account["version"]})
    url = f"/tenure-records/{member['manager_id']}/verification"
    assert (await services3.contract.get(url)).json()["intact"] is True, "no chain can show a cut end"

    report = (await services3.contract.post(url, json=kept)).json()

    assert report["intact"] is False
    [cut] = report["services"]["payroll"]["breaks"]
    assert (cut["stream_id"], cut["position"]) == (account["stream_id"], account["version"])
    assert "deleted" in cut["problem"]
    assert report["services"]["contract"]["breaks"] == report["services"]["appraisal"]["breaks"] == []


async def test_the_other_services_are_asked_as_the_caller_and_each_logs_the_read(services3: Services3) -> None:
    [member] = await pay_group(services3)
    url = f"/tenure-records/{member['manager_id']}"
    hr = person("周人事", f"enterprise_hr@{member['enterprise_code']}", subject="hr.zhou")
    found = await services3.contract.get(url, headers=hr)
    assert found.status_code == 200 and found.json()["complete"] is True, found.text
    for name in ("contract", "appraisal", "payroll"):
        log = await getattr(services3, name).get("/access-log", params={"manager_id": member["manager_id"]},
                                                  headers=AUDITOR)
        assert [(row["subject"], row["name"]) for row in log.json()] == [("hr.zhou", "周人事")], (name, log.text)


async def test_a_manager_reads_their_own_record_whole_and_not_a_colleagues(services3: Services3) -> None:
    mine, colleague = await pay_group(services3, size=2)
    me = person(mine["name"], f"manager@{mine['enterprise_code']}", manager_code=mine["code"])
    own = await services3.contract.get(f"/tenure-records/{mine['manager_id']}", headers=me)
    assert own.status_code == 200 and own.json()["complete"] is True, own.text
    other = await services3.contract.get(f"/tenure-records/{colleague['manager_id']}", headers=me)
    assert_problem(other, 404, "id", "exists")
