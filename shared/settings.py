"""Settings shared by the services; each service names its own prefix and default database."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.auth.local import LOCAL_ISSUER, LocalIssuer, audience
from shared.auth.messages import MessageSigner
from shared.eventstore.db import POOL_SIZE

DEVELOPMENT = "development"


class ServiceSettings(BaseSettings):
    """Read from the environment (prefixed per service) or a `.env` file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = ""
    data_dir: str = "data"
    upgrade_on_start: bool = False
    relay_enabled: bool = True  # deliver the outbox and process the inbox in the background (tests step them)
    relay_idle_seconds: float = 5.0  # the longest an idle relay or inbox sleeps without being woken by a commit
    relay_batch_size: int = Field(200, ge=1, le=1000)  # messages per delivery
    relay_partitions: int = Field(4, ge=1, le=64)  # deliveries in flight per destination, split by stream
    relay_max_backoff_seconds: float = Field(0.5, gt=0, le=300)  # a peer that is back is found within this
    # how messages travel: "http" (the embedded default: POST /inbox) or "nats" (NATS JetStream at `nats_url`)
    transport: Literal["http", "nats"] = "http"
    nats_url: str = "nats://127.0.0.1:4222"
    nats_prefix: str = Field("tenure", pattern=r"^[A-Za-z0-9_-]{1,32}$")  # subjects and streams; tests use a random one
    nats_sources: list[str] = ["contract", "appraisal", "payroll"]  # who may send to this one (itself skipped)
    # destination name → base URL, e.g. {"appraisal": "http://127.0.0.1:8002"}
    subscribers: dict[str, str] = {}
    peer_timeout_seconds: float = 10.0  # a query that asks another service (the tenure record) waits this long
    environment: str = DEVELOPMENT

    # Identity (docs/identity.md). No issuer: the local development issuer, whose key is in `auth_dir`.
    auth_issuer: str = ""
    auth_jwks_url: str = ""
    auth_audience: str = ""  # default tenure-<service>
    auth_roles_claim: str = "tenure_roles"  # e.g. resource_access.tenure.roles for Keycloak client roles
    # one folder for the machine's local key and message master key, shared by the services and tenurectl
    auth_dir: str = Field("", validation_alias="TENURE_AUTH_DIR")  # `auth_dir=` in code (populate_by_name)
    # "source->destination" → secret; the local default derives them from the master key in `auth_dir`
    message_secrets: dict[str, str] = {}
    message_tolerance_seconds: int = Field(300, ge=10, le=3600)
    max_body_bytes: int = Field(1_048_576, ge=1024)  # JSON bodies
    max_upload_bytes: int = Field(10_485_760, ge=1024)  # spreadsheet uploads
    database_pool_size: int = Field(POOL_SIZE, ge=1, le=100)  # connections kept per process, as many more when busy

    @field_validator("relay_idle_seconds", "peer_timeout_seconds")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be positive")
        return value

    @model_validator(mode="after")
    def _no_development_trust_in_production(self) -> ServiceSettings:
        if self.environment != DEVELOPMENT:
            if not self.auth_issuer or not self.auth_jwks_url or self.auth_issuer == LOCAL_ISSUER:
                raise ValueError("the local token issuer is for development only: set AUTH_ISSUER and AUTH_JWKS_URL "
                                 "to the group's identity provider")
            if not self.message_secrets:
                raise ValueError("message secrets must be set outside development (MESSAGE_SECRETS)")
        return self

    def resolved_database_url(self, service: str) -> str:
        """By default each service keeps an SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir}/{service}.db"

    @property
    def uses_local_issuer(self) -> bool:
        return not self.auth_issuer or self.auth_issuer == LOCAL_ISSUER

    def resolved_auth_dir(self) -> Path:
        return Path(self.auth_dir or Path(self.data_dir) / "auth")

    def local_issuer(self) -> LocalIssuer:
        return LocalIssuer(self.resolved_auth_dir())

    def resolved_audience(self, service: str) -> str:
        return self.auth_audience or audience(service)

    def message_signer(self, service: str) -> MessageSigner:
        """The configured per-pair secrets, or (development) every pair's derived from the local master key."""
        if self.message_secrets:
            return MessageSigner(service, self.message_secrets, tolerance_seconds=self.message_tolerance_seconds)
        master = self.local_issuer().message_master_key()
        return MessageSigner(service, master=master, tolerance_seconds=self.message_tolerance_seconds)
