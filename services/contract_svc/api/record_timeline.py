"""The tenure record's timeline: the tenure span, year ticks and one lane of markers per kind of event, as SVG."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from html import escape
from typing import Any

from shared.domain.translations import ZH

# (category, 中文, English, colour), top to bottom; "measure" and "record" entries are listed, not drawn.
LANES = tuple((category, ZH["category"][category], en, colour) for category, en, colour in (
    ("signature", "Signatures", "#1f6feb"), ("appraisal", "Appraisals", "#8250df"), ("grade", "Grades", "#b35900"),
    ("warning", "Warnings", "#cf222e"), ("payment", "Payments", "#1a7f37"), ("decision", "Decisions", "#0b6e79"),
))
DRAWN = frozenset(lane[0] for lane in LANES)
# Geometry in SVG units: width, label column, right margin, year axis, tenure bar, lane height, legend row.
WIDTH, LEFT, RIGHT, AXIS, BAR, LANE, LEGEND = 1000, 150, 16, 26, 24, 30, 44
Span = tuple[date, date]  # first day drawn, and the day after the last
Term = tuple[date, date, str, date | None]  # first day, last day agreed, name, the day it ended early (else None)

TIMELINE_CSS = """
svg text { font-family: inherit; font-size: 11px; fill: #1f2328; } svg .tl-term { fill: #ffffff; font-size: 10.5px; }
svg .tl-year { font-weight: 600; fill: #444c56; } svg .tl-lane { font-size: 11.5px; }
svg .tl-legend { font-size: 10.5px; } svg .tl-asof { fill: #cf222e; font-size: 10px; } svg .event:hover { stroke: #1f2328; stroke-width: 2; }
"""


def parse_day(value: Any) -> date | None:
    """The ISO day at the start of `value`, or None when there is none."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def drawn_entries(timeline: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The entries that get a marker: those of a drawn lane, each on its day (entry_day)."""
    return [e for e in timeline if e.get("category") in DRAWN and parse_day(entry_day(e)) is not None]


def entry_day(entry: Mapping[str, Any]) -> str:
    """The day an entry is placed on: its business date, or, for an event that carries none, its recorded day."""
    return str(entry.get("date") or entry.get("effective_date") or entry.get("recorded_at") or "")[:10]


def render_timeline(record: Mapping[str, Any]) -> str:
    """The `<svg id="timeline">` of the record, or an empty frame saying there is nothing dated to draw.

    The picture spans the tenures, widened to every drawn entry (a payment can follow the end of the term)."""
    entries = drawn_entries(record.get("timeline") or [])
    terms = [t for t in (_term(entry.get("tenure") or {}) for entry in record.get("tenures") or []) if t]
    known = [d for term in terms for d in term[:2]] + [date.fromisoformat(entry_day(e)) for e in entries]
    if not known:
        label = "任期时间轴：无可绘制的事件 / Tenure timeline: no dated events"
        return (f'<svg id="timeline" role="img" aria-label="{label}" viewBox="0 0 {WIDTH} 40" width="100%" '
                f'xmlns="http://www.w3.org/2000/svg"><text x="{WIDTH / 2}" y="24" text-anchor="middle">{label}</text></svg>')
    return _chart(_span(min(known), max(known)), terms, entries, record.get("as_of"))


def _term(tenure: Mapping[str, Any]) -> Term | None:
    start, end = parse_day(tenure.get("start")), parse_day(tenure.get("end"))
    if start is None or end is None:
        return None
    ended = parse_day(tenure.get("ended_on"))
    cut = ended if ended is not None and start <= ended < end else None
    return start, end, f"第{tenure.get('term_number', '?')}任期 Term {tenure.get('term_number', '?')}", cut


def _span(first: date, last: date) -> Span:
    """Whole months around the first and last day, so that markers at the edges stay inside the frame."""
    start = first.replace(day=1)
    after = (last.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start, after


def _chart(span: Span, terms: list[Term], entries: list[Mapping[str, Any]], as_of: Any) -> str:
    lanes_top = AXIS + BAR + 8
    height = lanes_top + LANE * len(LANES) + LEGEND
    counts = Counter(e["category"] for e in entries)
    summary = ", ".join(f"{counts[c]} {en.lower()}" for c, _, en, _ in LANES)
    label = f"任期时间轴 / Tenure timeline {span[0]} – {span[1] - timedelta(days=1)}: {summary}"
    opening = (f'<svg id="timeline" role="img" aria-label="{escape(label)}" viewBox="0 0 {WIDTH} {height}" '
               'width="100%" xmlns="http://www.w3.org/2000/svg">')
    parts = [
        opening,
        *_years(span, height - LEGEND),
        *_terms(span, terms),
        *_lanes(lanes_top),
        *_markers(span, entries, lanes_top),
        *_as_of(span, as_of, height - LEGEND),
        *_legend(counts, height - 10),
        "</svg>",
    ]
    return "".join(parts)


def _x(span: Span, day: date) -> float:
    total = max((span[1] - span[0]).days, 1)
    return round(LEFT + (day - span[0]).days / total * (WIDTH - LEFT - RIGHT), 1)


def _years(span: Span, bottom: int) -> list[str]:
    """Alternate shading per calendar year, a tick at each 1 January, the year's number over its stretch."""
    out = []
    for index, year in enumerate(range(span[0].year, span[1].year + 1)):
        left, right = _x(span, max(span[0], date(year, 1, 1))), _x(span, min(span[1], date(year + 1, 1, 1)))
        if right - left < 1:
            continue
        shade = "#f4f6f8" if index % 2 else "#ffffff"
        out.append(f'<rect x="{left}" y="{AXIS - 6}" width="{round(right - left, 1)}" height="{bottom - AXIS + 6}" '
                   f'fill="{shade}"/>')
        if span[0] < date(year, 1, 1):
            out.append(f'<line class="tick" x1="{left}" y1="{AXIS - 10}" x2="{left}" y2="{bottom}" stroke="#8c959f"/>')
        if right - left >= 36:
            out.append(f'<text class="tl-year" x="{round((left + right) / 2, 1)}" y="{AXIS - 12}" '
                       f'text-anchor="middle">{year}</text>')
    return out


def _terms(span: Span, terms: list[Term]) -> list[str]:
    out = [f'<text class="tl-lane" x="8" y="{AXIS + BAR / 2 + 4}">任期 Tenure</text>']
    for start, end, name, cut in terms:
        last = cut or end
        left, right = _x(span, start), _x(span, last + timedelta(days=1))
        about = escape(f"{name} · {start} – {last}" + (f" (原定 agreed {end})" if cut else ""))
        out.append(f'<rect class="tenure-span" x="{left}" y="{AXIS + 2}" width="{round(right - left, 1)}" '
                   f'height="{BAR - 4}" rx="3" fill="#24292f" data-end="{last}"><title>{about}</title></rect>')
        out.append(f'<text class="tl-term" x="{left + 6}" y="{AXIS + BAR / 2 + 4}">{about}</text>')
        if cut:
            out += _cut(span, cut, end)
    return out


def _cut(span: Span, cut: date, end: date) -> list[str]:
    """A tenure ended early: the rest of the agreed term as an empty outline, and the exit day marked."""
    left, right = _x(span, cut + timedelta(days=1)), _x(span, end + timedelta(days=1))
    about = escape(f"退出 exit {cut} · 原定届满 agreed end {end}")
    return [f'<rect class="tenure-cut" x="{left}" y="{AXIS + 2}" width="{round(right - left, 1)}" height="{BAR - 4}" '
            f'rx="3" fill="none" stroke="#8c959f" stroke-dasharray="4 3" data-from="{cut}" data-to="{end}">'
            f"<title>{about}</title></rect>",
            f'<line class="tenure-exit" x1="{left}" y1="{AXIS - 4}" x2="{left}" y2="{AXIS + BAR + 2}" stroke="#cf222e" '
            f'stroke-width="2"/><text class="tl-asof" x="{left + 4}" y="{AXIS + BAR / 2 + 4}">退出 exit {cut}</text>']


def _lanes(top: int) -> list[str]:
    out = []
    for index, (_, zh, en, colour) in enumerate(LANES):
        middle = top + index * LANE + LANE / 2
        out.append(f'<line x1="{LEFT}" y1="{middle}" x2="{WIDTH - RIGHT}" y2="{middle}" stroke="#d0d7de" '
                   'stroke-dasharray="2 3"/>')
        out.append(f'<circle cx="14" cy="{middle}" r="5" fill="{colour}"/>')
        out.append(f'<text class="tl-lane" x="26" y="{middle + 4}">{zh} {en}</text>')
    return out


def _markers(span: Span, entries: list[Mapping[str, Any]], top: int) -> list[str]:
    """One circle per entry; entries of one lane on one day are spread vertically so each stays visible."""
    lanes = {c: (i, colour) for i, (c, _, _, colour) in enumerate(LANES)}
    same_day = Counter((e["category"], entry_day(e)) for e in entries)
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for entry in entries:
        key = (entry["category"], entry_day(entry))
        index, colour = lanes[entry["category"]]
        crowd, position = same_day[key], seen[key]
        seen[key] += 1
        step = min(7.0, 20 / max(crowd - 1, 1))
        cy = round(top + index * LANE + LANE / 2 + (position - (crowd - 1) / 2) * step, 1)
        day = key[1] if entry.get("effective_date") else f"{key[1]} 记录日 recorded on"  # no business date: placed there
        tip = " · ".join(str(v) for v in (day, entry.get("type"), entry.get("actor"), entry.get("reason")) if v)
        out.append(f'<circle class="event event-{entry["category"]}" data-type="{escape(str(entry.get("type", "")))}" '
                   f'data-date="{key[1]}" cx="{_x(span, date.fromisoformat(key[1]))}" cy="{cy}" r="4.5" '
                   f'fill="{colour}" stroke="#ffffff" stroke-width="1"><title>{escape(tip)}</title></circle>')
    return out


def _as_of(span: Span, as_of: Any, bottom: int) -> list[str]:
    """A dashed line at the as-of day when it falls inside the picture."""
    day = parse_day(as_of)
    if day is None or not span[0] <= day < span[1]:
        return []
    x = _x(span, day)
    return [f'<line x1="{x}" y1="{AXIS}" x2="{x}" y2="{bottom + 4}" stroke="#cf222e" stroke-dasharray="4 3"/>',
            f'<text class="tl-asof" x="{x}" y="{bottom + 15}" text-anchor="middle">截至 as of {day}</text>']


def _legend(counts: Counter[str], y: float) -> list[str]:
    out, x = [], float(LEFT)
    for category, zh, en, colour in LANES:
        out.append(f'<circle cx="{x + 5}" cy="{y - 4}" r="5" fill="{colour}"/>')
        out.append(f'<text class="tl-legend" x="{x + 14}" y="{y}">{zh} {en} ({counts[category]})</text>')
        x += 140
    return out

