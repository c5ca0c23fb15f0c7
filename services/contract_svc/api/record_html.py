"""The small pieces the tenure record page is built from: escaped text, money, headings, facts and tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from shared.domain.translations import in_chinese

DASH = '<span class="none">—</span>'
EMPTY = f'<p class="empty">{DASH}</p>'
Item = Mapping[str, Any]
Field = tuple[str, str, str | Callable[[Item], str]]  # 中文, English, the item's key or a function giving HTML


def text(value: Any) -> str:
    """Escaped text; an unknown value reads as a dash, so an empty field is visibly empty rather than missing."""
    if value is None or value == "" or value == [] or value == {}:
        return DASH
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    return escape(str(value))


def money(value: Any) -> str:
    try:
        return f'<span class="num">{escape(f"{Decimal(str(value)):,}")}</span>' if value is not None else DASH
    except InvalidOperation:
        return text(value)


def said(kind: str) -> Callable[[Any], str]:
    """A code of `kind` in both languages, "中文 code" (shared/domain/translations.py); unknown codes as they are."""
    def both(value: Any) -> str:
        words = in_chinese(kind, value) if isinstance(value, str) else None
        return f"{escape(words)} {escape(value)}" if words else text(value)
    return both


grade = said("grade")


def code_of(key: str, kind: str) -> Callable[[Item], str]:
    """The item's code at `key`, in both languages."""
    show = said(kind)
    return lambda item: show(item.get(key))


def money_of(key: str) -> Callable[[Item], str]:
    return lambda item: money(item.get(key))


def bold(key: str, show: Callable[[Any], str] = text) -> Callable[[Item], str]:
    return lambda item: f"<b>{show(item.get(key))}</b>"


def joined(*keys: str, sep: str = " · ") -> Callable[[Item], str]:
    """The item's values at `keys` (a nested object or list gives its values) as one line."""
    def get(item: Item) -> str:
        found = [item.get(k) for k in keys]
        flat = [v for f in found for v in (f.values() if isinstance(f, Mapping) else f if isinstance(f, list) else [f])]
        return text(sep.join(str(v) for v in flat if v not in (None, "")))
    return get


def moment(value: Any) -> str:
    try:
        return text(datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M:%S %Z").strip()) if value else DASH
    except ValueError:
        return text(value)


def cell(item: Item, get: str | Callable[[Item], str]) -> str:
    return text(item.get(get)) if isinstance(get, str) else get(item)


def facts(item: Item | None, fields: Iterable[Field]) -> str:
    """A grid of labelled facts of `item`; a dash when there is no item at all."""
    if not item:
        return EMPTY
    cells = "".join(f"<div><dt>{zh} {en}</dt><dd>{cell(item, get)}</dd></div>" for zh, en, get in fields)
    return f'<dl class="facts">{cells}</dl>'


def grid(items: Sequence[Item], columns: Sequence[Field], row_class: Callable[[Item], str] = lambda _: "",
          foot: str = "") -> str:
    """A table of `items`, one row each, and an optional footer row; a dash when there are none."""
    if not items:
        return EMPTY
    head = "".join(f'<th>{zh}<br><span class="en">{en}</span></th>' for zh, en, _ in columns)
    rows = "".join(f'<tr class="{row_class(i)}">{"".join(f"<td>{cell(i, get)}</td>" for _, _, get in columns)}</tr>'
                   for i in items)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>{foot}</table>"


def heading(tag: str, zh: str, en: str, extra: str = "") -> str:
    return f'<{tag}>{escape(zh)} <span class="en">/ {escape(en)}</span>{extra}</{tag}>'


def part(tag: str, zh: str, en: str, body: str) -> str:
    """A headed part; an empty one says so on its heading line rather than taking a line of its own."""
    return heading(tag, zh, en, f" {DASH}") if body == EMPTY else heading(tag, zh, en) + body
