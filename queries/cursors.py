"""Keyset cursors: a page's last (moment, id), opaque to clients, checked when it comes back."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from contracts.types import QueryInstant

_INSTANT: TypeAdapter[datetime] = TypeAdapter(QueryInstant)
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"


class InvalidCursorError(ValueError):
    """The cursor was not produced by this API."""


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
