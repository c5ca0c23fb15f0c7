"""Long answers rendered an item at a time (shared/api/responses.py) and bulk bodies read an item at a time
(shared/api/bulk.py, shared/inputs.py): the same JSON, the same checks, as the whole model's."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.requests import Request

from shared.api.bulk import bulk_body
from shared.api.json_text import canonical_json, split_body
from shared.api.responses import joined, rendered


class Line(BaseModel):
    code: str
    amount: Decimal
    on: date


class Sheet(BaseModel):
    title: str = Field(min_length=1)
    lines: list[Line] = Field(min_length=1, max_length=3)
    total: Decimal | None = None


SHEET = Sheet(title="年度", lines=[Line(code="A", amount=Decimal("1.50"), on=date(2024, 1, 31)),
                                    Line(code="B", amount=Decimal(-2), on=date(2024, 2, 29))], total=Decimal("3.5"))


def test_a_long_answer_rendered_an_item_at_a_time_is_the_whole_models_json() -> None:
    answer = rendered(SHEET.model_copy(update={"lines": []}), "lines", [joined(SHEET.lines[:1]), b"", joined(SHEET.lines[1:])], 201,
                      {"ETag": '"4"'})
    assert json.loads(answer.body) == json.loads(SHEET.model_dump_json())
    assert answer.status_code == 201 and answer.headers["etag"] == '"4"'
    assert answer.headers["content-type"] == "application/json"


def test_an_answer_whose_only_field_is_the_long_one_is_still_json() -> None:
    class Only(BaseModel):
        lines: list[Line]

    assert json.loads(rendered(Only(lines=[]), "lines", [joined(SHEET.lines)], 200).body) == SHEET.model_dump(mode="json",
                                                                                                     include={"lines"})


def request_of(body: bytes) -> Request:
    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}
    return Request({"type": "http", "method": "POST", "path": "/", "headers": [], "app": FastAPI()}, receive)


READ = bulk_body(Sheet, "lines", Line, key=lambda line: line.code)


async def test_a_bulk_body_gives_every_item_as_its_model_a_part_at_a_time_once() -> None:
    bulk = await READ(request_of(SHEET.model_dump_json().encode()))
    assert bulk.envelope.title == "年度" and bulk.envelope.lines == [] and bulk.items.keys == ["A", "B"]
    assert [(first, part) for first, part in bulk.items.parts(1)] == [(0, [SHEET.lines[0]]), (1, [SHEET.lines[1]])]
    assert len(bulk.items) == 2


@pytest.mark.parametrize(("body", "errors"), [
    (b'{"title": "x", "lines": [{"code": "A", "amount": "x", "on": "2024-01-01"}, {"code": "B", "amount": 1}]}',
     [(("body", "lines", 0, "amount"), "decimal_parsing"), (("body", "lines", 1, "on"), "missing")]),
    (b'{"title": "", "lines": []}', [(("body", "title"), "string_too_short"), (("body", "lines"), "too_short")]),
    (b'{"title": "x", "lines": [1, 2, 3, 4]}', [(("body", "lines"), "too_long")]),
    (b'{"title": "x", "lines": [', [(("body", 25), "json_invalid")]),
])
async def test_a_bulk_body_reports_every_fault_of_every_item_where_fastapi_would(body: bytes, errors: list) -> None:
    with pytest.raises(RequestValidationError) as refused:
        await READ(request_of(body))
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == errors


SPLIT_CASES = [
    '{"title": "x", "lines": [{"a": [1, {"b": "]}"}]}, 2.5, "\\u5e74", null, [], {}]}',
    ' \n{ "lines" : [ ] , "title":"t" } \t', '{"lines": [1], "lines": [2, 3]}', '{"lines": [1], "lines": 4}',
    '{"lines": null}', '{}', '[1, 2]', '"lines"', '{"x": {"lines": [1]}, "lines": [{"lines": [9]}]}',
    '{"lines": [1,]}', '{"lines": [1 2]}', '{"lines": [1], }', '{"lines": [1]} x', '{"lines": [', '{lines: []}',
    '{"lines": [NaN, 1e400, -0.0, 12345678901234567890123]}', '{"lines": [1]', '', '{"a" 1}', '{"lines": []]}',
]


@pytest.mark.parametrize("text", SPLIT_CASES)
def test_a_bulk_body_is_parsed_exactly_as_json_loads_parses_it(text: str) -> None:
    try:
        expected: object = json.loads(text)
    except ValueError:
        with pytest.raises(ValueError):
            split_body(text, "lines")
        return
    head, starts = split_body(text, "lines")
    if starts is not None:
        head["lines"] = [json.JSONDecoder().raw_decode(text, start)[0] for start in starts]
    assert repr(head) == repr(expected)  # repr: NaN is not equal to itself


@pytest.mark.parametrize("text", [*SPLIT_CASES, '{"b": [{"z": 1, "a": [2]}], "a": {"y": [], "x": "é"}}',
                                  '{"lines": [1], "lines": 4, "a": [5]}', '{"a": 1, "a": [1, 2]}'])
def test_an_idempotency_fingerprint_hashes_the_canonical_json_a_piece_at_a_time(text: str) -> None:
    """The pieces join to what the whole body parsed and dumped sorted gives, and a body json.loads refuses is
    refused alike (its raw bytes are then what is hashed)."""
    raw = text.encode()
    try:
        expected = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"))
    except ValueError:
        with pytest.raises(ValueError):
            "".join(canonical_json(raw))
        return
    assert "".join(canonical_json(raw)) == expected


def test_a_long_answer_without_items_is_an_empty_list() -> None:
    assert json.loads(rendered(SHEET.model_copy(update={"lines": []}), "lines", [b"", b""], 200).body)["lines"] == []
