"""What every command's text must be, whatever the field: valid Unicode, no NUL, no bidirectional overrides,
and of a sensible length. One base class for the three services' commands, so the rule is written once."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

MAX_TEXT = 4000  # any text field; fields that need less say so with max_length
# NUL breaks C strings and PostgreSQL text; the bidi overrides and isolates can make a name read as another
# (a "Trojan Source" spoof in a signer's or manager's name); lone surrogates are not Unicode at all.
_FORBIDDEN = re.compile("[\x00\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _check_text(value: Any, path: str) -> None:
    if isinstance(value, str):
        found = _FORBIDDEN.search(value)
        if found:
            raise PydanticCustomError(
                "text_forbidden_character",
                "{path} contains the character U+{code:04X}, which is not allowed in text",
                {"path": path or "text", "code": ord(found.group())},
            )
        if len(value) > MAX_TEXT:
            raise PydanticCustomError("text_too_long", "{path} is longer than {limit} characters",
                                      {"path": path or "text", "limit": MAX_TEXT})
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, path)
            _check_text(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_text(item, f"{path}.{index}" if path else str(index))


class SafeInput(BaseModel):
    """Base of every command: unknown fields refused, commands immutable, text checked as above."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _text_is_clean(cls, data: Any) -> Any:
        _check_text(data, "")
        return data
