"""Fault: an error raised after the answer went out (a dependency's teardown: the request's database connection
failing to roll back once the database went away) is logged, not raised again to the server, which would close
the kept-alive connection: the client's next request on it would get no answer (seen under a PostgreSQL restart
as "Server disconnected without sending a response"). A real uvicorn process; one connection throughout."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.processes import service_process


def test_an_error_after_the_answer_keeps_the_kept_alive_connection_answering(tmp_path: Path) -> None:
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    ports, statuses = [], []
    with service_process("tests.faults.teardown_app:app", {}, tmp_path / "teardown.log") as url:
        with httpx.Client(base_url=url, limits=one, timeout=10) as http:
            for _ in range(3):
                answer = http.get("/answered-then-failed")
                statuses.append(answer.status_code)
                ports.append(answer.extensions["network_stream"].get_extra_info("client_addr")[1])
    assert statuses == [200, 200, 200]
    assert len(set(ports)) == 1, f"the server closed the connection after an answer: client ports {ports}"
    assert "cannot switch to state 15" in (tmp_path / "teardown.log").read_text(), "the error was not logged"
