"""What every command's text must be, whatever the field: valid Unicode, no NUL, no bidirectional overrides,
and of a sensible length. One base class for the three services' commands, so the rule is written once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

# Figures as the services take them: exact, finite, and of a size a real figure has (a JSON 1e400 is float
# infinity, "1E+27" a Decimal no ledger holds); too many digits is a 422 naming the field, never a 500.
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False, examples=["200000.00"])]
Figure = Annotated[Decimal, Field(max_digits=24, decimal_places=8, allow_inf_nan=False)]  # KPI targets, actuals
NAME_LENGTH, REFERENCE_LENGTH, REASON_LENGTH = 100, 200, 2000

MAX_TEXT = 4000  # any text field; fields that need less say so with max_length
# NUL breaks C strings and PostgreSQL text; the bidi overrides and isolates can make a name read as another
# (a "Trojan Source" spoof in a signer's or manager's name); lone surrogates are not Unicode at all.
_FORBIDDEN = re.compile("[\x00\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _refusal(value: Any, path: tuple[str | int, ...]) -> InitErrorDetails | None:
    """The first text at or under `value` that breaks the rule, located at its own field."""
    if isinstance(value, str):
        found = _FORBIDDEN.search(value)
        if found:
            message = f"contains the character U+{ord(found.group()):04X}, which is not allowed in text"
            return InitErrorDetails(type=PydanticCustomError("text_forbidden_character", message), loc=path, input=value)
        if len(value) > MAX_TEXT:
            message = f"is longer than {MAX_TEXT} characters"
            return InitErrorDetails(type=PydanticCustomError("text_too_long", message), loc=path, input=value[:40])
    elif isinstance(value, dict):
        for key, item in value.items():
            found_error = _refusal(key, path) or _refusal(item, (*path, str(key)))
            if found_error:
                return found_error
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found_error = _refusal(item, (*path, index))
            if found_error:
                return found_error
    return None


class SafeInput(BaseModel):
    """Base of every command: unknown fields refused, commands immutable, text checked as above."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _text_is_clean(cls, data: Any) -> Any:
        refusal = _refusal(data, ())
        if refusal is not None:
            raise ValidationError.from_exception_data(cls.__name__, [refusal])
        return data


E = TypeVar("E", bound=BaseModel)
T = TypeVar("T")


class Items(Generic[T]):
    """A bulk body's items, every one valid, made into commands a part at a time: `raw(i)` is item i as parsed."""

    def __init__(self, adapter: TypeAdapter[T], count: int, raw: Callable[[int], Any], keys: list[Any]) -> None:
        self._adapter, self._count, self._raw, self.keys = adapter, count, raw, keys  # keys: each item's `key`

    def __len__(self) -> int:
        return self._count

    def parts(self, size: int) -> Iterator[tuple[int, list[T]]]:
        """(index of the first, the commands) for each `size` items in order."""
        for first in range(0, self._count, size):
            yield first, [self._adapter.validate_python(self._raw(i)) for i in range(first, min(first + size, self._count))]


@dataclass(frozen=True)
class Bulk(Generic[E, T]):
    """A bulk body: its fields but the items (`envelope`, its items field empty), and the items."""

    envelope: E
    items: Items[T]


def envelope_model(model: type[E], items: str) -> type[E]:
    """`model` with its list field `items` taking anything, its length limits kept: a bulk body's own fields and
    its number of items are checked on it, each item apart."""
    limits = model.model_fields[items]
    return create_model(f"{model.__name__}Envelope", __base__=model,  # type: ignore[call-overload,no-any-return]
                        **{items: (list[Any], limits)})
