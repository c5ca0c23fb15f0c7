"""`python -m deploy.run`: start every service as its own process, on SQLite files in ./data by default.

Each service upgrades its database at start and relays its outbox to the services subscribed to it.
Set `<SERVICE>_DATABASE_URL` (e.g. CONTRACT_DATABASE_URL=postgresql://...) to use PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from deploy.services import ROOT, SERVICES

HOST = os.environ.get("TENURE_HOST", "127.0.0.1")


def service_env(base: dict[str, str]) -> dict[str, str]:
    env = dict(base)
    urls = {e.name: f"http://{HOST}:{e.port}" for e in SERVICES}
    for entry in SERVICES:
        env.setdefault(f"{entry.env_prefix}UPGRADE_ON_START", "true")
        env.setdefault(f"{entry.env_prefix}SUBSCRIBERS", json.dumps({n: u for n, u in urls.items() if n != entry.name}))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def main() -> None:
    env = service_env(dict(os.environ))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "uvicorn", entry.app, "--host", HOST, "--port", str(entry.port)],
            cwd=ROOT,
            env=env,
        )
        for entry in SERVICES
    ]
    time.sleep(1.5)
    for entry in SERVICES:
        print(f"{entry.name:>10} service: OpenAPI docs at http://{HOST}:{entry.port}/docs", flush=True)
    print("Press Ctrl-C to stop.", flush=True)

    def stop(*_: object) -> None:
        for process in processes:
            process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes:
            process.wait(timeout=10)
    sys.exit(max((p.returncode or 0) for p in processes) if any(p.returncode for p in processes) else 0)


if __name__ == "__main__":
    main()
