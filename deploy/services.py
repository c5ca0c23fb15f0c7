"""The services this repository runs, with their default ports: one list for the launcher and migrations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ServiceEntry:
    name: str  # source name in messages and prefix of its settings
    module: str
    port: int

    @property
    def app(self) -> str:
        return f"{self.module}.main:app"

    @property
    def migrations(self) -> Path:
        return ROOT / self.module.replace(".", "/") / "migrations"

    @property
    def env_prefix(self) -> str:
        return f"{self.name.upper()}_"


SERVICES = [
    ServiceEntry("contract", "services.contract_svc", 8001),
    ServiceEntry("appraisal", "services.appraisal_svc", 8002),
    ServiceEntry("payroll", "services.payroll_svc", 8003),
]


def by_name(name: str) -> ServiceEntry:
    for entry in SERVICES:
        if name in (entry.name, entry.module.rsplit(".", 1)[-1]):
            return entry
    raise SystemExit(f"unknown service {name!r}; known: {', '.join(e.name for e in SERVICES)}")
