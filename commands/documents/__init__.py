"""Documents context, write side: printable exports and their outcome."""

from __future__ import annotations

from commands.documents.handlers import complete_document, fail_document, request_plan_export
from commands.documents.routes import router

HANDLERS = (request_plan_export, complete_document, fail_document)

__all__ = ["HANDLERS", "router"]
