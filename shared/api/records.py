"""The web side of a manager's tenure record: the `as_of` query parameter every record route takes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query

from shared.records import parse_as_of


def as_of_param(
    as_of: Annotated[str | None, Query(description="What had been recorded by then: an ISO date (end of day, UTC) "
                                                   "or date-time; now when omitted")] = None,
) -> datetime:
    return parse_as_of(as_of)


AsOfDep = Annotated[datetime, Depends(as_of_param)]
