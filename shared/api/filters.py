"""Lists refuse a filter they do not know (422 naming it) instead of ignoring it: a misspelt `?enterprise=`
would otherwise answer the whole group as if it were one enterprise's list."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant

from shared.errors import InvalidInputError


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters a route declares, its dependencies' (paging) included."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def _refuse_unknown(request: Request) -> None:
    known = _query_names(request.scope["route"].dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise InvalidInputError(
            f"unknown filter {unknown[0]!r}; this list takes {', '.join(sorted(known))}",
            field=unknown[0],
            rule="known_filter",
        )


KNOWN_FILTERS = Depends(_refuse_unknown)
