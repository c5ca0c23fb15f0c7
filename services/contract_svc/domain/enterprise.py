"""An enterprise of the group, and the signers it has authorised (DOMAIN.md Lifecycle 2)."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event

from shared.errors import InvalidInputError, RuleViolationError

from shared.domain.inputs import (
    optional_text,
    require_choice,
    require_date,
    require_decision_ref,
    require_reason,
    require_text,
)
from .signing import (
    GRANTORS,
    SCOPES,
    SignerAuthorisation,
    check_grant,
    scope_for,
    scope_words,
    signing_refusal,
)


class Enterprise(Aggregate):
    @classmethod
    def register(cls, code: str, name_zh: str, name_en: str | None, category: str, has_board: bool) -> Enterprise:
        if not isinstance(has_board, bool):
            raise InvalidInputError("has_board must be true or false", field="has_board", rule="boolean")
        return cls(
            code=require_text(code, "code"),
            name_zh=require_text(name_zh, "name_zh"),
            name_en=optional_text(name_en, "name_en"),
            category=require_text(category, "category"),
            has_board=has_board,
        )

    @event("Registered")
    def __init__(self, code: str, name_zh: str, name_en: str | None, category: str, has_board: bool) -> None:
        self.code = code
        self.name_zh = name_zh
        self.name_en = name_en
        self.category = category
        self.has_board = has_board
        self.authorisations: tuple[SignerAuthorisation, ...] = ()

    def authorise_signer(
        self,
        role: str,
        person_name: str,
        scope: str,
        granted_by: str,
        decision_ref: str,
        granted_on: date | None = None,
    ) -> None:
        """Record that `granted_by` authorised `person_name` to sign agreements and letters of `scope`."""
        role, person_name = require_text(role, "role"), require_text(person_name, "person_name")
        require_choice(scope, SCOPES, "scope", "known_scope")
        require_choice(granted_by, GRANTORS, "granted_by", "known_grantor")
        check_grant(self.has_board, role, person_name, scope, granted_by)
        self._require_held(person_name, role, scope, held=False)
        self._signer_authorised(
            role=role,
            person_name=person_name,
            scope=scope,
            granted_by=granted_by,
            decision_ref=require_decision_ref(decision_ref),
            granted_on=None if granted_on is None else require_date(granted_on, "granted_on"),
        )

    @event("SignerAuthorised")
    def _signer_authorised(
        self,
        role: str,
        person_name: str,
        scope: str,
        granted_by: str,
        decision_ref: str,
        granted_on: date | None,
    ) -> None:
        grant = SignerAuthorisation(role, person_name, scope, granted_by, decision_ref, granted_on)
        self.authorisations = (*self.authorisations, grant)

    def revoke_signer(self, person_name: str, role: str, scope: str, decision_ref: str, reason: str) -> None:
        """Withdraw an authorisation, e.g. when its holder leaves the post."""
        self._require_held(person_name, role, scope, held=True)
        self._signer_revoked(
            person_name=person_name,
            role=role,
            scope=scope,
            decision_ref=require_decision_ref(decision_ref),
            reason=require_reason(reason),
        )

    @event("SignerRevoked")
    def _signer_revoked(self, person_name: str, role: str, scope: str, decision_ref: str, reason: str) -> None:
        revoked = (person_name, role, scope)
        self.authorisations = tuple(a for a in self.authorisations if (a.person_name, a.role, a.scope) != revoked)

    def check_signing_authority(self, signer_name: str, signer_role: str, manager_position: str) -> None:
        """Refuse (ForbiddenError) an enterprise signer with no recorded authorisation for this manager."""
        scope = scope_for(manager_position)
        if self._authorisation(signer_name, signer_role, scope) is None:
            raise signing_refusal(self.has_board, self.code, signer_name, signer_role, scope)

    def _require_held(self, person_name: str, role: str, scope: str, held: bool) -> None:
        """Refuse a grant of an authorisation already held, and the revocation of one that is not."""
        if (self._authorisation(person_name, role, scope) is not None) == held:
            return
        what, rule = ("holds no authorisation", "known_authorisation") if held else ("is already authorised", "already_authorised")
        raise RuleViolationError(f"{person_name} ({role}) {what} for {scope_words(scope)}", field="person_name", rule=rule)

    def _authorisation(self, person_name: str, role: str, scope: str) -> SignerAuthorisation | None:
        wanted = (person_name, role, scope)
        return next((a for a in self.authorisations if (a.person_name, a.role, a.scope) == wanted), None)
