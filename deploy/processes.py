"""Start a service as its own uvicorn process and wait until it answers: one way, for every launcher.

`deploy.run` uses it to run the system on fixed ports; `tenurectl` to run a scenario on free ports.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from deploy.services import ROOT, ServiceEntry

LOCALHOST = "127.0.0.1"


class ServiceStartError(RuntimeError):
    """A service process exited, or did not answer /ready, in time; carries what it logged."""

    def __init__(self, name: str, reason: str, log: str) -> None:
        super().__init__(f"the {name} service {reason}")
        self.name, self.reason, self.log = name, reason, log


@dataclass
class ServiceProcess:
    entry: ServiceEntry
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path | None = None

    def log_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return "(its output went to the console)"
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 10.0) -> int:
        """Ask the process to stop; kill it if it has not within `timeout` seconds. Returns its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def free_port(host: str = LOCALHOST) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def subscribers_of(entry: ServiceEntry, urls: Mapping[str, str]) -> str:
    """The `<NAME>_SUBSCRIBERS` value: every other service's base URL, by name."""
    return json.dumps({name: url for name, url in urls.items() if name != entry.name})


def spawn(
    entry: ServiceEntry,
    env: Mapping[str, str],
    port: int,
    host: str = LOCALHOST,
    log_path: Path | None = None,
    log_level: str | None = None,
) -> ServiceProcess:
    """Start `uvicorn <entry.app>` with `env` over this process's environment; output to `log_path` or the console."""
    full_env = {**os.environ, **env}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "uvicorn", entry.app, "--host", host, "--port", str(port)]
    if log_level:
        command += ["--log-level", log_level]
    log: IO[bytes] | None = open(log_path, "ab") if log_path else None  # noqa: SIM115 - the child keeps it
    try:
        process = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT if log else None
        )
    finally:
        if log is not None:
            log.close()
    return ServiceProcess(entry, f"http://{host}:{port}", process, log_path)


def wait_until_up(services: Sequence[ServiceProcess], timeout: float = 30.0) -> None:
    """Return once every service is ready (`GET /ready` 200: database, migrations, deliveries); raise
    ServiceStartError otherwise."""
    deadline = time.monotonic() + timeout
    waiting = list(services)
    while waiting:
        for service in list(waiting):
            if service.process.poll() is not None:
                reason = f"exited with code {service.process.returncode} at start"
                raise ServiceStartError(service.entry.name, reason, service.log_text())
            if _ready(service.url):
                waiting.remove(service)
        if waiting and time.monotonic() > deadline:
            service = waiting[0]
            raise ServiceStartError(service.entry.name, f"did not answer within {timeout:.0f} s", service.log_text())
        if waiting:
            time.sleep(0.1)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ready", timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running(
    plans: Sequence[tuple[ServiceEntry, Mapping[str, str], int]],
    logs_dir: Path,
    timeout: float = 30.0,
) -> Iterator[list[ServiceProcess]]:
    """Start each (service, environment, port), wait until all answer, yield them; stop them all at the end."""
    with ExitStack() as stack:
        services = []
        for entry, env, port in plans:
            service = spawn(entry, env, port, log_path=logs_dir / f"{entry.name}.log", log_level="warning")
            stack.callback(service.stop)
            services.append(service)
        wait_until_up(services, timeout)
        yield services
