"""Whose an appraisal request's subject is: an appraisal group belongs to its enterprise; a tenure named in a
request body to its enterprise and manager. A tenure or enterprise outside the caller's grants is refused
exactly as one this service never learned (404), so that a refusal does not tell what exists elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

from sqlalchemy import select

from services.appraisal_svc.adapters.read_models import appraisals_view
from shared.auth.principal import Grant
from shared.auth.scope import Access, Directory, Target, TargetFinder
from shared.errors import NotFoundError
from shared.eventstore.db import read_connection
from shared.knowledge.tables import unknown_tenure


async def appraisal_group(directory: Directory, appraisal_id: str) -> Target | None:
    """The enterprise of an appraisal group, from its read model (written with the group's events)."""
    async with read_connection(directory.engine) as conn:
        enterprise_id = await conn.scalar(
            select(appraisals_view.c.enterprise_id).where(appraisals_view.c.id == appraisal_id))
    return Target(str(enterprise_id)) if enterprise_id is not None else None


def appraisal_at(param: str = "appraisal_id") -> TargetFinder:
    """`allow(...)`'s finder for routes under /appraisals/{appraisal_id}."""
    async def find(directory: Directory, params: dict[str, Any]) -> Target | None:
        return await appraisal_group(directory, str(params[param]))
    return find


async def _reached(access: Access, tenure_id: UUID, field: str) -> tuple[Target, list[Grant]]:
    """A tenure's enterprise and manager, and the caller's grants that reach it; 404 when none does."""
    target = await access.directory.target(access.directory.tenures, str(tenure_id))
    probe = replace(access)  # a copy: the caller's grants are narrowed once, for everything the command touches
    await probe.require(target, "tenure", hidden=unknown_tenure(tenure_id, field))
    assert target is not None
    return target, probe.grants


async def require_tenure(access: Access, tenure_id: UUID, field: str = "tenure_id") -> None:
    """A command on one tenure: the tenure is the caller's to act on, or 404."""
    _, access.grants = await _reached(access, tenure_id, field)


async def require_tenures(access: Access, tenure_ids: Sequence[UUID]) -> None:
    """A batch: every item's tenure is the caller's to act on, or 404 naming the first item that is not."""
    reached: set[Grant] = set()
    first = {tenure_id: index for index, tenure_id in reversed(list(enumerate(tenure_ids)))}  # a tenure checked once
    await access.directory.prefetch(access.directory.tenures, [str(t) for t in first])
    for tenure_id, index in sorted(first.items(), key=lambda pair: pair[1]):
        try:
            reached.update((await _reached(access, tenure_id, f"items.{index}.tenure_id"))[1])
        except NotFoundError as error:
            raise NotFoundError(f"item {index}: {error.detail}", field=error.field, rule=error.rule) from None
    access.grants = [g for g in access.grants if g in reached]


async def require_enterprise(access: Access, enterprise_id: UUID, field: str = "enterprise_id") -> None:
    """A command on a whole enterprise (opening its appraisal): one the caller's grants reach, or 404."""
    hidden = NotFoundError(f"no such enterprise {enterprise_id}", field=field, rule="exists")
    await access.require(Target(str(enterprise_id)), "enterprise", hidden=hidden)


async def require_objector(access: Access, appraisal_id: UUID, tenure_id: UUID) -> None:
    """An objection: for a tenure the caller may object for (a manager: only their own), a member's of this
    appraisal's enterprise; 404 otherwise."""
    target, grants = await _reached(access, tenure_id, "tenure_id")
    group = await appraisal_group(access.directory, str(appraisal_id))
    if group is None or group.enterprise_id != target.enterprise_id:
        raise NotFoundError("no such appraisal", field="id", rule="exists")
    access.grants = grants
