"""The shape every module keeps (STYLE.md 8): no file over 200 lines and no function over 40, outside
migrations and tests, so that each reads on a screen or two; and no web framework below `shared/api/`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("shared", "services/contract_svc", "services/appraisal_svc", "services/payroll_svc", "tenurectl", "deploy",
         "bench")
MAX_FILE_LINES, MAX_FUNCTION_LINES = 200, 40


def _sources(part: str) -> list[Path]:
    return sorted(p for p in (ROOT / part).rglob("*.py") if "migrations" not in p.parts)


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


@pytest.mark.parametrize("part", PARTS)
def test_no_module_is_longer_than_two_hundred_lines(part: str) -> None:
    long = [f"{p.relative_to(ROOT)} ({n} lines)" for p in _sources(part)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES]
    assert not long, long


@pytest.mark.parametrize("part", PARTS)
def test_no_function_is_longer_than_forty_lines(part: str) -> None:
    long = [line for p in _sources(part) for line in _long_functions(p)]
    assert not long, long


def test_no_web_framework_below_the_api_layers() -> None:
    """`shared/` outside `shared/api/`, and every service's `domain/` and `application/`, know no FastAPI."""
    places = [p for p in _sources("shared") if "api" not in p.relative_to(ROOT / "shared").parts[:1]]
    for service in ("contract_svc", "appraisal_svc", "payroll_svc"):
        for layer in ("domain", "application"):
            places += _sources(f"services/{service}/{layer}")
    offenders = [str(p.relative_to(ROOT)) for p in places
                 if any(word in p.read_text(encoding="utf-8") for word in ("import fastapi", "from fastapi", "from starlette"))]
    assert not offenders, offenders
