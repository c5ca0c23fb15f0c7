"""Body-scoped commands name their tenure or enterprise in the body, so the route narrows by itself: what
the caller's grants do not reach is refused (404) before anything is decided, worded exactly as for a tenure
or an enterprise the payroll does not know, so that existence does not leak."""

from __future__ import annotations

from uuid import UUID

from shared.auth.scope import Access, Target
from shared.errors import NotFoundError


async def tenure_in_reach(access: Access, tenure_id: UUID) -> None:
    """The caller's grants reach the tenure's enterprise (as a manager: their own tenure), or 404."""
    hidden = NotFoundError(f"this service knows no tenure {tenure_id} (yet)", field="tenure_id", rule="known_tenure")
    await _in_reach(access, await access.directory.target(access.directory.tenures, str(tenure_id)), hidden)


async def enterprise_in_reach(access: Access, enterprise_id: UUID) -> None:
    """The caller's grants reach the enterprise, or 404 as for an enterprise without pay plans."""
    hidden = NotFoundError(f"no pay plan in enterprise {enterprise_id}", field="enterprise_id",
                           rule="planned_enterprise")
    await _in_reach(access, Target(str(enterprise_id)), hidden)


async def _in_reach(access: Access, target: Target | None, hidden: NotFoundError) -> None:
    if target is None:
        raise hidden
    try:
        await access.require(target)
    except NotFoundError:
        raise hidden from None
