"""`python -m deploy.run`: start every service as its own process, on SQLite files in ./data by default.

Each service upgrades its database at start and relays its outbox to the services subscribed to it.
Set `<SERVICE>_DATABASE_URL` (e.g. CONTRACT_DATABASE_URL=postgresql://...) to use PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from deploy.processes import ServiceStartError, spawn, subscribers_of, wait_until_up
from deploy.services import SERVICES

HOST = os.environ.get("TENURE_HOST", "127.0.0.1")


def service_env(base: dict[str, str]) -> dict[str, str]:
    """`base` with each service's wiring added where it does not set it already."""
    env = dict(base)
    urls = {e.name: f"http://{HOST}:{e.port}" for e in SERVICES}
    for entry in SERVICES:
        env.setdefault(f"{entry.env_prefix}UPGRADE_ON_START", "true")
        env.setdefault(f"{entry.env_prefix}SUBSCRIBERS", subscribers_of(entry, urls))
    return env


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
