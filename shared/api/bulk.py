"""Bulk bodies (an enterprise's roster of managers): every item checked before anything is decided, each parsed
and made into its command only when its turn comes.

A roster parsed whole weighs five times its JSON, and ten times as validated commands (a 1,000-manager roster:
3.6 MB of JSON, 17 MB parsed, 37 MB as commands; FastAPI keeps both for the whole request). A bulk route reads
its body here instead: the body's other fields parsed, each item's place in the text found (`split_body`: what
json.loads accepts, it accepts), every item parsed, validated and let go (all the errors of all the items
reported together, as FastAPI reports them), then the items parsed again a part at a time as they are taken.
The route's OpenAPI body is the whole model's all the same (`documented`, `add_documented_schemas`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared.api.json_text import split_body
from shared.inputs import Bulk, E, Items, T, envelope_model

REF = "#/components/schemas/{model}"
_DECODER = json.JSONDecoder()
_DOCUMENTED: dict[str, type[BaseModel]] = {}  # the models bulk routes name as their bodies, by schema name


def bulk_body(model: type[E], items: str, item: type[T], key: Callable[[T], Any]
              ) -> Callable[[Request], Any]:  # fmt: skip
    """A dependency reading `model`'s body, its list field `items` of `item`s taken as `Items` (`key` of each kept)."""
    envelope = envelope_model(model, items)
    adapter = TypeAdapter(item)

    async def read(request: Request) -> Bulk[E, T]:
        try:
            raw = await request.body()
            text = raw.decode(json.detect_encoding(raw))
            head, starts = split_body(text, items)
        except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
            raise RequestValidationError([{"type": "json_invalid", "loc": ("body", getattr(error, "pos", 0)),
                                           "msg": "JSON decode error", "input": {}}]) from None
        if starts is not None:
            head[items] = [None] * len(starts)  # the count, for the envelope's length limits
        checked = _validated(envelope, head, ("body",))

        def item(index: int) -> Any:
            return _DECODER.raw_decode(text, starts[index])[0]  # type: ignore[index]

        keys, errors = [], []
        for index in range(len(starts or ())):
            try:
                keys.append(key(adapter.validate_python(item(index))))
            except ValidationError as error:
                errors += _located(error, ("body", items, index))
        if errors:
            raise RequestValidationError(errors)
        empty = checked.model_copy(update={items: []})
        return Bulk(empty, Items(adapter, len(keys), item, keys))  # type: ignore[arg-type]

    return read


def _validated(model: type[BaseModel], parsed: Any, where: tuple[Any, ...]) -> Any:
    try:
        return model.model_validate(parsed)
    except ValidationError as error:
        raise RequestValidationError(_located(error, where)) from None


def _located(error: ValidationError, where: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{**e, "loc": (*where, *e["loc"])} for e in error.errors(include_url=False)]


def documented(model: type[BaseModel]) -> dict[str, Any]:
    """A bulk route's `openapi_extra`: its body is `model` as JSON (added to the schemas by
    `add_documented_schemas`)."""
    _DOCUMENTED[model.__name__] = model
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": REF.format(model=model.__name__)}}}}}


def add_documented_schemas(app: FastAPI, routes: Sequence[Any]) -> None:
    """The app's OpenAPI document names the bulk bodies of `routes` among its schemas."""
    named = [model for name, model in _DOCUMENTED.items()
             if any(REF.format(model=name) in str(getattr(route, "openapi_extra", None)) for route in routes)]
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = plain().setdefault("components", {}).setdefault("schemas", {})
            for model in named:
                schema = model.model_json_schema(ref_template=REF)
                for name, definition in schema.pop("$defs", {}).items():
                    schemas.setdefault(name, definition)  # FastAPI's own, where it has one, stays
                schemas[model.__name__] = schema
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
