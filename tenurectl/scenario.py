"""A scenario file (see ../shared/scenarios/README.md), read with every number kept exact."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any


class ScenarioError(Exception):
    """The scenario file cannot be read or lacks something tenurectl needs to drive the services."""


def as_strings(value: Any) -> Any:
    """`value` with every number (Decimal or int) turned into its decimal string; booleans stay booleans."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (Decimal, int)):
        return str(value)
    if isinstance(value, Mapping):
        return {key: as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_strings(item) for item in value]
    raise ScenarioError(f"unexpected value in the scenario: {value!r}")


def decimals_as_strings(value: Any) -> Any:
    """`value` with Decimals as strings and integers left as JSON integers (count-like parameters need them)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {key: decimals_as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decimals_as_strings(item) for item in value]
    return value


@dataclass(frozen=True)
class Scenario:
    """The parsed file; `raw` keeps it as written (JSON floats as Decimal), accessors name what is used."""

    raw: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.raw.get("name", "scenario"))

    @property
    def enterprise(self) -> Mapping[str, Any]:
        enterprise: Mapping[str, Any] = self.raw["enterprise"]
        return enterprise

    @property
    def policy(self) -> Mapping[str, Any]:
        return self.raw.get("policy") or {}

    @property
    def start(self) -> date:
        return date.fromisoformat(self.raw["tenure"]["start"])

    @property
    def end(self) -> date:
        return date.fromisoformat(self.raw["tenure"]["end"])

    @property
    def years(self) -> list[int]:
        """Every calendar year the tenure touches, in order: each has an annual letter and an appraisal."""
        return list(range(self.start.year, self.end.year + 1))

    @property
    def managers(self) -> list[Mapping[str, Any]]:
        return list(self.raw["managers"])

    @property
    def manager_codes(self) -> list[str]:
        return [m["code"] for m in self.managers]

    def manager(self, code: str) -> Mapping[str, Any]:
        return next(m for m in self.managers if m["code"] == code)


def parse_scenario(text: str) -> Scenario:
    """A scenario from its JSON text; floats become Decimal so that no figure is rounded on the way."""
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"the scenario is not valid JSON: {error}") from None
    _check(raw)
    return Scenario(raw)


def load_scenario(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"cannot read {path}: {error.strerror}") from None
    return parse_scenario(text)


def _check(raw: Any) -> None:
    """Refuse, before any service is started, a file that lacks what the run needs."""
    if not isinstance(raw, dict):
        raise ScenarioError("the scenario must be a JSON object")
    for key in ("enterprise", "tenure", "managers"):
        if key not in raw:
            raise ScenarioError(f"the scenario has no {key!r}")
    for key in ("code", "name", "category"):
        if key not in raw["enterprise"]:
            raise ScenarioError(f"the scenario's enterprise has no {key!r}")
    try:
        start, end = (date.fromisoformat(raw["tenure"][k]) for k in ("start", "end"))
    except (KeyError, TypeError, ValueError):
        raise ScenarioError("the scenario's tenure needs ISO dates 'start' and 'end'") from None
    if end < start:
        raise ScenarioError("the scenario's tenure ends before it starts")
    codes = [m.get("code") for m in raw["managers"]]
    if not codes or None in codes or len(set(codes)) != len(codes):
        raise ScenarioError("the scenario needs managers, each with a unique 'code'")
    for manager in raw["managers"]:
        for key in ("name", "level", "pay", "kpis"):
            if key not in manager:
                raise ScenarioError(f"manager {manager['code']} has no {key!r}")
