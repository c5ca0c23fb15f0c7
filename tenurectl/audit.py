"""`tenurectl record`, `changes`, `verify` and `rebuild`: the auditor's and operator's commands, over HTTP.

A manager is named by code (M01) or id. Service URLs default to the ports `deploy/run.py` uses, or come from
`--<service>-url` or `TENURECTL_<SERVICE>_URL`. Each command sends a bearer token: `--token` or
`$TENURE_TOKEN`, else one minted from the local development issuer (see `tenurectl token`) for an auditor of the
whole group (`auditor@*`: record, changes, verify) or for operations (`operations@*`: rebuild).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from uuid import UUID

from deploy.services import SERVICES
from tenurectl.client import ServiceClient, ServiceError
from tenurectl.identity import Bearer, LocalTokens, Person, default_auth_dir
from tenurectl.patience import add_patience_options, patience_of

SERVICE_NAMES = tuple(entry.name for entry in SERVICES)
TOKEN_ENV = "TENURE_TOKEN"
# who the commands act as when no token is given: read-only auditing, and operations for the rebuild
AUDITOR = Person("tenurectl:auditor", "tenurectl (auditor)", ("auditor@*",))
OPERATIONS = Person("tenurectl:operations", "tenurectl (operations)", ("operations@*",))
TOKEN_HELP = (f"the bearer token to send (default: ${TOKEN_ENV}, else one minted from the local issuer of "
              "--auth-dir, $TENURE_AUTH_DIR or ./data/auth, for {who})")


class AuditInputError(Exception):
    """The command line or a file it names cannot be used; nothing was asked of the services."""


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    record = commands.add_parser("record", help="a manager's tenure record as of a date (JSON, or --html)")
    record.add_argument("manager", help="the manager's code (e.g. M01) or id")
    record.add_argument("--as-of", help="ISO date (end of that day, UTC) or date-time; now when omitted")
    record.add_argument("--html", action="store_true", help="the printable bilingual report instead of JSON")
    changes = commands.add_parser("changes", help="what changed in a manager's record between two dates")
    changes.add_argument("manager", help="the manager's code or id")
    changes.add_argument("--from", dest="since", required=True, help="the earlier as-of")
    changes.add_argument("--to", dest="until", help="the later as-of; now when omitted")
    verify = commands.add_parser("verify", help="recompute hash chains: of a manager's streams, or of whole services")
    verify.add_argument("--manager", help="only this manager's streams (code or id), in all three services")
    verify.add_argument("--service", action="append", choices=SERVICE_NAMES, help="only this service (repeatable)")
    verify.add_argument("--against", type=Path, metavar="RECORD.json",
                        help="with --manager: also compare each stream with its head in a record saved earlier "
                        "(`tenurectl record` output); finds events deleted from a stream's end")
    rebuild = commands.add_parser("rebuild", help="rebuild a service's read models from its events")
    rebuild.add_argument("--service", action="append", choices=SERVICE_NAMES, help="only this service (repeatable)")
    for parser in (record, changes, verify, rebuild):
        for name in SERVICE_NAMES:
            parser.add_argument(f"--{name}-url", metavar="URL", help=f"the {name} service (default: its local port)")
        who = "operations@*" if parser is rebuild else "auditor@*"
        parser.add_argument("--token", help=TOKEN_HELP.format(who=who))
        parser.add_argument("--auth-dir", type=Path, metavar="DIR", help="the local issuer's folder, to mint a token")
        add_patience_options(parser)


def service_url(args: argparse.Namespace, name: str) -> str:
    entry = next(e for e in SERVICES if e.name == name)
    given = getattr(args, f"{name}_url", None) or os.environ.get(f"TENURECTL_{name.upper()}_URL")
    return (given or f"http://127.0.0.1:{entry.port}").rstrip("/")


def caller(args: argparse.Namespace) -> Bearer:
    """The token given, or one of the local issuer for the command's role."""
    given = args.token or os.environ.get(TOKEN_ENV)
    if given:
        return Bearer(given.strip(), "the given token")
    person = OPERATIONS if args.command == "rebuild" else AUDITOR
    return LocalTokens(args.auth_dir or default_auth_dir()).bearer(person)


def manager_id(contract: ServiceClient, manager: str) -> str:
    """The id of the manager named by id or code."""
    try:
        return str(UUID(manager))
    except ValueError:
        found = contract.get("/managers", {"code": manager})["items"]
    if not found:
        raise ServiceError("contract", "GET", "/managers", 404, {"detail": f"no manager with code {manager!r}"})
    return str(found[0]["id"])


def run_audit_command(args: argparse.Namespace) -> tuple[int, str]:
    """The exit code and what to print: 0 done; 1 a chain is broken (verify)."""
    if args.command == "rebuild":
        return 0, _json(_each(args, "POST", "/read-models/rebuild"))
    if args.command == "verify" and args.against and not args.manager:
        raise AuditInputError("--against needs --manager: a saved record is one manager's")
    if args.command == "verify" and not args.manager:
        reports = _each(args, "GET", "/verify")
        return (0 if _intact(reports) else 1), _json({"intact": _intact(reports), "services": reports})
    with ServiceClient("contract", service_url(args, "contract"), caller(args), patience=patience_of(args)) as contract:
        who = manager_id(contract, args.manager)
        if args.command == "record":
            path, params = f"/tenure-records/{who}", {"as_of": args.as_of} if args.as_of else None
            return 0, contract.get_text(f"{path}/report", params) if args.html else _json(contract.get(path, params))
        if args.command == "changes":
            params = {"from": args.since, **({"to": args.until} if args.until else {})}
            return 0, _json(contract.get(f"/tenure-records/{who}/changes", params))
        path = f"/tenure-records/{who}/verification"
        report = contract.post(path, _kept(args.against)) if args.against else contract.get(path)
        return (0 if report["intact"] else 1), _json(report)


def _kept(path: Path) -> dict[str, Any]:
    """The stream heads of a saved record; a file that is not one is refused before anything is asked."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return {"sources": {name: {"streams": s["streams"]} for name, s in kept["sources"].items()}}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise AuditInputError(f"{path} is not a saved tenure record: {error}") from None


def _each(args: argparse.Namespace, method: str, path: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    auth = caller(args)
    for name in args.service or SERVICE_NAMES:
        with ServiceClient(name, service_url(args, name), auth, patience=patience_of(args)) as client:
            answers[name] = client.post(path, {}) if method == "POST" else client.get(path)
    return answers


def _intact(reports: Mapping[str, Any]) -> bool:
    return all(not report.get("breaks") for report in reports.values())


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)

