"""Every error is RFC 9457 problem+json; an unknown one is a 500 that shows no internals."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, FastAPI

from shared.api.problems import install_problem_handlers
from shared.errors import RuleViolationError


def failing_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("password=hunter2 at /srv/secret.py line 42")

    @router.get("/rule")
    async def rule() -> None:
        raise RuleViolationError("weights of a sheet sum to 100; these sum to 90", field="kpis", rule="weights_sum_to_100")

    app.include_router(router)
    return app


async def test_an_unknown_error_is_a_500_problem_without_internals() -> None:
    transport = httpx.ASGITransport(app=failing_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in response.text and "secret.py" not in response.text
    assert response.json()["type"].endswith("/internal-error")


async def test_a_broken_rule_names_its_field_and_rule() -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=failing_app()), base_url="http://t") as http:
        body = (await http.get("/rule")).json()
    assert (body["status"], body["field"], body["rule"]) == (422, "kpis", "weights_sum_to_100")
    assert body["title"] and body["instance"] == "/rule"


async def test_an_unknown_route_is_a_404_problem() -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=failing_app()), base_url="http://t") as http:
        response = await http.get("/nowhere")
    assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"
