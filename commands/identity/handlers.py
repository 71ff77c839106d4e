"""One handler per identity command."""

from __future__ import annotations

import asyncio
from uuid import uuid4

from sqlalchemy import text

from commands.errors import ConflictError
from commands.identity.account import Account
from commands.identity.passwords import hash_password
from commands.unit_of_work import UnitOfWork
from contracts.commands.identity import RegisterAccount


async def register_account(cmd: RegisterAccount, uow: UnitOfWork) -> Account:
    account = Account.register(uuid4(), cmd)
    password_hash = await asyncio.to_thread(hash_password, cmd.password)
    # The unique e-mail is enforced by the credentials row, in the same transaction as the event.
    inserted = await uow.connection.execute(
        text(
            "INSERT INTO credentials (account_id, email, password_hash, role) "
            "VALUES (:id, :email, :hash, :role) ON CONFLICT (email) DO NOTHING RETURNING 1"
        ),
        {"id": account.id, "email": cmd.email, "hash": password_hash, "role": cmd.role},
    )
    if inserted.first() is None:
        raise ConflictError("an account with this e-mail already exists")
    await uow.save(account)
    return account
