"""A small appraisal group built through the contract API, learned by the appraisal service, and its
golden-scenario figures posted through the appraisal API."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from tests.appraisal.conftest import Services
from tests.auth import person, signing_headers
from tests.contract.api.helpers import assert_problem, created
from tests.contract.api.tenure_helpers import (
    CHAIRMAN,
    GOLDEN,
    IN_PERSON,
    active_tenure,
    annual_letter,
    golden_kpis,
    signature,
)

YEAR = 2022
TENURE_YEARS = (2022, 2023, 2024)  # the years of the tenures `group` brings into force


def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"), parse_float=Decimal)


def expected() -> dict[str, Any]:
    return json.loads((GOLDEN.parent / "golden-1.expected.json").read_text(encoding="utf-8"))


async def group(services: Services, size: int = 3, year: int = YEAR, enterprise: dict[str, Any] | None = None,
                first: int = 1) -> list[dict[str, Any]]:
    """`size` golden managers (codes from M`first`) of one enterprise (without `enterprise`, a new E1) with
    tenures in force and signed letters for `year`."""
    api, members = services.contract, []
    for index in range(size):
        code = f"M{first + index:02d}"
        contract = await active_tenure(api, enterprise, code=code)
        enterprise = contract.enterprise
        member = {"code": code, "index": index, "tenure_id": contract.tenure["id"],
                  "manager_id": contract.manager["id"], "name": contract.manager["name"],
                  "enterprise_id": enterprise["id"], "enterprise_code": enterprise["code"]}
        await sign_letter(services, member, year)
        members.append(member)
    await services.deliver()
    return members


async def sign_letter(services: Services, member: dict[str, Any], year: int) -> None:
    """The member's golden annual letter for `year`, issued, then signed by the chairman and the manager in person."""
    url = f"/tenures/{member['tenure_id']}/letters"
    await created(services.contract.post(url, json=annual_letter(year, kpis=golden_kpis(year, member["index"]))))
    for signer in (CHAIRMAN, {**IN_PERSON, "signer_name": member["name"]}):
        body = signature(signer)
        headers = signing_headers(body, member["enterprise_code"], member["code"])
        await created(services.contract.post(f"{url}/annual-{year}/signatures", json=body, headers=headers))


def as_manager(member: dict[str, Any]) -> dict[str, str]:
    """The headers of the member's manager in person: their own manager grant and code, nothing more."""
    return person(member["name"], f"manager@{member['enterprise_code']}", subject=f"manager-{member['code']}",
                  manager_code=member["code"])


async def post_figures(services: Services, members: list[dict[str, Any]], year: int = YEAR, audited: bool = True) -> None:
    scenario = golden()
    for member in members:
        source = scenario["managers"][member["index"]]
        for code, value in source["actuals"][str(year)].items():
            body = {"tenure_id": member["tenure_id"], "year": year, "kpi_code": code, "value": str(value), "audited": audited}
            await created(services.appraisal.post("/actuals", json=body))
        for code, rating in source.get("ratings", {}).get(str(year), {}).items():
            body = {"tenure_id": member["tenure_id"], "year": year, "kpi_code": code, "evaluator": "考核委员会", "rating": str(rating)}
            await created(services.appraisal.post("/ratings", json=body))


async def open_and_close(services: Services, members: list[dict[str, Any]], year: int = YEAR) -> dict[str, Any]:
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"], "year": year}))
    return await created(services.appraisal.post(f"/appraisals/{opened['id']}/closing", json={"closed_on": f"{year + 1}-01-20"}))


async def sign_letters(services: Services, members: list[dict[str, Any]], year: int) -> None:
    """Each member's golden annual letter for `year`, issued and signed by both parties, then learned."""
    for member in members:
        await sign_letter(services, member, year)
    await services.deliver()


