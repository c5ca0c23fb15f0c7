"""Assembling a tenure record from the services' parts, and comparing two records (the contract service)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.contract_svc.application.tenure_records import assemble, compare, flatten

AS_OF = datetime(2024, 6, 30, 23, 59, tzinfo=UTC)
TENURE = "t-1"


def event(service: str, kind: str, recorded_at: str, effective: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"service": service, "stream_id": f"{service}-stream", "version": 1, "type": kind, "category": "record",
            "recorded_at": recorded_at, "effective_date": effective, "actor": "hr", "correlation_id": "c",
            "causation_id": None, "reason": None, "policy_version": None, "tenure_id": TENURE, "hash": "h", **extra}


def parts(total: str = "90.00", warnings: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    contract = {"manager": {"code": "M01"}, "tenures": [{"id": TENURE, "start": "2022-03-01", "end": "2024-12-31",
                                                        "letters": [{"key": "annual-2023", "kind": "annual",
                                                                     "year": 2023, "status": "signed",
                                                                     "versions": [{"kpis": [1]}, {"kpis": [2]}]}]}],
                "history": [event("contract", "Tenure.AgreementSigned", "2024-01-01T10:00:00+00:00", "2022-02-19")]}
    member = {"total": total, "warnings": warnings or [], "exit_triggers": [], "ranking_warnings": []}
    appraisal = {"tenures": [{"tenure_id": TENURE, "years": [{"year": 2023, "actuals": None, "appraisal": {
        "id": "a-2023", "status": "final", "member": member}}], "tenure_appraisal": None, "exit_proposals": []}],
        "history": [event("appraisal", "AnnualAppraisal.Finalised", "2024-03-01T09:00:00+00:00", "2024-03-01",
                          stream_id="a-2023")]}
    payroll = {"accounts": [{"tenure_id": TENURE, "settlements": {"2023": {"performance_pay": "1.00"}},
                             "lines": [{"line_id": "L1", "for_period": "2023-05", "amount": "5.00"},
                                       {"line_id": "L2", "for_period": "2024-01", "amount": "6.00"}]}],
               "history": []}
    return {"contract": contract, "appraisal": appraisal, "payroll": payroll}


def test_each_tenure_year_brings_together_the_letter_in_force_the_appraisal_and_the_pay_for_it() -> None:
    record = assemble("m-1", AS_OF, parts())

    [tenure] = record["tenures"]
    assert [y["year"] for y in tenure["years"]] == [2022, 2023, 2024], "every year the tenure touches"
    year = tenure["years"][1]
    assert year["letter"]["in_force"] == {"kpis": [2]} and year["letter"]["earlier_versions"] == 1
    assert year["appraisal"]["member"]["total"] == "90.00" and year["settlement"] == {"performance_pay": "1.00"}
    assert [line["line_id"] for line in year["lines"]] == ["L1"], "the lines paid for that year"
    assert record["complete"] is True


def test_a_missing_service_makes_the_record_incomplete_and_keeps_what_the_others_gave() -> None:
    given = parts()
    given["payroll"] = {"error": "the payroll service did not answer"}

    record = assemble("m-1", AS_OF, given)

    assert record["complete"] is False and record["sources"]["payroll"]["error"].startswith("the payroll")
    assert record["tenures"][0]["pay_account"] is None and record["tenures"][0]["years"][1]["appraisal"]


def test_the_timeline_is_in_business_date_order_and_shows_a_final_years_warnings() -> None:
    warned = parts(warnings=[{"kind": "consecutive_basic", "reason": "basic twice"}])

    timeline = assemble("m-1", AS_OF, warned)["timeline"]

    assert [e["type"] for e in timeline] == ["Tenure.AgreementSigned", "AnnualAppraisal.Finalised", "Warning"]
    warning = timeline[-1]
    assert warning["category"] == "warning" and "consecutive_basic" in warning["reason"]
    assert warning["recorded_at"] == "2024-03-01T09:00:00+00:00", "given by the event that made the year final"


def test_a_comparison_names_each_changed_figure_and_the_events_recorded_in_between() -> None:
    before = assemble("m-1", datetime(2024, 2, 1, tzinfo=UTC), parts(total="90.00"))
    after = assemble("m-1", AS_OF, parts(total="91.50"))

    changes = compare(before, after)

    assert changes["changes"] == [{"path": "tenures[tenure_id=t-1].years[year=2023].appraisal.member.total",
                                   "before": "90.00", "after": "91.50"}]
    assert [e["type"] for e in changes["events"]] == ["AnnualAppraisal.Finalised"], "only those after 'from'"
    assert changes["actors"] == ["hr"]


def test_list_items_are_followed_by_their_identifying_field_not_their_position() -> None:
    flat = dict(flatten({"lines": [{"line_id": "L2", "amount": "1"}], "version": 7}))
    assert flat == {"lines[line_id=L2].line_id": "L2", "lines[line_id=L2].amount": "1"}, "bookkeeping left out"
