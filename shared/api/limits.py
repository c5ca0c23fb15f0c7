"""Guards in front of every route: a body-size limit that answers 413 before anything is parsed, and the
headers that keep answers (personal data, reports, exports) out of caches and away from content sniffing."""

from __future__ import annotations

import codecs
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
    (b"content-security-policy",
     b"default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; "
     b"form-action 'none'"),
    (b"referrer-policy", b"no-referrer"),
]


class BodyLimit:
    """413 problem+json for a body above the limit, by its Content-Length or by counting a streamed body."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_upload_bytes: int, bulk_paths: tuple[str, ...] = ()) -> None:
        self.app, self.max_bytes, self.max_upload_bytes = app, max_bytes, max_upload_bytes
        self.bulk_paths = bulk_paths  # path endings of bulk commands: their bodies may be as large as uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        bulk = multipart or (bool(self.bulk_paths) and str(scope.get("path", "")).endswith(self.bulk_paths))
        limit = self.max_upload_bytes if bulk else self.max_bytes
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, limit)
            return
        seen = 0
        utf8 = codecs.getincrementaldecoder("utf-8")() if headers.get(b"content-type", b"").startswith(
            b"application/json") else None

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                seen += len(chunk)
                if seen > limit:  # a streamed body without Content-Length: stop reading, answer 413
                    raise HTTPException(413, f"the body is larger than {limit} bytes")
                if utf8 is not None:
                    try:
                        utf8.decode(chunk, final=not message.get("more_body", False))
                    except UnicodeDecodeError:
                        raise HTTPException(422, "the JSON body is not valid UTF-8") from None
            return message

        await self.app(scope, counted, send)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    body = json.dumps({
        "type": "https://tenure.example/problems/payload-too-large", "title": "The request body is too large",
        "status": 413, "detail": f"the body is larger than {limit} bytes", "instance": scope.get("path", ""),
        "field": "body", "rule": "max_body_bytes",
    }).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS,
    ]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """nosniff, no-store and a strict Content-Security-Policy on every answer but the interactive docs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(DOCS_PATHS):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)
