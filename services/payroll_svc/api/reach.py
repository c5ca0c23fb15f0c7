"""Body-scoped commands name their tenure or enterprise in the body, so the route narrows by itself: what
the caller's grants do not reach is refused (404) before anything is decided, worded exactly as for a tenure
or an enterprise the payroll does not know, so that existence does not leak."""

from __future__ import annotations

from uuid import UUID

from shared.auth.scope import Access, Target
from shared.errors import NotFoundError
from shared.knowledge.tables import unknown_tenure


async def tenure_in_reach(access: Access, tenure_id: UUID) -> None:
    """The caller's grants reach the tenure's enterprise (as a manager: their own tenure), or 404."""
    target = await access.directory.target(access.directory.tenures, str(tenure_id))
    await access.require(target, hidden=unknown_tenure(tenure_id))


async def enterprise_in_reach(access: Access, enterprise_id: UUID) -> None:
    """The caller's grants reach the enterprise, or 404 as for an enterprise without pay plans."""
    hidden = NotFoundError(f"no pay plan in enterprise {enterprise_id}", field="enterprise_id",
                           rule="planned_enterprise")
    await access.require(Target(str(enterprise_id)), hidden=hidden)
