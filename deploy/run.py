"""`python -m deploy.run`: start every service as its own process, on SQLite files in ./data by default.

Each service upgrades its database at start and relays its outbox to the services subscribed to it.
Set `<SERVICE>_DATABASE_URL` (e.g. CONTRACT_DATABASE_URL=postgresql://...) to use PostgreSQL. All three trust
one local token issuer, whose key they make on first start in one auth folder (`TENURE_AUTH_DIR`, by default
./data/auth): the folder `tenurectl token` signs from.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from deploy.processes import ServiceStartError, spawn, subscribers_of, wait_until_up
from deploy.services import ROOT, SERVICES

HOST = os.environ.get("TENURE_HOST", "127.0.0.1")
AUTH_DIR_ENV = "TENURE_AUTH_DIR"
DEFAULT_AUTH_DIR = Path("data") / "auth"  # relative to the repository, where the services run and tenurectl is run


def service_env(base: dict[str, str]) -> dict[str, str]:
    """`base` with each service's wiring added where it does not set it already, and one auth folder for all."""
    env = dict(base)
    urls = {e.name: f"http://{HOST}:{e.port}" for e in SERVICES}
    # AUTH_DIR, if set, is what the services would read: then it is the one folder
    env.setdefault(AUTH_DIR_ENV, env.get("AUTH_DIR") or str(ROOT / DEFAULT_AUTH_DIR))
    for entry in SERVICES:
        env.setdefault(f"{entry.env_prefix}UPGRADE_ON_START", "true")
        env.setdefault(f"{entry.env_prefix}SUBSCRIBERS", subscribers_of(entry, urls))
    return env


def how_to_sign_in(env: dict[str, str]) -> str:
    """How to get a token of the local issuer the services trust, and send it from Swagger UI and curl."""
    folder = Path(env[AUTH_DIR_ENV])
    flag = "" if folder == ROOT / DEFAULT_AUTH_DIR else f" --auth-dir {folder}"
    contract = next(f"http://{HOST}:{e.port}" for e in SERVICES if e.name == "contract")
    return "\n".join([
        f"Every request but /health and /ready needs a bearer token. Get one from the local issuer ({folder}):",
        f"  TOKEN=$(.venv/bin/tenurectl token{flag} --user 王董 --role chairman@E1)",
        f"  TOKEN=$(.venv/bin/tenurectl token{flag} --user 陈敏 --role 'group_hr_admin@*')   # registers enterprises",
        "Swagger UI: press Authorize and paste the token. curl:",
        f'  curl -H "Authorization: Bearer $TOKEN" {contract}/enterprises',
        "Roles and what they may do: .venv/bin/tenurectl token --help, shared/auth/policy.csv.",
    ])


def main() -> None:
    env = service_env(dict(os.environ))
    services = [spawn(entry, env, entry.port, host=HOST) for entry in SERVICES]

    def stop(*_: object) -> None:
        for service in services:
            if service.process.poll() is None:
                service.process.terminate()

    signal.signal(signal.SIGTERM, stop)
    failed = False
    try:
        wait_until_up(services)
        for service in services:
            print(f"{service.entry.name:>10} service: OpenAPI docs at {service.url}/docs", flush=True)
        print(how_to_sign_in(env), flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        while all(s.process.poll() is None for s in services):
            time.sleep(0.5)
    except ServiceStartError as error:
        print(f"{error}; its output is above", file=sys.stderr, flush=True)
        failed = True
    except KeyboardInterrupt:
        pass
    finally:
        codes = [service.stop() for service in services]
    sys.exit(1 if failed else next((code for code in codes if code not in (0, -signal.SIGTERM)), 0))


if __name__ == "__main__":
    main()
