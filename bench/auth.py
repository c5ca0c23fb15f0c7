"""What checking a bearer token costs per request, in µs: the verifier alone, and over HTTP, in one run.

* verify_cold: `shared.auth.tokens.TokenVerifier.principal` on `--tokens` distinct fresh tokens of the local
  issuer (ES256), one after another: every one a cache miss, so each pays the header parse, the signature
  check, the claims (iss, aud, exp, nbf) and the Principal. This is a client's first request with a new token.
* verify_warm: the same token `--tokens` times: after the first, the verifier's cache answers (until expiry).
* http: the contract service as a real uvicorn process on a fresh SQLite file, one keep-alive `httpx.Client`,
  `--requests` rounds of three requests each, interleaved so that they share the same conditions:
  `GET /health` (no token, no database), `GET /enterprises` with one token sent again and again (warm), and
  `GET /enterprises` with a token never sent before (cold). The list is empty: the request is authentication,
  the policy check and a small query.

Prints each figure (mean, p50, p99 in µs), then the ratios of the medians, then
`verify_cold_us=<a> verify_warm_us=<b> http_token_cold_extra_us=<c>` (medians; the last is the cold GET's
median less the warm GET's).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from deploy.processes import free_port, running  # noqa: E402
from deploy.services import by_name  # noqa: E402
from shared.auth.local import LOCAL_ISSUER, LocalIssuer, audience  # noqa: E402
from shared.auth.tokens import TokenVerifier  # noqa: E402
from tenurectl.processes import run_auth_dir, service_env  # noqa: E402

ROLES = ["auditor@*"]  # reads enterprises anywhere: no directory look-up, the cheapest authorised request


class Figures:
    """Microseconds per call of one kind."""

    def __init__(self, name: str, seconds: list[float]) -> None:
        self.name, self.us = name, [s * 1e6 for s in seconds]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.us)

    @property
    def p50(self) -> float:
        return statistics.median(self.us)

    def line(self) -> str:
        p99 = statistics.quantiles(self.us, n=100)[98]
        return f"{self.name:<22} n={len(self.us):<6} mean_us={self.mean:9.1f} p50_us={self.p50:9.1f} p99_us={p99:9.1f}"


def fresh_tokens(issuer: LocalIssuer, count: int) -> list[str]:
    return [issuer.mint(f"bench-{i}", name="bench", roles=ROLES) for i in range(count)]


async def verifications(verifier: TokenVerifier, tokens: list[str]) -> list[float]:
    """Seconds per `principal(token)`, in order."""
    seconds = []
    for token in tokens:
        start = time.perf_counter()
        await verifier.principal(token)
        seconds.append(time.perf_counter() - start)
    return seconds


def verifier_figures(issuer: LocalIssuer, count: int) -> tuple[Figures, Figures]:
    """Cold (every token new) and warm (one token again and again), on one verifier as a service builds it."""
    verifier = TokenVerifier(issuer=LOCAL_ISSUER, audience=audience("contract"), jwks=issuer.jwks())
    asyncio.run(verifications(verifier, fresh_tokens(issuer, 50)))  # warm-up: imports, key objects, code paths
    cold = asyncio.run(verifications(verifier, fresh_tokens(issuer, count)))
    warm = asyncio.run(verifications(verifier, [fresh_tokens(issuer, 1)[0]] * count))
    return Figures("verify_cold", cold), Figures("verify_warm", warm[1:])


def timed(call: Callable[[], httpx.Response]) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


def http_figures(issuer: LocalIssuer, url: str, requests: int, warmup: int) -> list[Figures]:
    """Interleaved rounds of /health, an authenticated GET with a known token, and one with a new token."""
    known = {"Authorization": f"Bearer {fresh_tokens(issuer, 1)[0]}"}
    new = [{"Authorization": f"Bearer {token}"} for token in fresh_tokens(issuer, warmup + requests)]
    kinds: dict[str, list[float]] = {"http_health": [], "http_get_token_warm": [], "http_get_token_cold": []}
    with httpx.Client(base_url=url, timeout=30) as client:
        for i in range(warmup + requests):
            round_ = {
                "http_health": timed(lambda: client.get("/health")),
                "http_get_token_warm": timed(lambda: client.get("/enterprises", headers=known)),
                "http_get_token_cold": timed(lambda: client.get("/enterprises", headers=new[i])),
            }
            if i >= warmup:
                for name, seconds in round_.items():
                    kinds[name].append(seconds)
    return [Figures(name, seconds) for name, seconds in kinds.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=2000, help="verifications of each kind")
    parser.add_argument("--requests", type=int, default=1000, help="timed HTTP rounds (three requests each)")
    parser.add_argument("--warmup", type=int, default=50, help="untimed HTTP rounds first")
    args = parser.parse_args()
    if min(args.tokens, args.requests) < 2:
        parser.error("--tokens and --requests need at least 2 for percentiles")

    with tempfile.TemporaryDirectory(prefix="tenure-bench-auth-") as folder:
        auth_dir = run_auth_dir(Path(folder))
        issuer = LocalIssuer(auth_dir)
        cold, warm = verifier_figures(issuer, args.tokens)
        contract, port = by_name("contract"), free_port()
        url = f"http://127.0.0.1:{port}"
        env = service_env(contract, f"sqlite:///{Path(folder) / 'contract.db'}", {"contract": url}, auth_dir)
        with running([(contract, env, port)], Path(folder)):
            health, get_warm, get_cold = http_figures(issuer, url, args.requests, args.warmup)

    for figures in (cold, warm, health, get_warm, get_cold):
        print(figures.line())
    extra = get_cold.p50 - get_warm.p50  # medians throughout: a shared machine's pauses stay in the means
    print(f"ratio verify_cold/verify_warm={cold.p50 / warm.p50:.0f}  "
          f"http_get_token_warm/http_health={get_warm.p50 / health.p50:.2f}  "
          f"http_get_token_cold/http_get_token_warm={get_cold.p50 / get_warm.p50:.2f}")
    print(f"share of an authenticated GET: cold verification {cold.p50 / get_cold.p50:.1%}, "
          f"warm {warm.p50 / get_warm.p50:.3%}; a new token adds {extra:.0f} us over HTTP")
    print(f"verify_cold_us={cold.p50:.1f} verify_warm_us={warm.p50:.2f} http_token_cold_extra_us={extra:.0f}")

if __name__ == "__main__":
    main()
