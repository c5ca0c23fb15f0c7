"""The local issuer of the embedded default: a signing key made on first run, trusted by the services.

It exists so that two commands run the system on a fresh machine; settings refuse it outside development,
like a default secret. The key lives in the auth folder (`TENURE_AUTH_DIR`, else `<data_dir>/auth`), readable
by its owner only; every service and `tenurectl token` on the machine use the same folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

LOCAL_ISSUER = "urn:tenure:local-issuer"
SERVICES = ("contract", "appraisal", "payroll")
KEY_FILE = "local-signing-key.pem"
MESSAGE_KEY_FILE = "message-master.key"


def audience(service: str) -> str:
    """Each service is its own audience: a token for payroll does not open the contract service."""
    return f"tenure-{service}"


def _write_once(path: Path, content: bytes) -> None:
    """Create the file with owner-only rights unless another process made it first (three services start at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as out:
        out.write(content)


class LocalIssuer:
    """Signs development tokens with an ES256 key kept in `folder`, and publishes its JWKS."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        key_path = self.folder / KEY_FILE
        if not key_path.exists():
            pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            _write_once(key_path, pem)
        self._key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        public = json.loads(ECAlgorithm.to_jwk(self._key.public_key()))  # type: ignore[arg-type]
        self.kid = jwt.utils.base64url_encode(  # RFC 7638 thumbprint, shortened: stable for one key
            hashlib.sha256(
                json.dumps({k: public[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":")).encode()
            ).digest()
        ).decode()[:16]
        self.jwk = {**public, "kid": self.kid, "alg": "ES256", "use": "sig"}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk]}

    def mint(
        self,
        subject: str,
        *,
        name: str | None = None,
        roles: Iterable[str] = (),
        manager_code: str | None = None,
        audiences: Sequence[str] = tuple(audience(s) for s in SERVICES),
        ttl_seconds: int = 8 * 3600,
        issuer: str = LOCAL_ISSUER,
        now: float | None = None,
        **extra: Any,
    ) -> str:
        """A signed token with the claims the services read (see docs/identity.md)."""
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {
            "iss": issuer,
            "sub": subject,
            "aud": list(audiences),
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl_seconds,
            "jti": str(uuid.uuid4()),
            "name": name or subject,
            "tenure_roles": list(roles),
            **extra,
        }
        if manager_code:
            claims["manager_code"] = manager_code
        return jwt.encode(claims, self._key, algorithm="ES256", headers={"kid": self.kid})  # type: ignore[arg-type]

    def message_master_key(self) -> bytes:
        """The secret the local default derives each service pair's message secret from."""
        path = self.folder / MESSAGE_KEY_FILE
        if not path.exists():
            _write_once(path, secrets.token_hex(32).encode())
        return path.read_bytes().strip()
