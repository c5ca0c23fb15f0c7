"""Small helpers for answers: the aggregate's version as ETag, so a caller can send If-Match."""

from __future__ import annotations

from fastapi import Response


def with_version(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'
