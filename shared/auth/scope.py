"""What a request touches (an enterprise, a manager) and whether the caller's grants reach it.

A caller whose role carries the permission nowhere is refused with 403 before anything is read. A caller
who holds it, but not for the enterprise (or, as a manager, not for their own record) that the resource
belongs to, is told 404: a resource outside one's scope looks exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.policy import GROUP_ONLY, SELF_ROLES, Policy
from shared.auth.principal import GROUP, Grant, Principal
from shared.errors import ForbiddenError, NotFoundError
from shared.eventstore.db import read_connection


@dataclass(frozen=True)
class Target:
    """The enterprise a resource belongs to (None: the whole group) and, for personal data, the manager."""

    enterprise_id: str | None
    manager_id: str | None = None


GROUP_TARGET = Target(None)


class Directory:
    """Enterprise and manager codes by id, read from the service's own tables; codes never change, so cached."""

    def __init__(self, engine: AsyncEngine, enterprises: Table, managers: Table, tenures: Table) -> None:
        self.engine, self.enterprises, self.managers, self.tenures = engine, enterprises, managers, tenures
        self._codes: dict[tuple[str, str], str] = {}
        self._targets: dict[tuple[str, str], Target] = {}

    async def _scalar(self, query: Select[Any]) -> Any:
        async with read_connection(self.engine) as conn:
            return await conn.scalar(query)

    async def code(self, table: Table, row_id: str) -> str | None:
        key = (table.name, row_id)
        if key not in self._codes:
            found = await self._scalar(select(table.c.code).where(table.c.id == row_id))
            if found is None:
                return None
            self._codes[key] = found
        return self._codes[key]

    async def target(self, table: Table, row_id: str) -> Target | None:
        """The enterprise and manager of a tenure or a manager (rows that never move between enterprises)."""
        key = (table.name, row_id)
        if key not in self._targets:
            manager = table.c.manager_id if "manager_id" in table.c else table.c.id
            async with read_connection(self.engine) as conn:
                row = (await conn.execute(select(table.c.enterprise_id, manager).where(table.c.id == row_id))).first()
            if row is None:
                return None
            self._targets[key] = Target(str(row[0]), str(row[1]))
        return self._targets[key]

    async def prefetch(self, table: Table, row_ids: Iterable[str]) -> None:
        """The targets of many rows looked up in one query (a batch's), so that `target` answers each from memory."""
        wanted = sorted({i for i in row_ids if (table.name, i) not in self._targets})
        if not wanted:
            return
        manager = table.c.manager_id if "manager_id" in table.c else table.c.id
        async with read_connection(self.engine) as conn:
            rows = (await conn.execute(select(table.c.id, table.c.enterprise_id, manager)
                                       .where(table.c.id.in_(wanted)))).all()
        self._targets.update(((table.name, str(r[0])), Target(str(r[1]), str(r[2]))) for r in rows)

    async def enterprise_ids(self, codes: Iterable[str]) -> list[str]:
        async with read_connection(self.engine) as conn:
            rows = await conn.execute(select(self.enterprises.c.id).where(self.enterprises.c.code.in_(sorted(set(codes)))))
            return [str(r[0]) for r in rows]

    async def manager_id(self, code: str) -> str | None:
        found = await self._scalar(select(self.managers.c.id).where(self.managers.c.code == code))
        return str(found) if found is not None else None


@dataclass
class Access:
    """A caller's standing for one permission; `grants` are those of their grants whose role carries it."""

    principal: Principal
    permission: str
    directory: Directory
    grants: list[Grant] = field(default_factory=list)

    @classmethod
    def of(cls, principal: Principal, permission: str, policy: Policy, directory: Directory) -> Access:
        grants = [g for g in sorted(principal.grants) if policy.allows(g.role, permission)]
        if permission in GROUP_ONLY:
            grants = [g for g in grants if g.enterprise == GROUP]
        if not grants:
            raise ForbiddenError(
                f"none of your roles ({', '.join(principal.roles()) or 'none'}) may {permission}",
                field="Authorization", rule="role_required", permission=permission,
            )
        return cls(principal, permission, directory, grants)

    def acted_in(self) -> list[str]:
        return [str(g) for g in self.grants]

    async def require(self, target: Target | None, what: str = "resource", *, hidden: NotFoundError | None = None) -> None:
        """Refuse a target that does not exist (None) or that every grant misses, alike: with `hidden`, the
        route's own answer for an unknown thing, else 404 "no such <what>". Keep the grants that reach it."""
        covering = [g for g in self.grants if await self._covers(g, target)] if target is not None else []
        if not covering:
            raise hidden or NotFoundError(f"no such {what}", field="id", rule="exists")
        self.grants = covering

    async def _covers(self, grant: Grant, target: Target) -> bool:
        if target.enterprise_id is None:
            return grant.enterprise == GROUP and grant.role not in SELF_ROLES
        if grant.enterprise != GROUP and grant.enterprise != await self.directory.code(
            self.directory.enterprises, target.enterprise_id
        ):
            return False
        if grant.role in SELF_ROLES and target.manager_id is not None:
            # personal data: a manager reaches only their own; what concerns no one manager (their enterprise,
            # its policies) they reach through their enterprise like anyone else
            own = self.principal.manager_code
            return bool(own) and own == await self.directory.code(self.directory.managers, str(target.manager_id))
        return True

    async def where(self, enterprise: ColumnElement[Any], manager: ColumnElement[Any] | None = None) -> ColumnElement[bool]:
        """A filter for lists: rows of the enterprises the caller's grants reach; a manager's grant reaches only
        their own rows where rows belong to managers (`manager` given), their enterprise's otherwise."""
        wide = [g for g in self.grants if g.role not in SELF_ROLES or manager is None]
        if any(g.enterprise == GROUP for g in wide):
            return enterprise.is_not(None)
        clauses: list[ColumnElement[bool]] = []
        if wide:
            clauses.append(enterprise.in_(await self.directory.enterprise_ids(g.enterprise for g in wide)))
        own = self.principal.manager_code
        selves = [g for g in self.grants if g.role in SELF_ROLES]
        if manager is not None and own and selves:
            own_id = await self.directory.manager_id(own)
            if own_id is not None:
                reachable = await self.directory.enterprise_ids(g.enterprise for g in selves if g.enterprise != GROUP)
                in_enterprise = enterprise.in_(reachable) if all(g.enterprise != GROUP for g in selves) else true()
                clauses.append(and_(manager == own_id, in_enterprise))
        return or_(*clauses) if clauses else false()


TargetFinder = Callable[[Directory, dict[str, Any]], Awaitable[Target | None]]


def tenure_at(param: str = "tenure_id") -> TargetFinder:
    async def find(directory: Directory, path: dict[str, Any]) -> Target | None:
        return await directory.target(directory.tenures, str(path[param]))
    return find


def manager_at(param: str = "manager_id") -> TargetFinder:
    async def find(directory: Directory, path: dict[str, Any]) -> Target | None:
        return await directory.target(directory.managers, str(path[param]))
    return find


def enterprise_at(param: str = "enterprise_id") -> TargetFinder:
    async def find(directory: Directory, path: dict[str, Any]) -> Target | None:
        enterprise_id = str(path[param])
        return Target(enterprise_id) if await directory.code(directory.enterprises, enterprise_id) else None
    return find


async def whole_group(directory: Directory, path: dict[str, Any]) -> Target:
    return GROUP_TARGET
