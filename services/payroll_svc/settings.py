"""The payroll service's settings: environment variables prefixed `PAYROLL_`."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PAYROLL_", env_file=".env", extra="ignore")
