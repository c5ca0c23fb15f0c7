"""Changes after the fact to one year's appraisal, as the tenure record shows them: the committee's override (who,
why, from which grade to which), objections (filed, by whom, outcome, why, the figures corrected) and revisions
after final (the decision they rest on, its reference, the figures corrected)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from services.contract_svc.api.record_html import DASH, Item, code_of, grade, grid, part, said, text

OBJECTIONS = (("编号", "Objection", "objection_id"), ("提出", "Filed", "filed_on"), ("提出人", "Filed by", lambda o: o["filed_by"]),
              ("理由", "Reason", "reason"), ("结果", "Outcome", code_of("outcome", "objection_outcome")),
              ("决定理由", "Decision reason", "decision_reason"), ("决定日", "Decided on", "decided_on"),
              ("决定人", "Decided by", lambda o: o["decided_by"]),
              ("更正数据", "Corrected figures", lambda o: o["corrected"]))
REVISIONS = (("日期", "Decided on", "decided_on"), ("理由", "Reason", "reason"), ("文号", "Decision ref.", "decision_ref"),
             ("决定人", "Decided by", lambda r: r["decided_by"]),
             ("更正数据", "Corrected figures", lambda r: r["corrected"]))


def recorded(record: Item, kind: str, stream_id: object, on: object = None, reason: object = None) -> Item:
    """The timeline entry of the event that recorded a decision: by type and stream, on its day, with its reason
    when there is one to tell two decisions of one day apart."""
    found = [e for e in record.get("timeline") or [] if e.get("type") == kind and e.get("stream_id") == stream_id
             and (on is None or e.get("effective_date") == on)]
    return next((e for e in found if reason is None or e.get("reason") == reason), found[0] if found else {})


def who(entry: Item) -> str:
    """Who recorded an event: their name, and the account it was recorded under."""
    if not entry.get("actor"):
        return DASH
    name = entry.get("actor_name")
    return f'{text(name)} <span class="mono">{text(entry.get("actor"))}</span>' if name else text(entry["actor"])


def overridden(member: Item, appraisal: Item, record: Item) -> str:
    """The committee's override of the proposed grade: from → to, why, by whom and when."""
    override = member.get("override")
    if not override:
        return DASH
    confirmed = recorded(record, "AnnualAppraisal.Confirmed", appraisal.get("id"), appraisal.get("confirmed_on"))
    return (f'<span class="override">{grade(member.get("proposed_grade"))} → <b>{grade(override.get("grade"))}</b>'
            f'</span><br>{text(override.get("reason"))}<br>{who(confirmed)} · {text(appraisal.get("confirmed_on"))}')


def render_changes(appraisal: Item, entries: Sequence[Item], record: Item) -> str:
    """The year's objections and revisions, each with the corrected figures that belong to it."""
    stream, tenure_id = appraisal.get("id"), (appraisal.get("member") or {}).get("tenure_id")
    objections = list(appraisal.get("objections") or [])
    # A revision recorded before issue 12 names no member (it scored every one again); since, only this one's.
    revisions = [r for r in appraisal.get("revisions") or [] if r.get("tenure_id") in (None, tenure_id)]
    corrected = _attributed(entries, [o for o in objections if o.get("outcome") == "upheld"] + revisions)
    rows = [{**o, "corrected": corrected.get(id(o), DASH),
             "filed_by": who(recorded(record, "AnnualAppraisal.ObjectionFiled", stream, o.get("filed_on"), o.get("reason"))),
             "decided_by": who(recorded(record, "AnnualAppraisal.ObjectionDecided", stream, o.get("decided_on"),
                                        o.get("decision_reason"))) if o.get("decided_on") else DASH}
            for o in objections]
    revised = [{**r, "corrected": corrected.get(id(r), DASH),
                "decided_by": who(recorded(record, "AnnualAppraisal.Revised", stream, r.get("decided_on"), r.get("reason")))}
               for r in revisions]
    return (part("h4", "异议", "Objections", grid(rows, OBJECTIONS, lambda o: f"objection {o.get('outcome') or ''}"))
            + part("h4", "定案后修订", "Revisions after final", grid(revised, REVISIONS, lambda _: "revision")))


def _attributed(entries: Sequence[Item], decisions: Sequence[Item]) -> dict[int, str]:
    """The corrected figures of each correcting decision (by `id()`), as "KPI: old → new".

    A correction entry names the entry it corrects, not the decision: it belongs to the decision whose reason it
    carries; where it carries another and the year has one correcting decision only, to that one."""
    by_id = {e.get("entry_id"): e for e in entries}
    corrections = [e for e in entries if e.get("corrects")]
    owned: dict[int, list[Item]] = {id(d): [] for d in decisions}
    for entry in corrections:
        owner = next((d for d in decisions if entry.get("reason") in (d.get("decision_reason"), d.get("reason"))),
                     decisions[0] if len(decisions) == 1 else None)
        if owner is not None:
            owned[id(owner)].append(entry)
    return {key: "<br>".join(_corrected(e, by_id.get(e.get("corrects")) or {}) for e in found)
            for key, found in owned.items() if found}


def _corrected(entry: Item, earlier: Item) -> str:
    kind = said("entry_kind")(entry.get("kind"))
    return (f'{text(entry.get("kpi_code"))} ({kind}): {text(earlier.get("value"))} → <b>{text(entry.get("value"))}</b>'
            f' <span class="en">({escape(str(entry.get("entry_id")))} 更正 corrects {escape(str(entry.get("corrects")))})'
            "</span>")
