"""A batch client of the contract service that rides out outages, races and retries (docs/clients.md explains why).

Run:  TENURE_TOKEN=... python docs/examples/batch_client.py --url http://127.0.0.1:8001 --code E42 --signers 20

It registers an enterprise, its `--managers` managers (each a command of its own) and `--signers` signing
authorisations (conditional writes on the enterprise, If-Match), from `--workers` threads. Then it prints a summary
(JSON) on stdout, and what it met on the way (statuses, retries) in it. The discipline, in `send` and `authorise`:
  - one Idempotency-Key per command, made once and sent on every retry of it: an answer lost to a crash is
    replayed by the service, never applied twice;
  - no answer (connection refused, reset, timed out), 503, or 409 with Retry-After: the same request again, after
    Retry-After when given, else after a capped, jittered exponential backoff; bounded by --give-up-after;
  - If-Match with the version (ETag) the decision was made on; a 409 naming If-Match (stale: another writer came
    first) is read again and decided again, under the same key;
  - anything else that is not a success (400, 401, 403, 404, 409 without Retry-After, 422) is the answer: resending
    it would not change it, so the batch stops and shows the problem.
Only httpx is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

FIRST_PAUSE, LONGEST_PAUSE, LONGEST_ASKED = 0.25, 5.0, 30.0
seen: Counter[str] = Counter()  # every answer, or failure to answer, met on the way: "201", "503", "ConnectError"
seen_lock = threading.Lock()


class Refused(Exception):
    """The service answered, and the answer is not a success: the problem+json it sent."""


def send(http: httpx.Client, method: str, path: str, give_up_after: float, body: Any = None, key: str | None = None,
         if_match: str | None = None) -> httpx.Response:
    """The first answer that is not "ask again later". The very same request (same key) is sent each time."""
    headers = {name: value for name, value in (("Idempotency-Key", key), ("If-Match", if_match)) if value}
    deadline = time.monotonic() + give_up_after
    for attempt in range(1, 1_000_000):
        try:
            response = http.request(method, path, json=body, headers=headers)
            met = str(response.status_code)
        except httpx.TransportError as error:  # landed or not, nobody knows: the key makes resending safe
            response, met = None, type(error).__name__
        with seen_lock:
            seen[met] += 1
        if response is not None and not ask_again(response):
            return response
        pause = pause_before(attempt, response)
        if time.monotonic() + pause > deadline:
            raise Refused(f"{method} {path}: still {met} after {give_up_after:.0f} s")
        time.sleep(pause)
    raise AssertionError("unreachable")


def ask_again(response: httpx.Response) -> bool:
    """503 (the service's database is down, read-only or full), or a 409 the service says clears by itself."""
    return response.status_code == 503 or (response.status_code == 409 and "Retry-After" in response.headers)


def pause_before(attempt: int, response: httpx.Response | None) -> float:
    """Retry-After (seconds) when the service gave one, capped; else full jitter under a doubling, capped ceiling,
    so that many clients retrying together do not come back in step."""
    asked = response.headers.get("Retry-After") if response is not None else None
    if asked is not None and asked.isdigit():
        return min(float(asked), LONGEST_ASKED) + random.uniform(0, FIRST_PAUSE)
    return random.uniform(0, min(LONGEST_PAUSE, FIRST_PAUSE * 2**attempt))


def answer(response: httpx.Response, *expected: int) -> dict[str, Any]:
    if response.status_code not in expected:
        raise Refused(f"{response.request.method} {response.request.url.path} answered {response.status_code}: "
                      f"{response.text}")
    result: dict[str, Any] = response.json()
    return result


def command(http: httpx.Client, path: str, body: dict[str, Any], give_up_after: float) -> dict[str, Any]:
    """A command that decides on no single version (it creates a record): no If-Match, one key for all retries."""
    key = f"batch-{uuid.uuid4()}"
    return answer(send(http, "POST", path, give_up_after, body, key=key), 201)


def authorise(http: httpx.Client, enterprise_id: str, grant: dict[str, Any], give_up_after: float) -> int:
    """A conditional write: read the enterprise, decide, write If-Match its version; stale, read and decide again.
    How many times it was stale."""
    key, stale, path = f"batch-{uuid.uuid4()}", 0, f"/enterprises/{enterprise_id}"
    while True:
        read = send(http, "GET", path, give_up_after)
        enterprise = answer(read, 200)
        if any(a["decision_ref"] == grant["decision_ref"] for a in enterprise["authorisations"]):
            return stale  # decided again on what is there: the authorisation is made already (by us)
        written = send(http, "POST", f"{path}/signing-authorisations", give_up_after, grant, key=key,
                       if_match=read.headers["ETag"])
        if written.status_code == 409 and written.json().get("field") == "If-Match":
            stale += 1  # another writer came first; nothing was written: decide again on the fresh state
            continue
        answer(written, 201)
        return stale


def run_batch(http: httpx.Client, args: argparse.Namespace) -> dict[str, Any]:
    body = {"code": args.code, "name_zh": f"批量企业 {args.code}", "category": "market", "has_board": True}
    enterprise = command(http, "/enterprises", body, args.give_up_after)
    managers = [{"code": f"{args.code}-M{i:03d}", "name": f"经理{i}", "level": "middle",
                 "position": "middle_manager", "enterprise_id": enterprise["id"]} for i in range(args.managers)]
    grants = [{"role": "chairman", "person_name": f"董事{i}", "scope": "other_managers", "granted_by": "board",
               "decision_ref": f"{args.code}-董决-{i}"} for i in range(args.signers)]
    with ThreadPoolExecutor(args.workers) as pool:
        made = [pool.submit(command, http, "/managers", m, args.give_up_after) for m in managers]
        stale = [pool.submit(authorise, http, enterprise["id"], g, args.give_up_after) for g in grants]
        [future.result() for future in made]
        stale_total = sum(future.result() for future in stale)
    return {"enterprise_id": enterprise["id"], "managers": len(managers), "authorisations": len(grants),
            "stale_if_match": stale_total, "seen": dict(sorted(seen.items()))}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--url", required=True, help="the contract service, e.g. http://127.0.0.1:8001")
    options.add_argument("--code", required=True, help="the code of the enterprise to register")
    options.add_argument("--managers", type=int, default=10)
    options.add_argument("--signers", type=int, default=10)
    options.add_argument("--workers", type=int, default=4)
    options.add_argument("--give-up-after", type=float, default=120.0, help="seconds one request is retried")
    args = options.parse_args()
    token = os.environ["TENURE_TOKEN"]
    with httpx.Client(base_url=args.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        try:
            print(json.dumps(run_batch(http, args), ensure_ascii=False))
        except Refused as refused:
            print(f"batch_client: {refused}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
