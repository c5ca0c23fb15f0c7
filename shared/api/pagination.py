"""Lists with filters and pagination over a read model table."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

T = TypeVar("T")


class PageParams(BaseModel):
    page: int
    page_size: int


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


async def fetch_page(conn: AsyncConnection, query: Select[Any], params: PageParams) -> tuple[list[Any], int]:
    """The rows of one page, and how many rows the filters match in all."""
    total = await conn.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = (await conn.execute(query.limit(params.page_size).offset((params.page - 1) * params.page_size))).all()
    return list(rows), total
