"""Money is Decimal end to end and a string in JSON; no float touches pay (DOMAIN.md "Pay"; STYLE.md 6).

One test reads the payroll service's code: no `float` name (a call, a conversion, an annotation) and no float
literal anywhere under services/payroll_svc/. The other reads the API's JSON answers: no number with a fraction
anywhere, and every amount a string holding an exact decimal to the cent at most."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from tests.payroll.api.helpers import appraised, pay_group, run
from tests.payroll.conftest import Services3

PAYROLL = Path(__file__).resolve().parents[3] / "services" / "payroll_svc"
# Keys whose values are money in the payroll's answers; settlements' figures are checked as numbers-in-text.
AMOUNTS = {"amount", "total", "base", "performance", "target_annual", "performance_target", "earned", "performance_pay",
           "retained", "performance_paid_now", "tenure_incentive", "retained_released"}


def floats_in(source: str, filename: str = "<source>") -> list[str]:
    """Where `source` names `float` or writes a float literal, as `file:line what`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        named = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if named == "float":
            found.append(f"{filename}:{node.lineno} float")
        elif isinstance(node, ast.Constant) and isinstance(node.value, float):
            found.append(f"{filename}:{node.lineno} literal {node.value!r}")
    return found


def test_the_float_check_finds_names_calls_and_literals() -> None:
    assert len(floats_in("x: float = float('1.5') * 0.5\ny = builtins.float\n")) == 4
    assert floats_in("z = Decimal('0.5') * 2  # float in a comment\n'''a float in a docstring'''\n") == []


def test_no_float_touches_pay_in_the_payroll_code() -> None:
    files = sorted(PAYROLL.rglob("*.py"))
    assert len(files) > 10, f"the payroll service is not at {PAYROLL}"
    found = [hit for file in files
             for hit in floats_in(file.read_text(encoding="utf-8"), str(file.relative_to(PAYROLL)))]
    assert found == []


def _no_float(text: str) -> float:
    raise AssertionError(f"a JSON number with a fraction: {text}")


def amounts_in(value: Any, key: str = "") -> list[tuple[str, Any]]:
    """(key, value) of every amount in a JSON answer, by its key or inside `by_kind`."""
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in amounts_in(v, "amount" if key == "by_kind" else k)]
    if isinstance(value, list):
        return [found for item in value for found in amounts_in(item, key)]
    return [(key, value)] if key in AMOUNTS else []


def checked(response: httpx.Response) -> Any:
    """The answer's JSON, refused if any number in it has a fraction or any amount is not an exact decimal string."""
    assert response.status_code in (200, 201), response.text
    body = json.loads(response.text, parse_float=_no_float)
    for key, amount in amounts_in(body):
        assert isinstance(amount, str), f"{key} is {amount!r}, not a string"
        assert Decimal(amount).as_tuple().exponent >= -2, f"{key} {amount} is finer than a cent"
    return body


async def test_every_amount_in_the_api_answers_is_a_string(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False, letters=True, retention_pct="25")
    tenure = member["tenure_id"]
    api = services3.payroll
    checked(await api.post("/pay-plans", json={"tenure_id": tenure, "base": "200000.00", "performance": "200000.00"}))
    checked(await api.post("/base-runs", json={"enterprise_id": member["enterprise_id"], "period": "2023-01"}))
    await appraised(services3, [member])
    await run(services3, [member], "2023-02")
    checked(await api.post("/clawbacks", json={"tenure_id": tenure, "amount": "100.50", "reason": "违规发放津贴",
                                               "decision_ref": "董事会决议〔2023〕4号", "period": "2023-04"}))
    paid = checked(await api.get(f"/accounts/{tenure}"))
    assert {key for key, _ in amounts_in(paid)} >= {"amount", "base", "performance", "retained", "performance_paid_now"}
    checked(await api.get("/payslips", params={"tenure_id": tenure, "period": "2023-02"}))
    statement = checked(await api.get("/statements", params={"tenure_id": tenure, "year": 2023}))
    assert statement["by_kind"] == {"base": "33333.34", "performance": "125753.42", "clawback": "-100.50",
                                    "owed": "100.50"}  # nothing paid on 2023-04 yet: owed, recovered later
    assert statement["owed"] == "100.50"
    checked(await api.post("/periods/closing", json={"enterprise_id": member["enterprise_id"], "period": "2023-04"}))
