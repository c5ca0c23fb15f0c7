"""The appraisal service's settings: environment variables prefixed `APPRAISAL_`."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="APPRAISAL_", env_file=".env", extra="ignore")
