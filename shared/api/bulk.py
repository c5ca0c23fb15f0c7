"""Bulk bodies (an enterprise's roster of managers): every item checked before anything is decided, each made
into its command only when its turn comes.

A validated command weighs about ten times the JSON it came in (pydantic models of models: a 1,000-manager roster
is 3.6 MB of JSON, 17 MB parsed and 37 MB as commands), and FastAPI keeps the parsed body alive beside the model
for the whole request. A bulk route reads its body here instead: parsed once, every item validated and let go
(all the errors of all the items reported together, as FastAPI reports them), then taken a part at a time, each
part's JSON let go as it becomes commands. The route's OpenAPI body is the whole model's all the same
(`documented`, `add_documented_schemas`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError, create_model

from shared.inputs import Bulk, E, Items, T

REF = "#/components/schemas/{model}"
_DOCUMENTED: dict[str, type[BaseModel]] = {}  # the models bulk routes name as their bodies, by schema name


def bulk_body(model: type[E], items: str, item: type[T], key: Callable[[T], Any]
              ) -> Callable[[Request], Any]:  # fmt: skip
    """A dependency reading `model`'s body, its list field `items` of `item`s taken as `Items` (`key` of each kept)."""
    limits = model.model_fields[items]
    envelope = create_model(f"{model.__name__}Envelope", __base__=model,
                            **{items: (list[Any], limits)})  # type: ignore[call-overload]
    adapter = TypeAdapter(item)

    async def read(request: Request) -> Bulk[E, T]:
        try:
            parsed = json.loads(await request.body())
        except ValueError as error:
            raise RequestValidationError([{"type": "json_invalid", "loc": ("body", getattr(error, "pos", 0)),
                                           "msg": "JSON decode error", "input": {}}]) from None
        head = _validated(envelope, parsed, ("body",))
        raw: list[Any] = getattr(head, items)
        keys, errors = [], []
        for index, one in enumerate(raw):
            try:
                keys.append(key(adapter.validate_python(one)))
            except ValidationError as error:
                errors += _located(error, ("body", items, index))
        if errors:
            raise RequestValidationError(errors)
        return Bulk(head.model_copy(update={items: []}), Items(adapter, raw, keys))  # type: ignore[arg-type]

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
                schemas.update(schema.pop("$defs", {}))
                schemas[model.__name__] = schema
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
