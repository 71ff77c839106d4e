"""The Account aggregate."""

from __future__ import annotations

from typing import Self

from commands.aggregate import Aggregate
from contracts.events import DomainEvent
from contracts.identity.commands import RegisterAccount
from contracts.identity.events import AccountRegistered


class Account(Aggregate):
    stream_type = "account"

    email: str
    role: str

    @classmethod
    def register(cls, cmd: RegisterAccount) -> Self:
        account = cls(str(cmd.account_id))
        account.record(
            AccountRegistered(
                account_id=cmd.account_id,
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
