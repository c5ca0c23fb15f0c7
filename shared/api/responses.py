"""Small helpers for answers: the aggregate's version as ETag, so a caller can send If-Match; long answers
rendered an item at a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fastapi import Response
from pydantic import BaseModel


def joined(items: Iterable[BaseModel]) -> bytes:
    """The JSON of `items`, comma-separated: one of `rendered`'s parts."""
    return b",".join(item.model_dump_json().encode() for item in items)


def with_version(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def rendered(head: BaseModel, field: str, items: Iterable[bytes], status_code: int,
             headers: Mapping[str, str] | None = None) -> Response:
    """`head` as JSON with `items` as its list field `field` (empty in `head`), each of `items` the JSON of one
    item or of several, comma-separated (`joined`): the response model of a 1,000-member group weighs six times
    the JSON it makes, so a caller renders its items a part at a time rather than make them all models at once.
    The same JSON as the whole model's, `field` last."""
    start = head.model_dump_json(exclude={field})
    pieces = [f'{start[:-1]}{"," if start != "{}" else ""}"{field}":['.encode()]
    for part in (part for part in items if part):
        pieces += [b","] * (len(pieces) > 1) + [part]
    pieces.append(b"]}")  # one join: the body is made once
    return Response(b"".join(pieces), status_code=status_code, headers=dict(headers or {}),
                    media_type="application/json")