async def appraise(services: Services, members: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The year's appraisal from audited figures to final, as proposed, with no objection."""
    await post_figures(services, members, year)
    closed = await open_and_close(services, members, year)
    await confirm(services, closed["id"], decided_on=f"{year + 1}-01-25")
    return await finalise(services, closed["id"], on=f"{year + 1}-03-01")


def actual(member: dict[str, Any], kpi_code: str, value: str, year: int = YEAR, **body: Any) -> dict[str, Any]:
    """The body of POST /actuals for one KPI of a member; audited unless told otherwise."""
    return {"tenure_id": member["tenure_id"], "year": year, "kpi_code": kpi_code, "value": value, "audited": True,
            **body}


async def ledger(services: Services, member: dict[str, Any], year: int = YEAR) -> dict[str, Any]:
    response = await services.appraisal.get("/actuals", params={"tenure_id": member["tenure_id"], "year": year})
    assert response.status_code == 200, response.text
    return response.json()


async def confirm(services: Services, appraisal_id: str, decided_on: str = "2023-01-25", **body: Any) -> dict[str, Any]:
    return await created(services.appraisal.post(f"/appraisals/{appraisal_id}/confirmation",
                                                 json={"decided_on": decided_on, **body}))


async def finalise(services: Services, appraisal_id: str, on: str = "2023-03-01") -> dict[str, Any]:
    return await created(services.appraisal.post(f"/appraisals/{appraisal_id}/finalisation", json={"on": on}))


async def feed(services: Services) -> list[dict[str, Any]]:
    """The appraisal service's events, as GET /events gives them."""
    return (await services.appraisal.get("/events", params={"limit": 1000})).json()["events"]


async def assert_nothing_written_since(services: Services, moment: datetime) -> None:
    """The appraisal service's event count equals the count of its events recorded before `moment`.

    Both counts come from one read: on PostgreSQL the feed holds back events while an older transaction
    anywhere in the cluster is open (shared/eventstore/store.py), so a count read earlier may lack events
    committed already, and comparing two reads fails at random when other work shares the server.
    """
    events = await feed(services)
    before = [e for e in events if datetime.fromisoformat(e["recorded_at"]) < moment]
    assert len(events) == len(before), f"{len(events) - len(before)} event(s) written since {moment}"


async def refused(services: Services, request: Any, status: int, field: str, rule: str) -> dict[str, Any]:
    """Send a request that must be refused with a problem naming `field` and `rule`, and check nothing was written."""
    sent_at = datetime.now(UTC)
    problem = assert_problem(await request, status, field, rule)
    await assert_nothing_written_since(services, sent_at)
    return problem


async def stream(services: Services, stream_id: str, version: int) -> list[dict[str, Any]]:
    """The events of one stream up to `version`, waiting for the feed to show them (see `refused`)."""
    for _ in range(100):
        events = [e for e in await feed(services) if e["stream_id"] == stream_id]
        if len(events) >= version:
            return events[:version]
        await asyncio.sleep(0.05)
    raise AssertionError(f"the feed shows {len(events)} events of {stream_id}, not {version}")


async def contract_events(services: Services, event_type: str, count: int = 1, stream_id: str | None = None
                          ) -> list[dict[str, Any]]:
    """The contract service's events of one type (and stream), waiting for its feed to show `count` of them."""
    for _ in range(100):
        events = (await services.contract.get("/events", params={"limit": 1000})).json()["events"]
        found = [e for e in events if e["type"] == event_type and stream_id in (None, e["stream_id"])]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"the contract feed shows {len(found)} {event_type}, not {count}")


def member_of(appraisal: dict[str, Any], code: str) -> dict[str, Any]:
    """The appraisal's member with manager code `code`."""
    return next(m for m in appraisal["members"] if m["manager_code"] == code)


SPREADSHEET_HEADER = ["manager_code", "year", "kpi_code", "value", "audited", "reference"]
AUDIT = "审计报告〔2023〕12号"


def golden_rows(codes: tuple[str, ...] = ("M01", "M02")) -> list[list[object]]:
    """The golden 2022 actuals of M01 and M02 as spreadsheet rows, numbers as a spreadsheet holds them."""
    figures = {"M01": (10200, 1236, 35.0), "M02": (11550, 1260, 34.5)}
    return [[code, YEAR, kpi, value, True, AUDIT] for code in codes
            for kpi, value in zip(("revenue", "profit", "cost_rate"), figures[code], strict=True)]


def csv_file(rows: list[list[object]], header: list[str] = SPREADSHEET_HEADER) -> tuple[str, bytes, str]:
    """A multipart `file` of a UTF-8 CSV as the HR office saves it: yes for True, an empty cell for None."""
    lines = [",".join(header)] + [",".join(_csv_cell(c) for c in row) for row in rows]
    return "actuals.csv", ("\n".join(lines) + "\n").encode("utf-8"), "text/csv"


def _csv_cell(value: object) -> str:
    return "yes" if value is True else "" if value is None else str(value)


def xlsx_file(rows: list[list[object]], header: list[str] = SPREADSHEET_HEADER) -> tuple[str, bytes, str]:
    """A multipart `file` of a workbook whose first sheet holds the header and the rows, cells typed as given."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return "actuals.xlsx", content.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
