"""The three services as real processes on fresh SQLite files, with the golden scenario run through them once
per test session, and `tenurectl` run against them as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from deploy.services import ROOT
from tenurectl.cli import drive
from tenurectl.identity import LocalTokens
from tenurectl.processes import run_auth_dir, started_services
from tenurectl.scenario import load_scenario
from tests.tenurectl.tenurectl_samples import GOLDEN


@dataclass(frozen=True)
class RunningSystem:
    """The started services, the folder of their SQLite files, and a time before anything was recorded."""

    urls: dict[str, str]
    folder: Path
    started_at: datetime

    def database(self, service: str) -> Path:
        return self.folder / f"{service}.db"

    @property
    def auth_dir(self) -> Path:
        """The local issuer the services trust."""
        return run_auth_dir(self.folder)

    @property
    def tokens(self) -> LocalTokens:
        return LocalTokens(self.auth_dir)


def golden_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    if not GOLDEN.exists():
        pytest.skip("the golden scenario is not beside the repository")
    folder = tmp_path_factory.mktemp("golden-system")
    started_at = datetime.now(UTC)
    with started_services(folder, "sqlite") as urls:
        drive(load_scenario(GOLDEN), urls, LocalTokens(run_auth_dir(folder)))
        yield RunningSystem(dict(urls), folder, started_at)


def tenurectl(system: RunningSystem, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m tenurectl <args>` against the started services; unless `args` give a token, it mints its
    own from their issuer."""
    urls = [flag for name, url in system.urls.items() for flag in (f"--{name}-url", url)]
    command = [sys.executable, "-m", "tenurectl", *args, *urls, "--auth-dir", str(system.auth_dir)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)


def tenurectl_json(system: RunningSystem, *args: str, exit_code: int = 0) -> Any:
    done = tenurectl(system, *args)
    assert done.returncode == exit_code, done.stderr
    return json.loads(done.stdout)
