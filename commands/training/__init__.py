"""Training context, write side: runs (later plans, shoes and race goals)."""

from __future__ import annotations

from commands.training.handlers import correct_run, delete_run, record_run
from commands.training.routes import router

HANDLERS = (record_run, correct_run, delete_run)

__all__ = ["HANDLERS", "router"]
