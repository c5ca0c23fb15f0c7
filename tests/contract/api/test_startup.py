"""A service on a database that is not at the migration head refuses to start and says how to fix it."""

from __future__ import annotations

import pytest

from services.contract_svc.main import create_app
from services.contract_svc.settings import Settings
from shared.errors import NotAtHeadError


async def test_the_service_refuses_a_database_not_at_head_and_names_the_fix(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, relay_enabled=False))
    with pytest.raises(NotAtHeadError) as refused:
        async with app.router.lifespan_context(app):
            pass
    assert "python -m deploy.migrate contract" in str(refused.value)


async def test_the_service_upgrades_at_start_when_configured(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, relay_enabled=False, upgrade_on_start=True))
    async with app.router.lifespan_context(app):
        assert app.state.wiring.engine is not None
