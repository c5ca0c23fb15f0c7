"""One service's public HTTP API as the group ERP calls it: every command signed, every POST safe to retry."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

import httpx

ACTOR = "tenurectl"
RETRIES = 3  # a POST that got no answer is sent again with the same Idempotency-Key
log = logging.getLogger("tenurectl")


def new_key() -> str:
    """A fresh Idempotency-Key."""
    return f"tenurectl-{uuid.uuid4()}"


class ServiceError(Exception):
    """A service answered with an error status (its problem+json is kept), or did not answer at all."""

    def __init__(
        self, service: str, method: str, url: str, status: int | None, problem: Any, reason: str | None = None
    ) -> None:
        self.service, self.method, self.url, self.status, self.problem = service, method, url, status, problem
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
        log = f"\nthe end of the {self.service} service's log:\n{self.log}" if self.log else ""
        return f"{self}{during}\n{body}{log}"


@contextmanager
def doing(what: str) -> Iterator[None]:
    """Name the step under way in any ServiceError raised inside, so the message says where the run stopped."""
    try:
        yield
    except ServiceError as error:
        error.steps.insert(0, what)
        raise


class ServiceClient:
    def __init__(self, name: str, base_url: str, timeout: float = 30.0, transport: httpx.BaseTransport | None = None):
        self.name = name
        self.http = httpx.Client(base_url=base_url, headers={"X-Actor": ACTOR}, timeout=timeout, transport=transport)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def post(self, path: str, body: dict[str, Any], key: str | None = None) -> Any:
        """POST a command; a lost answer is retried under the same key, so it takes effect once.

        A caller that sends the same command again later (polling until the service can accept it) passes its
        own `key`, made by `new_key()`: a refusal is not remembered under a key, a success is, once.
        """
        key = key or new_key()
        for attempt in range(1, RETRIES + 1):
            try:
                response = self.http.post(path, json=body, headers={"Idempotency-Key": key})
            except httpx.TransportError as error:
                if attempt == RETRIES:
                    raise ServiceError(self.name, "POST", self._url(path), None, repr(error)) from None
                log.debug("%s: POST %s got no answer (%s); retrying", self.name, path, error)
                time.sleep(0.2 * attempt)
                continue
            return self._answer(response)
        raise AssertionError("unreachable")

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._answer(self._get(path, params))

    def get_text(self, path: str, params: dict[str, Any] | None = None) -> str:
        """A page (HTML) rather than JSON."""
        response = self._get(path, params)
        if not response.is_success:
            self._answer(response)
        return response.text

    def get_if_found(self, path: str) -> Any | None:
        """The answer, or None while the resource does not exist (404)."""
        response = self._get(path, None)
        return None if response.status_code == 404 else self._answer(response)

    def _get(self, path: str, params: dict[str, Any] | None) -> httpx.Response:
        try:
            return self.http.get(path, params=params)
        except httpx.TransportError as error:
            raise ServiceError(self.name, "GET", self._url(path), None, repr(error)) from None

    def _answer(self, response: httpx.Response) -> Any:
        if response.is_success:
            return response.json()
        try:
            problem: Any = response.json()
        except ValueError:
            problem = response.text
        raise ServiceError(self.name, response.request.method, str(response.request.url), response.status_code, problem)

    def _url(self, path: str) -> str:
        return f"{self.http.base_url}".rstrip("/") + path
