"""The Account aggregate."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from commands.aggregate import Aggregate
from contracts.commands.identity import RegisterAccount
from contracts.events import AccountRegistered, DomainEvent


class Account(Aggregate):
    stream_type = "account"

    email: str
    role: str

    @classmethod
    def register(cls, account_id: UUID, cmd: RegisterAccount) -> Self:
        account = cls(str(account_id))
        account.record(
            AccountRegistered(
                account_id=account_id,
                email=cmd.email,
                display_name=cmd.display_name,
                role=cmd.role,
            )
        )
        return account

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, AccountRegistered):
            self.email = event.email
            self.role = event.role
