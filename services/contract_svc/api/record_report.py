"""The tenure record as a printable bilingual HTML page (placeholder until the report lands)."""

from __future__ import annotations

import html
import json
from typing import Any


def render_report(record: dict[str, Any]) -> str:
    return f"<!doctype html><html><body><pre>{html.escape(json.dumps(record, ensure_ascii=False, indent=1))}</pre></body></html>"
