"""Small helpers for answers: the aggregate's version as ETag, so a caller can send If-Match; long answers
rendered an item at a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fastapi import Response
from pydantic import BaseModel


def with_version(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def rendered(head: BaseModel, field: str, items: Iterable[BaseModel], status_code: int,
             headers: Mapping[str, str] | None = None) -> Response:
    """`head` as JSON with `items` as its list field `field` (empty in `head`), each item made and rendered in
    turn: the response model of a 1,000-member group weighs six times the JSON it makes, so its members are
    never all models at once. The same JSON as the whole model's, `field` last."""
    start = head.model_dump_json(exclude={field})
    parts = [start[:-1].encode(), b',' if start != "{}" else b"", f'"{field}":['.encode()]
    parts += [b",".join(item.model_dump_json().encode() for item in items), b"]}"]
    return Response(b"".join(parts), status_code=status_code, headers=dict(headers or {}),
                    media_type="application/json")
