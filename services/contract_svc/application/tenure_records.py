"""A manager's tenure record assembled from the three services' parts, and what changed between two of them.

Nothing here computes a figure: every figure is one a service recorded, placed next to what it rests on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from shared.eventstore.store import utc_now

SERVICES = ("contract", "appraisal", "payroll")
# In a list of objects, the field that names an item, so that a comparison follows items, not positions.
ITEM_KEYS = ("line_id", "entry_id", "objection_id", "tenure_id", "key", "code", "number", "year", "id", "kind")
# Fields that say where a figure is kept rather than what it is; a comparison leaves them out.
BOOKKEEPING = frozenset({"version", "hash", "streams", "history", "timeline", "as_of", "generated_at"})


def assemble(manager_id: str, as_of: datetime, parts: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One record: per tenure, the agreement and letters, then per year actuals, appraisal and pay."""
    contract, appraisal, payroll = (parts.get(name) or {} for name in SERVICES)
    judged = {t["tenure_id"]: t for t in appraisal.get("tenures", [])}
    accounts = {a["tenure_id"]: a for a in payroll.get("accounts", [])}
    tenures = [_tenure(t, judged.get(t["id"], {}), accounts.get(t["id"])) for t in contract.get("tenures", [])]
    record = {
        "manager_id": manager_id,
        "as_of": as_of.isoformat(),
        "generated_at": utc_now().isoformat(),
        "complete": all("error" not in (parts.get(name) or {"error": ""}) for name in SERVICES),
        "sources": {name: _source(parts.get(name)) for name in SERVICES},
        "manager": contract.get("manager"),
        "enterprises": contract.get("enterprises", []),
        "policies": contract.get("policies", []),
        "tenures": tenures,
    }
    record["timeline"] = timeline(parts, tenures)
    return record


def _tenure(tenure: Mapping[str, Any], judged: Mapping[str, Any], account: Mapping[str, Any] | None) -> dict[str, Any]:
    appraised = {y["year"]: y for y in judged.get("years", [])}
    years = sorted(set(_years(tenure)) | set(appraised))
    settlements = (account or {}).get("settlements") or {}
    lines = (account or {}).get("lines", [])
    return {
        "tenure_id": tenure["id"],
        "tenure": dict(tenure),
        "years": [
            {
                "year": year,
                "letter": _letter(tenure, year),
                "actuals": appraised.get(year, {}).get("actuals"),
                "appraisal": appraised.get(year, {}).get("appraisal"),
                "settlement": settlements.get(str(year)),
                "lines": [line for line in lines if str(line.get("for_period", "")).startswith(f"{year:04d}")],
            }
            for year in years
        ],
        "tenure_appraisal": judged.get("tenure_appraisal"),
        "exit_proposals": judged.get("exit_proposals", []),
        "observation_periods": judged.get("observation_periods", []),
        "pay_account": account,
    }


def _years(tenure: Mapping[str, Any]) -> range:
    return range(int(tenure["start"][:4]), int(tenure["end"][:4]) + 1)


def _letter(tenure: Mapping[str, Any], year: int) -> dict[str, Any] | None:
    """The annual letter of `year` with its latest version: the KPI sheet in force."""
    letter = next((l for l in tenure.get("letters", []) if l.get("kind") == "annual" and l.get("year") == year), None)
    if letter is None:
        return None
    versions = letter.get("versions", [])
    return {"key": letter["key"], "status": letter["status"], "in_force": versions[-1] if versions else None,
            "earlier_versions": len(versions) - 1 if versions else 0}


def _source(part: Mapping[str, Any] | None) -> dict[str, Any]:
    if part is None or "error" in part:
        return {"available": False, "error": (part or {}).get("error", "not asked"), "streams": []}
    return {"available": True, "error": None, "streams": part.get("streams", [])}


def timeline(parts: Mapping[str, Mapping[str, Any]], tenures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every recorded event of the manager, by business date, with the warnings the final appraisals gave."""
    entries = [dict(h) for name in SERVICES for h in (parts.get(name) or {}).get("history", [])]
    finalised = {e["stream_id"]: e for e in entries if e["type"] == "AnnualAppraisal.Finalised"}
    for tenure in tenures:
        entries += list(_warnings(tenure, finalised))
    for entry in entries:
        entry["date"] = entry.get("effective_date") or entry["recorded_at"][:10]
    return sorted(entries, key=lambda e: (e["date"], e["recorded_at"], e["service"], e["stream_id"], e["version"]))


def _warnings(tenure: Mapping[str, Any], finalised: Mapping[str, Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """A final year's warnings and exit triggers, given by the event that made the appraisal final."""
    for year in tenure["years"]:
        appraisal = year.get("appraisal") or {}
        member = appraisal.get("member") or {}
        found = [*member.get("warnings", []), *member.get("exit_triggers", []), *member.get("ranking_warnings", [])]
        final = finalised.get(appraisal.get("id", ""))
        if appraisal.get("status") == "final" and found and final is not None:
            yield {
                **final, "type": "Warning", "category": "warning", "tenure_id": tenure["tenure_id"],
                "reason": "; ".join(f"{w['kind']}: {w['reason']}" for w in found),
            }


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What changed between two records of one manager: each figure before and after, and the events between,
    with who recorded them and why."""
    old, new = dict(flatten(before)), dict(flatten(after))
    changed = [
        {"path": path, "before": old.get(path), "after": new.get(path)}
        for path in sorted(set(old) | set(new))
        if old.get(path) != new.get(path)
    ]
    start = before["as_of"]
    events = [e for e in after.get("timeline", []) if e["type"] != "Warning" and e["recorded_at"] > start]
    return {
        "manager_id": after["manager_id"],
        "from": before["as_of"],
        "to": after["as_of"],
        "changes": changed,
        "events": sorted(events, key=lambda e: (e["recorded_at"], e["service"], e["stream_id"], e["version"])),
        "actors": sorted({e["actor"] for e in events}),
    }


def flatten(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, leaf) pairs; list items are named by their identifying field where they have one."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key not in BOOKKEEPING:
                yield from flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from flatten(item, f"{path}[{_item_name(item, index)}]")
    else:
        yield path, value


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, Mapping):
        for key in ITEM_KEYS:
            if item.get(key) is not None and not isinstance(item[key], Mapping | list):
                return f"{key}={item[key]}"
    return str(index)
