"""Events of the identity context."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from contracts.events import DomainEvent

Role = Literal["athlete", "coach", "admin"]


class AccountRegistered(DomainEvent):
    """A person created an account. No credentials travel in events."""

    account_id: UUID
    email: str = Field(description="Login e-mail, lower-cased.")
    display_name: str
    role: Role
