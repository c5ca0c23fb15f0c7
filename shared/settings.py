"""Settings shared by the services; each service names its own prefix and default database."""

from __future__ import annotations

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Read from the environment (prefixed per service) or a `.env` file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = ""
    data_dir: str = "data"
    upgrade_on_start: bool = False
    relay_enabled: bool = True
    relay_interval_seconds: float = 0.2
    # destination name → base URL, e.g. {"appraisal": "http://127.0.0.1:8002"}
    subscribers: dict[str, str] = {}
    peer_timeout_seconds: float = 10.0  # a query that asks another service (the tenure record) waits this long
    environment: str = "development"

    @field_validator("relay_interval_seconds", "peer_timeout_seconds")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be positive")
        return value

    def resolved_database_url(self, service: str) -> str:
        """By default each service keeps an SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir}/{service}.db"
