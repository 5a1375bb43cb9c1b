"""Paging of the staff lists: newest first, a page at a time, by id (no offsets to skip)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute

from api import limits

T = TypeVar("T", bound=tuple[Any, ...])


@dataclass(frozen=True)
class Page:
    """At most `limit` rows with an id below `before_id` (the smallest id of the previous page),
    newest first."""

    limit: int = limits.STAFF_PAGE_DEFAULT
    before_id: int | None = None


def paged(query: Select[T], id_column: InstrumentedAttribute[int], page: Page) -> Select[T]:
    if page.before_id is not None:
        query = query.where(id_column < page.before_id)
    return query.order_by(id_column.desc()).limit(page.limit)
