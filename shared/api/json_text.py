"""JSON text read a top-level element at a time, never parsed whole: a 1,000-manager roster weighs 17 MB
parsed for 3.6 MB of JSON. What json.loads accepts and refuses, these accept and refuse (the values are its
raw_decode's): `split_body` for a bulk body's items (shared/api/bulk.py), `canonical_json` for an idempotency
key's fingerprint (shared/api/routing.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def split_body(text: str, items: str) -> tuple[Any, list[int] | None]:
    """The body decoded but for the elements of its top-level array `items`, and where each of those starts in
    `text` (decoded later, one at a time); when the body is no object holding such an array, all of it decoded
    and None. What json.loads accepts and refuses, it accepts and refuses (the values are its raw_decode's)."""
    at = _space(text, 0)
    if not text.startswith("{", at):
        return json.loads(text), None
    head: dict[str, Any] = {}
    found: dict[str, list[int]] = {}

    def member(name: str, at: int) -> int:
        found.pop(name, None)  # as json.loads: the last of a name given twice is the one
        if name == items and text.startswith("[", at):
            head[name], (found[name], end) = None, _elements(text, at)
            return end
        head[name], end = _DECODER.raw_decode(text, at)
        return end

    _whole(text, _object(text, at, member))
    return head, found.get(items)


def canonical_json(raw: bytes) -> Iterator[str]:
    """`json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"))` in pieces, what an idempotency key's
    fingerprint hashes: a top-level object's arrays are decoded an element at a time, so that a 1,000-manager
    roster is never held parsed whole (17 MB for 3.6 of JSON). Raises what json.loads raises (a ValueError)."""
    text = raw.decode(json.detect_encoding(raw), "surrogatepass")
    at = _space(text, 0)
    if not text.startswith("{", at):
        yield _canonical(json.loads(text))
        return
    members: dict[str, Any] = {}
    arrays: dict[str, list[int]] = {}

    def member(name: str, at: int) -> int:
        arrays.pop(name, None)
        if text.startswith("[", at):
            members[name], (arrays[name], end) = None, _elements(text, at)
            return end
        members[name], end = _DECODER.raw_decode(text, at)
        return end

    _whole(text, _object(text, at, member))
    yield "{"
    for index, name in enumerate(sorted(members)):
        yield f'{"," * bool(index)}{_canonical(name)}:'
        if name not in arrays:
            yield _canonical(members[name])
            continue
        yield "["
        for number, start in enumerate(arrays[name]):
            yield "," * bool(number) + _canonical(_DECODER.raw_decode(text, start)[0])
        yield "]"
    yield "}"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _object(text: str, at: int, member: Callable[[str, int], int]) -> int:
    """The object whose "{" is at `at`: each member's name and where its value starts handed to `member`, which
    answers where that value ends; where the object ends, past the whitespace after it."""
    at, count = _space(text, at + 1), 0
    while not text.startswith("}", at) or count:
        if not text.startswith('"', at):
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
        name, at = _DECODER.raw_decode(text, at)
        at, count = _space(text, member(name, _past(text, at, ":"))), count + 1
        if not text.startswith(",", at):
            break
        at = _space(text, at + 1)
    return _past(text, at, "}")


def _whole(text: str, at: int) -> None:
    if at != len(text):
        raise json.JSONDecodeError("Extra data", text, at)


def _elements(text: str, at: int) -> tuple[list[int], int]:
    """Where each element of the array at `at` starts, and where the array ends."""
    starts: list[int] = []
    at = _space(text, at + 1)
    if text.startswith("]", at):
        return starts, at + 1
    while True:
        starts.append(at)
        at = _space(text, _DECODER.raw_decode(text, at)[1])
        if not text.startswith(",", at):
            return starts, _past(text, at, "]")
        at = _space(text, at + 1)


def _space(text: str, at: int) -> int:
    return _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]


def _past(text: str, at: int, delimiter: str) -> int:
    at = _space(text, at)
    if not text.startswith(delimiter, at):
        raise json.JSONDecodeError(f"Expecting '{delimiter}' delimiter", text, at)
    return _space(text, at + 1)
