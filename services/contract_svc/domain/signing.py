"""Who may be authorised to sign for an enterprise (002 §四(一)4), and why a signer is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.errors import ForbiddenError, RuleViolationError

SCOPES = ("general_manager", "other_managers")
GRANTORS = ("board", "controlling_shareholder")
_SCOPE_WORDS = {"general_manager": "the general manager", "other_managers": "other managers"}
# With a board, 002 names who may be authorised: the chairman signs with the general manager,
# and the general manager (or the chairman) with the other managers.
_BOARD_ROLES = {"general_manager": ("chairman",), "other_managers": ("chairman", "general_manager")}


@dataclass(frozen=True)
class SignerAuthorisation:
    role: str
    person_name: str
    scope: str
    granted_by: str
    decision_ref: str
    granted_on: date | None


def scope_for(manager_position: str) -> str:
    """The authorisation a signer needs for an agreement or letter of a manager in this position."""
    return "general_manager" if manager_position == "general_manager" else "other_managers"


def check_grant(has_board: bool, role: str, person_name: str, scope: str, granted_by: str) -> None:
    """Refuse an authorisation the enterprise's governance does not allow."""
    body = "board" if has_board else "controlling_shareholder"
    if granted_by != body:
        raise RuleViolationError(
            f"with{'' if has_board else ' no'} board, signers are authorised by the {_words(body)}, "
            f"not the {_words(granted_by)}",
            field="granted_by",
            rule="signing_authority",
        )
    if has_board and role not in _BOARD_ROLES[scope]:
        raise RuleViolationError(
            f"the board may authorise only the {_roles(scope)} to sign agreements of {_SCOPE_WORDS[scope]}; "
            f"{person_name} is {_words(role)}",
            field="role",
            rule="signing_authority",
        )


def signing_refusal(
    has_board: bool, enterprise_code: str, signer_name: str, signer_role: str, scope: str
) -> ForbiddenError:
    """The error for a signer without authorisation, saying what is missing."""
    body = _words("board" if has_board else "controlling_shareholder")
    detail = (
        f"{signer_name} ({signer_role}) holds no {body} authorisation "
        f"to sign agreements of {_SCOPE_WORDS[scope]} of {enterprise_code}"
    )
    if has_board and signer_role not in _BOARD_ROLES[scope]:
        detail += f"; the board may authorise only the {_roles(scope)}"
    return ForbiddenError(detail, field="signer_name", rule="signing_authority")


def scope_words(scope: str) -> str:
    return _SCOPE_WORDS.get(scope, scope)


def _roles(scope: str) -> str:
    return " or ".join(_words(role) for role in _BOARD_ROLES[scope])


def _words(name: str) -> str:
    return name.replace("_", " ")
