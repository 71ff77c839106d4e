"""Who sends a command: an account (through the APIs), a process of Pacer's own (a reactor or a
job), or nobody yet (registering, logging in). Recorded with every event as `ce_actor`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

Kind = Literal["athlete", "coach", "admin", "system", "anonymous"]


@dataclass(frozen=True)
class Actor:
    id: str
    kind: Kind

    @classmethod
    def account(cls, account_id: UUID, role: Literal["athlete", "coach", "admin"]) -> Actor:
        return cls(str(account_id), role)

    @classmethod
    def system(cls, process: str) -> Actor:
        """One of Pacer's own processes, e.g. `reactor:meal-planner`."""
        return cls(f"system:{process}", "system")

    @classmethod
    def anonymous(cls) -> Actor:
        return cls("anonymous", "anonymous")
