"""Commands whose body names what they touch: the caller's grants must reach it before anything is decided.

What lies outside the caller's scope is answered exactly as what does not exist (404 naming the body's
field), so that a refusal says nothing about another enterprise's data.
"""

from __future__ import annotations

from uuid import UUID

from services.contract_svc.adapters.targets import bid_target
from shared.auth.scope import Access, Target
from shared.errors import ForbiddenError, NotFoundError


async def reach(access: Access, target: Target | None, *, field: str, what: str) -> None:
    """Refuse (404) a target that does not exist or that the caller's grants do not reach; the events then
    record only the grants that reach it (the unit of work asks `access` when it saves)."""
    await access.require(target, what, hidden=NotFoundError(f"no such {what}", field=field, rule="exists"))


async def reach_respondent(access: Access, bid_id: UUID, manager_id: UUID) -> None:
    """A bid is answered by a manager of its enterprise, in person: a bid of another enterprise is not found
    (404), and an answer given for someone else is refused (403)."""
    own = await access.directory.manager_id(access.principal.manager_code) if access.principal.manager_code else None
    bid = await bid_target(access.directory, bid_id)
    # The bid as it concerns the caller: a manager's own grant reaches the bids of their own enterprise.
    await reach(access, Target(bid.enterprise_id, own) if bid else None, field="id", what="bid")
    assert bid is not None
    try:
        await access.require(Target(bid.enterprise_id, str(manager_id)), "manager")
    except NotFoundError:
        raise ForbiddenError(
            "a bid is taken or declined by the manager in person: manager_id must be your own",
            field="manager_id",
            rule="bidder_in_person",
        ) from None
