"""`tenurectl token`: print a token of the local development issuer, for Swagger UI's Authorize button or curl."""

from __future__ import annotations

import argparse
from pathlib import Path

from tenurectl.identity import HOUR, IdentityError, LocalTokens, Person, check_roles, default_auth_dir

MAX_TTL_HOURS = 24 * 30
EPILOG = """examples:
  tenurectl token --user 王董 --role chairman@E1
  tenurectl token --user 集团人力资源部 --role 'group_hr_admin@*'
  tenurectl token --user 赵磊 --role manager@E1 --manager-code M01
  TOKEN=$(tenurectl token --user 审计 --role 'auditor@*')
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8001/enterprises

Roles: see shared/auth/policy.csv. The services and this command must use the same auth folder: --auth-dir,
else $TENURE_AUTH_DIR, else ./data/auth (the services' default, `<data dir>/auth`). The key is made there on
first use. Outside development settings the services refuse the local issuer: use the group's identity provider.
"""


def add_token_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    token = commands.add_parser(
        "token", help="print a token signed by the local issuer the services trust in development",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    token.add_argument("--user", required=True, help="the display name, recorded with the events (e.g. 王董)")
    token.add_argument("--role", action="append", required=True, metavar="ROLE@ENTERPRISE",
                       help="a role for one enterprise's code (chairman@E1) or the whole group (auditor@*); repeatable")
    token.add_argument("--manager-code", help="the caller's own manager record (needed with manager@E)")
    token.add_argument("--subject", help="the token's subject, recorded as the actor (default: the user name)")
    token.add_argument("--ttl-hours", type=float, default=8.0, help="how long the token is valid (default 8)")
    token.add_argument("--auth-dir", type=Path, help="the local issuer's folder (default: see below)")


def run_token_command(args: argparse.Namespace) -> str:
    """The token; IdentityError for a request that cannot be met."""
    if not 0 < args.ttl_hours <= MAX_TTL_HOURS:
        raise IdentityError(f"--ttl-hours must be above 0 and at most {MAX_TTL_HOURS}")
    if not args.user.strip() or (args.subject is not None and not args.subject.strip()):
        raise IdentityError("--user and --subject must not be blank")
    roles = check_roles(args.role, args.manager_code)
    person = Person(args.subject or args.user, args.user, roles, args.manager_code)
    tokens = LocalTokens(args.auth_dir or default_auth_dir())
    return tokens.token(person, ttl_seconds=round(args.ttl_hours * HOUR))
