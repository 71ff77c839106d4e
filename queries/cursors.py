"""Keyset cursors: a page's last (moment, id), opaque to clients, checked when it comes back."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from contracts.types import QueryInstant
from infra.problems import ProblemError

_INSTANT: TypeAdapter[datetime] = TypeAdapter(QueryInstant)
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
T = TypeVar("T")


class InvalidCursorError(ProblemError, ValueError):
    """The cursor was not produced by this API: a 400 problem wherever a page query meets it."""

    status = 400
    problem_type = "bad-query"
    title = "Bad query"

    def __init__(self, cursor: str) -> None:
        super().__init__("`cursor` is not a cursor issued by this API")
        self.cursor = cursor


def encode_cursor(moment: datetime, item_id: UUID) -> str:
    raw = json.dumps([moment.isoformat(), str(item_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        started, run_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(started, str) or not isinstance(run_id, str):
            raise InvalidCursorError(cursor)
        return _INSTANT.validate_python(started), UUID(run_id)
    except (ValueError, TypeError, ValidationError):
        raise InvalidCursorError(cursor) from None


def page_parameters(cursor: str | None, limit: int) -> dict[str, Any]:
    """A keyset page query's `after_at` and `after_id` (from the cursor, or None for the first
    page) and its `limit`: one more than asked, which tells whether another page follows."""
    after = decode_cursor(cursor) if cursor else None
    return {
        "after_at": after[0] if after else None,
        "after_id": after[1] if after else None,
        "limit": limit + 1,
    }


def page_of(
    items: Sequence[T], limit: int, key: Callable[[T], tuple[datetime, UUID]]
) -> tuple[list[T], str | None]:
    """The first `limit` of the `limit + 1` items a page query found, and the cursor of the next
    page (None when there is none)."""
    shown = list(items[:limit])
    return shown, encode_cursor(*key(shown[-1])) if len(items) > limit else None
