"""`tenurectl scenario run FILE`: run a scenario through the services' public APIs and print the report;
`tenurectl record | changes | verify | rebuild`: read a tenure record, check chains, rebuild read models;
`tenurectl token`: print a token of the local development issuer.

Only the report goes to stdout; progress goes to stderr with --verbose; errors go to stderr with a non-zero exit.
Whatever --verbose says, a retried request and a wait longer than 5 s say so on stderr (--retry-for, --stall-after).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from deploy.processes import ServiceStartError
from tenurectl.audit import AuditInputError, add_commands, run_audit_command
from tenurectl.client import ServiceError
from tenurectl.driving import drive
from tenurectl.identity import IdentityError, LocalTokens, default_auth_dir
from tenurectl.patience import Patience, add_patience_options, patience_of
from tenurectl.processes import DatabaseSetupError, run_auth_dir, started_services
from tenurectl.report import render
from tenurectl.scenario import Scenario, ScenarioError, load_scenario
from tenurectl.tokens import add_token_command, run_token_command

SERVICE_NAMES = ("contract", "appraisal", "payroll")
log = logging.getLogger("tenurectl")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="tenurectl", description=__doc__.split("\n\n")[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True)
    scenario = commands.add_parser("scenario", help="scenarios").add_subparsers(dest="action", required=True)
    run = scenario.add_parser("run", help="run a scenario file and print its report (JSON) on stdout")
    run.add_argument("file", type=Path, help="a scenario JSON file, e.g. ../shared/scenarios/golden-1.json")
    run.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite",
                     help="databases of the started services: SQLite files (default) or new PostgreSQL databases "
                     "on $TENURECTL_POSTGRES_URL")
    for name in SERVICE_NAMES:
        run.add_argument(f"--{name}-url", metavar="URL",
                         help=f"use the {name} service running at URL; with any URL given, nothing is started")
    run.add_argument("--auth-dir", type=Path, metavar="DIR",
                     help="the local token issuer's folder: the services started here trust it, and each step is "
                     "taken with a token minted from it for the person whose part it is (tenurectl/cast.py). "
                     "Default: a new folder of the run; with service URLs, $TENURE_AUTH_DIR or ./data/auth")
    run.add_argument("--onboard", action="store_true",
                     help="bring the managers in as a group brings in those it has: one import of their signed "
                     "agreements and letters (POST /enterprises/{id}/onboarding) and one batch of pay plans; "
                     "by default each step is a command of its own by the person whose part it is")
    run.add_argument("--roster", choices=("json", "xlsx"), default="json",
                     help="with --onboard: the import as a JSON body, or as the HR office's roster workbook "
                     "(POST /enterprises/{id}/onboarding/upload)")
    run.add_argument("--keep", action="store_true", help="keep the databases and the services' logs")
    run.add_argument("--verbose", action="store_true", help="report progress on stderr")
    add_patience_options(run, waits=True)
    add_commands(commands)
    add_token_command(commands)
    return top


def main(argv: Sequence[str] | None = None) -> None:
    top = parser()
    args = top.parse_args(argv)
    if args.command == "token":
        sys.exit(token_command(args))
    if args.command != "scenario":
        sys.exit(audit_command(args))
    if _given_urls(args) and not args.contract_url:
        top.error("with a service URL given nothing is started, so the contract service's is needed: --contract-url")
    logging.basicConfig(format="tenurectl: %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO if args.verbose else logging.WARNING)
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(run_command(args))


def audit_command(args: argparse.Namespace) -> int:
    """`record`, `changes`, `verify`, `rebuild`: 0 done, 1 a chain broken or a service failed or refused,
    2 unusable input."""
    try:
        code, output = run_audit_command(args)
    except (AuditInputError, IdentityError) as error:
        return _refused(str(error), 2)
    except ServiceError as error:
        return _refused(error.describe(), 1)
    try:
        print(output)
    except BrokenPipeError:  # `tenurectl record M01 | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def token_command(args: argparse.Namespace) -> int:
    """`token`: 0 printed, 2 a role, manager code or lifetime that cannot be granted."""
    try:
        print(run_token_command(args))
    except IdentityError as error:
        return _refused(str(error), 2)
    return 0


def run_command(args: argparse.Namespace) -> int:
    """Run `scenario run`; the exit code: 0 done, 1 a service failed or refused, 2 a bad scenario, 130 interrupted."""
    try:
        scenario = load_scenario(args.file)
        report = run_scenario(scenario, _given_urls(args), args.database, args.keep, args.auth_dir,
                              patience_of(args), onboard=args.onboard, roster=args.roster)
    except (ScenarioError, IdentityError) as error:
        return _refused(str(error), 2)
    except ServiceStartError as error:
        return _refused(f"{error}; its log:\n{error.log}", 1)
    except DatabaseSetupError as error:
        return _refused(str(error), 1)
    except ServiceError as error:
        return _refused(error.describe(), 1)
    except KeyboardInterrupt:
        return _refused("interrupted; services stopped", 130)
    print(render(report))
    return 0


def run_scenario(
    scenario: Scenario, urls: Mapping[str, str], database: str = "sqlite", keep: bool = False,
    auth_dir: Path | None = None, patience: Patience | None = None, onboard: bool = False, roster: str = "json",
) -> dict[str, Any]:
    """Drive `scenario` through the services at `urls`, or through services started here if none are given.

    Started services trust the issuer of `auth_dir`, by default one made for the run; running ones, the issuer of
    `auth_dir` or of the services' default folder. `patience`: how long requests are retried and waits may stall;
    `onboard`: the contract part and pay plans in bulk (tenurectl/onboarding.py), the roster as `roster`."""
    with ExitStack() as stack:
        if not urls:
            folder = Path(tempfile.mkdtemp(prefix="tenurectl-"))
            if keep:
                log.warning("the services' logs (and SQLite files) are kept in %s", folder)
            else:
                stack.callback(shutil.rmtree, folder, ignore_errors=True)
            auth_dir = auth_dir or run_auth_dir(folder)
            urls = stack.enter_context(started_services(folder, database, keep, auth_dir=auth_dir))
            try:
                return drive(scenario, urls, LocalTokens(auth_dir), patience=patience, onboard=onboard, roster=roster)
            except ServiceError as error:
                error.log = (
                    _tail(folder / f"{error.service}.log") if error.status is None or error.status >= 500 else ""
                )
                raise
        return drive(scenario, urls, LocalTokens(auth_dir or default_auth_dir()), patience=patience, onboard=onboard,
                     roster=roster)
    raise AssertionError("unreachable")


def _refused(message: str, code: int) -> int:
    """Say why on stderr; the exit code says what kind of failure it was."""
    print(f"tenurectl: {message}", file=sys.stderr)
    return code


def _given_urls(args: argparse.Namespace) -> dict[str, str]:
    given = {name: getattr(args, f"{name}_url") for name in SERVICE_NAMES}
    return {name: url.rstrip("/") for name, url in given.items() if url}


def _tail(log: Path, lines: int = 40) -> str:
    """The end of a service's log: what it said about a failure its answer does not show."""
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]) if log.exists() else ""


def _stop(signum: int, _frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: the started services stop and their databases go."""
    raise KeyboardInterrupt
