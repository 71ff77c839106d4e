"""How a projection forgets an erased account: one line in its class,

    erase = erasing({"runs_view": ("athlete_id",)})

declares the handler of `AccountErased` that deletes, table by table in the order given, the
rows whose account columns name the erased account (or, for a table whose rows name it only
through another table, where a condition using `:accounts` holds). The projector runtime skips
every later event of the account (`projections/runner.py`), so nothing of it comes back; a
projection whose rows need more than deleting (counts to recount) writes its own handler."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.events import AccountErased
from projections.projection import Applied, Handler, on
from projections.sql import erase_rows


def erasing(tables: Mapping[str, str | Sequence[str]]) -> Handler:
    """The `AccountErased` handler that deletes the erased accounts' rows of `tables`."""

    @on(AccountErased)
    async def erase(self: Any, sql: AsyncConnection, events: Sequence[Applied[Any]]) -> None:
        accounts = [item.event.account_id for item in events]
        await erase_rows(sql, accounts, tables)

    return erase
