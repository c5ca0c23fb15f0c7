"""Bearer token verification: signature (RS256/ES256) against the issuer's keys, then iss, aud, exp, nbf.

Keys come from the issuer's JWKS URL (PyJWT's `PyJWKClient`: cached, refetched when a token names a `kid` it
does not know) or, in development, from the local issuer's key file. Fetching is blocking I/O, so it runs in
a worker thread, never on the event loop. A verified token is kept in a small cache until it expires, so a
client that sends the same token again costs a dictionary look-up, not a signature check.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import jwt

from shared.auth.principal import Principal
from shared.errors import AuthenticationError, ServiceUnavailableError

ALGORITHMS = ("RS256", "ES256")
CACHE_SIZE = 4096
MAX_TOKEN_LENGTH = 16_384


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        jwks: dict[str, Any] | None = None,
        roles_claim: str = "tenure_roles",
        leeway_seconds: int = 30,
        algorithms: Sequence[str] = ALGORITHMS,
        refetch_cooldown_seconds: float = 30,
    ) -> None:
        """`refetch_cooldown_seconds`: an unknown `kid` fetches the JWKS again at most this often, so that
        tokens naming made-up keys cannot make the service hammer the identity provider."""
        if not (jwks_url or jwks):
            raise ValueError("a token verifier needs the issuer's JWKS (a URL or the keys)")
        self.issuer, self.audience, self.roles_claim = issuer, audience, roles_claim
        self._leeway, self._algorithms = leeway_seconds, list(algorithms)
        self._client = jwt.PyJWKClient(
            jwks_url, cache_keys=True, lifespan=3600, timeout=5, cooldown_duration=refetch_cooldown_seconds
        ) if jwks_url else None
        self._static = {k.key_id: k for k in jwt.PyJWKSet.from_dict(jwks).keys} if jwks else {}
        self._cache: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    async def principal(self, token: str) -> Principal:
        """Who the token says the caller is; AuthenticationError (401) for anything not to be trusted."""
        cached = self._cache.get(token)
        if cached is not None and cached[0] > time.time():
            self._cache.move_to_end(token)
            return cached[1]
        if len(token) > MAX_TOKEN_LENGTH:
            raise AuthenticationError("the bearer token is too long", field="Authorization", rule="token_length")
        key = await self._signing_key(token)
        claims = self._decode(token, key)
        principal = Principal.from_claims(claims, self.roles_claim)
        self._cache[token] = (float(claims["exp"]), principal)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return principal

    async def _signing_key(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthenticationError(f"the bearer token is not a JWT: {error}", field="Authorization", rule="token_format") from None
        if header.get("alg") not in self._algorithms:
            raise AuthenticationError(f"tokens signed with {header.get('alg')!r} are not accepted",
                                      field="Authorization", rule="token_algorithm")
        kid = header.get("kid")
        if kid in self._static:
            return self._static[kid].key
        if self._client is None:
            raise AuthenticationError("the token is signed with a key this service does not trust",
                                      field="Authorization", rule="token_key")
        try:
            return (await asyncio.to_thread(self._client.get_signing_key_from_jwt, token)).key
        except jwt.PyJWKClientConnectionError:
            raise ServiceUnavailableError("the identity provider's keys cannot be fetched; retry shortly",
                                          rule="identity_provider_unreachable") from None
        except jwt.PyJWTError as error:
            raise AuthenticationError(f"the token's signing key is unknown: {error}",
                                      field="Authorization", rule="token_key") from None

    def _decode(self, token: str, key: Any) -> dict[str, Any]:
        try:
            return jwt.decode(
                token, key, algorithms=self._algorithms, audience=self.audience, issuer=self.issuer,
                leeway=self._leeway, options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError("the bearer token has expired", field="Authorization", rule="token_expired") from None
        except jwt.ImmatureSignatureError:
            raise AuthenticationError("the bearer token is not valid yet", field="Authorization", rule="token_not_yet_valid") from None
        except jwt.InvalidAudienceError:
            raise AuthenticationError(f"the bearer token is not for {self.audience}", field="Authorization",
                                      rule="token_audience") from None
        except jwt.InvalidIssuerError:
            raise AuthenticationError("the bearer token is from an issuer this service does not trust",
                                      field="Authorization", rule="token_issuer") from None
        except jwt.PyJWTError as error:
            raise AuthenticationError(f"the bearer token is not valid: {error}", field="Authorization",
                                      rule="token_invalid") from None
