"""What no request may carry, whatever the route: bodies too large, text that is not clean Unicode or hides
its direction, figures no ledger holds. Each is refused with a problem naming the field, and writes nothing."""

from __future__ import annotations

import pytest

from tests.auth import staff
from tests.security.conftest import stored

ADMIN = staff("hr.admin")


def enterprise(**changes: object) -> dict[str, object]:
    return {"code": "E5", "name_zh": "五号公司", "category": "market", "has_board": True, **changes}


async def test_a_body_above_the_limit_is_413_before_it_is_parsed(http, contract_app) -> None:
    refused = await http.post("/enterprises", content=b"{" + b" " * 2_000_000 + b"}",
                              headers={**ADMIN, "content-type": "application/json"})
    assert refused.status_code == 413 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["rule"] == "max_body_bytes"
    assert await stored(contract_app) == 0


async def test_a_whole_roster_may_be_as_large_as_an_upload_and_no_larger(http, contract_app) -> None:
    onboarding = f"/enterprises/{'0' * 8}-0000-0000-0000-{'0' * 12}/onboarding"
    large = b'{"source": "x", "managers": []' + b" " * 2_000_000 + b"}"  # above the JSON limit, below the upload's
    let_through = await http.post(onboarding, content=large, headers={**ADMIN, "content-type": "application/json"})
    assert let_through.status_code == 404  # past the size check: refused for the enterprise it names
    too_large = b"{" + b" " * 11_000_000 + b"}"
    refused = await http.post(onboarding, content=too_large, headers={**ADMIN, "content-type": "application/json"})
    assert refused.status_code == 413 and refused.json()["rule"] == "max_body_bytes"
    assert await stored(contract_app) == 0


async def test_a_body_that_is_not_utf8_is_422(http, contract_app) -> None:
    refused = await http.post("/enterprises", content='{"code": "E5", "name_zh": "五号"}'.encode("gb18030"),
                              headers={**ADMIN, "content-type": "application/json"})
    assert refused.status_code == 422 and refused.json()["rule"] == "utf8"
    assert await stored(contract_app) == 0


@pytest.mark.parametrize("text", ["五号\x00公司", "五号\u202e司公", "五号\u2066公司", "五号\ud800公司"])
async def test_a_name_with_nul_bidi_controls_or_lone_surrogates_is_refused(text: str, http, contract_app) -> None:
    body = '{"code": "E5", "name_zh": %s, "category": "market", "has_board": true}' % (
        '"' + text.encode("unicode_escape").decode().replace("\\x00", "\\u0000") + '"')
    refused = await http.post("/enterprises", content=body.encode(), headers={**ADMIN, "content-type": "application/json"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "text_forbidden_character" and refused.json()["field"] == "name_zh"
    assert await stored(contract_app) == 0


async def test_a_figure_no_ledger_holds_is_refused_naming_the_field(http, contract_app) -> None:
    opening = {"manager_id": "00000000-0000-4000-8000-000000000001", "start": "2025-01-01", "end": "2027-12-31",
               "agreement": {"duties": "d", "rights_obligations": "r", "pay": {"base": "1E+27", "performance": "1"},
                             "exit_rules": "e", "accountability": "a"}}
    refused = await http.post("/tenures", json=opening, headers=ADMIN)
    assert refused.status_code == 422 and refused.json()["field"] == "agreement.pay.base"
    infinite = await http.post("/tenures", content=b'{"agreement": {"pay": {"base": 1e400}}}',
                               headers={**ADMIN, "content-type": "application/json"})
    assert infinite.status_code == 422
    assert await stored(contract_app) == 0


async def test_a_page_number_beyond_any_list_is_422_not_a_server_error(http) -> None:
    refused = await http.get("/enterprises", params={"page": 4611686018427387903}, headers=ADMIN)
    assert refused.status_code == 422 and refused.json()["field"] == "page"
    assert (await http.get("/events", params={"after": "1e30"}, headers=ADMIN)).status_code == 422


async def test_answers_are_not_cached_sniffed_or_scriptable(http) -> None:
    answer = await http.get("/enterprises", headers=ADMIN)
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in answer.headers["content-security-policy"]


async def test_an_idempotency_key_answers_only_the_caller_who_used_it(http, contract_app) -> None:
    key = {"Idempotency-Key": "import-2026-12-01"}
    first = await http.post("/enterprises", json=enterprise(), headers={**ADMIN, **key})
    again = await http.post("/enterprises", json=enterprise(), headers={**ADMIN, **key})
    assert first.status_code == 201 and again.headers.get("idempotent-replayed") == "true"
    reordered = await http.post("/enterprises", content=b'{"has_board": true, "category": "market", "name_zh": '
                                b'"\\u4e94\\u53f7\\u516c\\u53f8", "code": "E5"}',
                                headers={**ADMIN, **key, "content-type": "application/json"})
    assert reordered.headers.get("idempotent-replayed") == "true"  # the same request, parsed
    someone_else = await http.post("/enterprises", json=enterprise(), headers={**staff("hr.other"), **key})
    assert someone_else.status_code == 409 and "idempotent-replayed" not in someone_else.headers  # a new command
