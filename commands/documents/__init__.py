"""Documents context, write side: printable plans and data exports, and their outcome."""

from __future__ import annotations

from commands.documents.handlers import (
    complete_data_export,
    complete_document,
    fail_document,
    request_data_export,
    request_plan_export,
)
from commands.documents.routes import router

HANDLERS = (
    request_plan_export, complete_document, fail_document, request_data_export,
    complete_data_export,
)  # fmt: skip

__all__ = ["HANDLERS", "router"]
