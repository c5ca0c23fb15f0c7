"""One service's public HTTP API as any client calls it: every request with a bearer token, every POST safe to retry.

A client has a default caller (`auth`); each request may be made as someone else (`by=`), as the steps of a
scenario are taken by different people.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

import httpx

from tenurectl.identity import Bearer
from tenurectl.patience import GaveUp, Patience, patiently


def new_key() -> str:
    """A fresh Idempotency-Key."""
    return f"tenurectl-{uuid.uuid4()}"


class ServiceError(Exception):
    """A service answered with an error status (its problem+json is kept), or did not answer at all."""

    def __init__(
        self, service: str, method: str, url: str, status: int | None, problem: Any, reason: str | None = None,
        by: str | None = None,
    ) -> None:
        self.service, self.method, self.url, self.status, self.problem = service, method, url, status, problem
        self.by = by  # who the request was made as, for a refusal (401, 403, 404) to be read against
        self.steps: list[str] = []  # what tenurectl was doing, outermost first
        self.log = ""  # the end of the service's log, when tenurectl started it and it failed
        reason = reason or (f"answered {status}" if status is not None else "did not answer")
        super().__init__(f"{service} service {reason}: {method} {url}")

    def describe(self) -> str:
        """The message and the problem document, for the terminal."""
        if isinstance(self.problem, (dict, list)):
            body = json.dumps(self.problem, ensure_ascii=False, indent=1)
        else:
            body = str(self.problem)
        during = f" while {': '.join(self.steps)}" if self.steps else ""
        by = f" as {self.by}" if self.by else ""
        log = f"\nthe end of the {self.service} service's log:\n{self.log}" if self.log else ""
        return f"{self}{by}{during}\n{body}{log}"


@contextmanager
def doing(what: str) -> Iterator[None]:
    """Name the step under way in any ServiceError raised inside, so the message says where the run stopped."""
    try:
        yield
    except ServiceError as error:
        error.steps.insert(0, what)
        raise


class ServiceClient:
    def __init__(
        self, name: str, base_url: str, auth: Bearer | None = None, timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None, patience: Patience | None = None,
    ) -> None:
        """`auth`: who requests are made as unless one says otherwise; without it, a request names its caller.
        `patience`: how long a request is sent again, and how long the waits on this service may see no progress."""
        self.name, self.auth, self.patience = name, auth, patience or Patience()
        self.http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def post(self, path: str, body: dict[str, Any], key: str | None = None, *, by: Bearer | None = None) -> Any:
        """POST a command; a lost answer is retried under the same key, so it takes effect once.

        A caller that sends the same command again later (polling until the service can accept it) passes its
        own `key`, made by `new_key()`: a refusal is not remembered under a key, a success is, once.
        """
        key, auth = key or new_key(), self._caller(by)
        # no answer, 503 or 409 + Retry-After: the very same request (same key) again, within patience.retry_for
        response = self._patiently("POST", path, auth, lambda: self.http.post(
            path, json=body, headers={"Idempotency-Key": key}, auth=auth))
        return self._answer(response, auth)

    def upload(self, path: str, files: dict[str, tuple[str, bytes]], data: dict[str, str], *,
               by: Bearer | None = None) -> Any:
        """POST a file (multipart with form fields), retried as `post` retries a command, under one key."""
        key, auth = new_key(), self._caller(by)
        response = self._patiently("POST", path, auth, lambda: self.http.post(
            path, files=files, data=data, headers={"Idempotency-Key": key}, auth=auth))
        return self._answer(response, auth)

    def get(self, path: str, params: dict[str, Any] | None = None, *, by: Bearer | None = None) -> Any:
        auth = self._caller(by)
        return self._answer(self._get(path, params, auth), auth)

    def get_text(self, path: str, params: dict[str, Any] | None = None, *, by: Bearer | None = None) -> str:
        """A page (HTML) rather than JSON."""
        auth = self._caller(by)
        response = self._get(path, params, auth)
        if not response.is_success:
            self._answer(response, auth)
        return response.text

    def get_if_found(self, path: str, *, by: Bearer | None = None) -> Any | None:
        """The answer, or None while the resource does not exist (404), or is not within the caller's reach."""
        auth = self._caller(by)
        response = self._get(path, None, auth)
        return None if response.status_code == 404 else self._answer(response, auth)

    def _caller(self, by: Bearer | None) -> Bearer:
        auth = by or self.auth
        if auth is None:
            raise ValueError(f"a request to the {self.name} service needs a caller: by=Bearer(...)")
        return auth

    def _get(self, path: str, params: dict[str, Any] | None, auth: Bearer) -> httpx.Response:
        return self._patiently("GET", path, auth, lambda: self.http.get(path, params=params, auth=auth))

    def _patiently(self, method: str, path: str, auth: Bearer, send: Any) -> httpx.Response:
        try:
            return patiently(self.name, send, self.patience.retry_for)
        except GaveUp as gave_up:
            raise ServiceError(self.name, method, self._url(path), None, gave_up.why, by=auth.who) from None

    def _answer(self, response: httpx.Response, auth: Bearer) -> Any:
        if response.is_success:
            return response.json()
        try:
            problem: Any = response.json()
        except ValueError:
            problem = response.text
        request = response.request
        raise ServiceError(self.name, request.method, str(request.url), response.status_code, problem, by=auth.who)

    def _url(self, path: str) -> str:
        return f"{self.http.base_url}".rstrip("/") + path

