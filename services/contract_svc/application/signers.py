"""Who may give a signature: the authenticated person, as themself (issue 9; DOMAIN.md Lifecycle 2).

The enterprise signs through a person who is the caller: the signer's name is the caller's name, the caller
holds a signing role for the enterprise (not merely their own manager grant), and a signer role that the
policy knows is one the caller holds for the enterprise. The manager's side is signed by the manager in
person: their own manager grant for the enterprise and their own manager code. The recorded signing
authorisation (Enterprise.check_signing_authority) is checked after these, as before.
"""

from __future__ import annotations

from services.contract_svc.application.commands import Sign
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.tenure import Tenure
from shared.auth.policy import SELF_ROLES, default_policy
from shared.auth.scope import Access
from shared.errors import ForbiddenError, RuleViolationError
from shared.unit_of_work import UnitOfWork


def signer_name(access: Access, given: str | None) -> str:
    """The name signed under: the caller's own; a signature under another person's name is refused."""
    own = access.principal.name
    if given is not None and given.strip() != own:
        raise ForbiddenError(
            f"you are signed in as {own}; a signature is given by the signer in person, not under the name {given}",
            field="signer_name",
            rule="signer_is_the_caller",
        )
    return own


def check_enterprise_signer(access: Access, enterprise_code: str, signer_role: str) -> None:
    """The caller signs for the enterprise through a role they hold for it."""
    officers = [g for g in access.grants if g.role not in SELF_ROLES]
    if not officers:
        raise ForbiddenError(
            f"you hold no role that signs for enterprise {enterprise_code}; the manager signs only their own side",
            field="party",
            rule="enterprise_signer_role",
        )
    if signer_role in default_policy().roles and not _holds(access, signer_role, enterprise_code):
        raise ForbiddenError(
            f"{access.principal.name} does not hold the role {signer_role} for enterprise {enterprise_code}",
            field="signer_role",
            rule="enterprise_signer_role",
        )


def check_manager_signer(access: Access, enterprise_code: str, manager_code: str) -> None:
    """The manager's side is signed by that manager themself, through their own manager grant."""
    if access.principal.manager_code != manager_code or not _holds(access, "manager", enterprise_code):
        raise ForbiddenError(
            f"the manager's side is signed by manager {manager_code} in person, signed in as themself",
            field="party",
            rule="manager_signs_in_person",
        )


def _holds(access: Access, role: str, enterprise_code: str) -> bool:
    """Granted for this enterprise or for the whole group."""
    return any(g.covers(enterprise_code) for g in access.principal.grants_of([role]))


async def check_signer(uow: UnitOfWork, tenure: Tenure, cmd: Sign, signer: Access) -> str:
    """The name signed under, the caller's own, once the caller may sign for their party (signers.py); then, as
    before, the enterprise's recorded authorisation (002 §四(一)4) or the manager's own name."""
    enterprise = await uow.load(Enterprise, tenure.enterprise_id)
    if cmd.party == "enterprise":
        name = signer_name(signer, cmd.signer_name)
        check_enterprise_signer(signer, enterprise.code, cmd.signer_role)
        enterprise.check_signing_authority(name, cmd.signer_role, tenure.position)
        return name
    manager = await uow.load(Manager, tenure.manager_id)
    check_manager_signer(signer, enterprise.code, manager.code)
    return own_signature(manager, signer_name(signer, cmd.signer_name))


def own_signature(manager: Manager, name: str) -> str:
    """The manager's side bears the manager's own name."""
    if name != manager.name:
        raise ForbiddenError(
            f"the manager's side is signed by {manager.name} in person, not by {name}",
            field="signer_name",
            rule="manager_signs_in_person",
        )
    return name


def check_paper_signer(enterprise: Enterprise, manager: Manager, position: str, party: str, name: str,
                       role: str) -> None:
    """A signature given on paper before the system held it, as an onboarding records it: the enterprise's signer
    held the recorded authorisation (002 §四(一)4), the manager's side bears the manager's name."""
    try:
        if party == "enterprise":
            enterprise.check_signing_authority(name, role, position)
        else:
            own_signature(manager, name)
    except ForbiddenError as refusal:  # not the caller's fault but the papers': a rule the import breaks
        raise RuleViolationError(refusal.detail, field=refusal.field, rule=refusal.rule) from None
