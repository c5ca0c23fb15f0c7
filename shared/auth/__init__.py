"""Who is asking, and what they may do: OpenID Connect bearer tokens, roles bound to enterprises, and signed
messages between the services.

- `tokens.py` verifies a bearer token (PyJWT, keys from the issuer's JWKS or the local issuer's key file);
- `principal.py` is what a verified token says: subject, display name, roles per enterprise, manager code;
- `policy.py` holds which role may do what (pycasbin, `policy.csv`), `scope.py` what a route touches;
- `local.py` is the development issuer: a key made in the data folder, tokens minted by `tenurectl token`;
- `messages.py` signs and checks outbox messages (HMAC-SHA256 over time, receiver and body, per pair).
"""
