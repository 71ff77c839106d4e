"""Administration: admins are appointed (from the command line, never by registering); an admin
disables an account (its logins end at once and it cannot log in) or enables it again, and sees
system counts, never users' content."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.types import PlainText

Reason = Annotated[str, PlainText(max_length=200), Field(examples=["spam posts"])]


class AccountDisabling(BaseModel):
    """Body of `POST /admin/accounts/{account_id}/disable`."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason


class AppointAdmin(Command[CommandAccepted]):
    """Make the account of this login e-mail an admin (`pacer admin appoint`); its next login
    carries the role."""

    email: Annotated[str, PlainText(max_length=254)]


class DisableAccount(Command[CommandAccepted]):
    admin_id: UUID
    account_id: UUID
    reason: Reason


class EnableAccount(Command[CommandAccepted]):
    admin_id: UUID
    account_id: UUID


class SystemCounts(BaseModel):
    """How much the system holds: counts only, nobody's content."""

    accounts: dict[str, int] = Field(description="Accounts by role.")
    disabled_accounts: int
    runs: int
    training_plans: int
    strength_workouts: int
    meal_plans: int
    live_grants: int
