"""Tokens of a real identity provider: keys from its JWKS URL, fetched off the event loop, cached, fetched
again for a key id the cache does not know (a rotation), and a provider that does not answer is a 503."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.auth.local import LocalIssuer
from shared.auth.tokens import TokenVerifier
from shared.errors import AuthenticationError, ServiceUnavailableError
from shared.settings import ServiceSettings

ISSUER = "https://idp.example/realms/tenure"


class JwksServer:
    """An HTTP server publishing a JWKS that a test can change, counting how often it is asked."""

    def __init__(self) -> None:
        self.keys: list[dict] = []
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                outer.requests += 1
                body = json.dumps({"keys": outer.keys}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/protocol/openid-connect/certs"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def idp() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.server.shutdown()


def verifier(url: str) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, audience="tenure-payroll", jwks_url=url, refetch_cooldown_seconds=0)


async def test_a_token_of_the_identity_provider_is_verified_against_its_published_keys(idp, tmp_path: Path) -> None:
    key = LocalIssuer(tmp_path / "k1")
    idp.keys = [key.jwk]
    principal = await verifier(idp.url).principal(key.mint("u-7", name="刘会计", roles=["payroll_officer@E1"], issuer=ISSUER))
    assert (principal.subject, principal.name, principal.roles()) == ("u-7", "刘会计", ["payroll_officer@E1"])


async def test_a_rotated_key_is_fetched_again_once_and_then_served_from_the_cache(idp, tmp_path: Path) -> None:
    old, new = LocalIssuer(tmp_path / "old"), LocalIssuer(tmp_path / "new")
    idp.keys = [old.jwk]
    check = verifier(idp.url)
    await check.principal(old.mint("u-1", roles=["auditor@*"], issuer=ISSUER))
    asked = idp.requests
    idp.keys = [old.jwk, new.jwk]  # the provider rotates: the new key signs from now on
    await check.principal(new.mint("u-2", roles=["auditor@*"], issuer=ISSUER))
    assert idp.requests == asked + 1
    await check.principal(new.mint("u-3", roles=["auditor@*"], issuer=ISSUER))
    assert idp.requests == asked + 1  # the key is cached now


async def test_a_key_the_provider_does_not_publish_is_refused(idp, tmp_path: Path) -> None:
    idp.keys = [LocalIssuer(tmp_path / "published").jwk]
    stranger = LocalIssuer(tmp_path / "stranger")
    with pytest.raises(AuthenticationError) as refused:
        await verifier(idp.url).principal(stranger.mint("u-9", roles=["auditor@*"], issuer=ISSUER))
    assert refused.value.rule == "token_key"


async def test_an_identity_provider_that_does_not_answer_is_an_outage_not_a_refusal(tmp_path: Path) -> None:
    token = LocalIssuer(tmp_path / "k").mint("u-1", roles=["auditor@*"], issuer=ISSUER)
    with pytest.raises(ServiceUnavailableError) as outage:
        await verifier("http://127.0.0.1:9/certs").principal(token)
    assert outage.value.status == 503 and outage.value.headers["Retry-After"]


def test_the_local_issuer_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="local token issuer is for development only"):
        ServiceSettings(environment="production")


def test_production_needs_message_secrets_as_well_as_an_issuer() -> None:
    with pytest.raises(ValidationError, match="message secrets"):
        ServiceSettings(environment="production", auth_issuer=ISSUER, auth_jwks_url="https://idp.example/certs")
    ServiceSettings(environment="production", auth_issuer=ISSUER, auth_jwks_url="https://idp.example/certs",
                    message_secrets={"contract->payroll": "s" * 32})
