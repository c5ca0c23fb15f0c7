"""Which role may do what: pycasbin over `policy.csv`, a file the security officer can read and change.

pycasbin was chosen over hand-written checks so that the policy is data (reviewable, diffable, replaceable
with a database adapter) and role inheritance (`g, chairman, board_member`) comes with it. The enterprise
half of "role × enterprise" is the token's grant (`role@E1`), matched in `Access` (scope.py): the roles a
request may act in are chosen by enterprise first, then casbin says whether any of them carries the
permission. Answers are memoised: the policy is read once at start.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import casbin

HERE = Path(__file__).parent
SELF_ROLES = frozenset({"manager"})  # these roles count only for the caller's own manager record
# these span every enterprise (the feed, the chains, rebuilds) or stand above them (registering an enterprise,
# the group's policies): only a grant for the whole group (`role@*`) carries them
GROUP_ONLY = frozenset({"feed.read", "delivery.read", "chain.verify", "readmodel.rebuild", "knowledge.read",
                        "enterprise.register", "policy.write"})


class Policy:
    def __init__(self, policy_file: Path = HERE / "policy.csv", model_file: Path = HERE / "model.conf") -> None:
        self._enforcer = casbin.Enforcer(str(model_file), str(policy_file))
        self.permissions = frozenset(p[1] for p in self._enforcer.get_policy())
        self.roles = frozenset(p[0] for p in self._enforcer.get_policy()) | frozenset(
            g[0] for g in self._enforcer.get_grouping_policy()
        )

    @cache  # noqa: B019 - one Policy per process, its answers never change
    def allows(self, role: str, permission: str) -> bool:
        return bool(self._enforcer.enforce(role, permission))

    def roles_with(self, permission: str) -> frozenset[str]:
        return frozenset(r for r in self.roles if self.allows(r, permission))


@cache
def default_policy() -> Policy:
    return Policy()
