"""A rebuild's shadow tables: empty copies of a projection's tables in a schema of their own,
created without their secondary indexes (built once the rows are in, under the live indexes'
names) and swapped in for the live tables in one transaction."""

from __future__ import annotations

import re

from asyncpg.exceptions import LockNotAvailableError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from projections.projection import Projection


def schema_of(projection: Projection) -> str:
    return f"rebuild_{projection.name}"


async def create(session: AsyncConnection, projection: Projection, shadow: str) -> list[str]:
    """Empty copies of the projection's tables with their constraints; returns the statements
    that build their other indexes, under the live indexes' names, once the rows are in."""
    await session.execute(text(f'DROP SCHEMA IF EXISTS "{shadow}" CASCADE'))
    await session.execute(text(f'CREATE SCHEMA "{shadow}"'))
    indexes = []
    for table in projection.owned_tables:
        # A read table is unlogged while it fills (no write-ahead log for rows a crash would
        # discard anyway) and logged before the swap; the positions come in one COPY at the end.
        unlogged = "UNLOGGED " if table in projection.tables else ""
        await session.execute(
            text(
                f'CREATE {unlogged}TABLE "{shadow}".{table} '
                f"(LIKE public.{table} INCLUDING ALL EXCLUDING INDEXES)"
            )
        )
        await _copy_security(session, table, shadow)
        # Primary keys and unique constraints first: upserts need them.
        constraints = await session.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint "
                "WHERE conrelid = CAST(:t AS regclass) AND contype IN ('p', 'u', 'x')"
            ),
            {"t": f"public.{table}"},
        )
        for name, definition in constraints.all():
            await session.execute(
                text(f'ALTER TABLE "{shadow}".{table} ADD CONSTRAINT "{name}" {definition}')
            )
        others = await session.execute(
            text(
                "SELECT indexdef FROM pg_indexes i WHERE schemaname = 'public' AND tablename = :t "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname "
                "AND c.conrelid = CAST(:qualified AS regclass))"
            ),
            {"t": table, "qualified": f"public.{table}"},
        )
        for (definition,) in others.all():
            indexes.append(re.sub(r" ON public\.", f' ON "{shadow}".', definition, count=1))
    return indexes


async def _copy_security(session: AsyncConnection, table: str, shadow: str) -> None:
    """The live table's row-level security, policies and grants (the query API's reader role
    reads through them), on its shadow."""
    live = {"t": f"public.{table}"}
    secured = await session.scalar(
        text("SELECT relrowsecurity FROM pg_class WHERE oid = CAST(:t AS regclass)"), live
    )
    if secured:
        await session.execute(text(f'ALTER TABLE "{shadow}".{table} ENABLE ROW LEVEL SECURITY'))
    policies = await session.execute(
        text(
            "SELECT policyname, permissive, roles, cmd, qual, with_check FROM pg_policies "
            "WHERE schemaname = 'public' AND tablename = :t"
        ),
        {"t": table},
    )
    for name, permissive, roles, command, using, check in policies.all():
        await session.execute(text(
            f'CREATE POLICY "{name}" ON "{shadow}".{table} AS {permissive} FOR {command} '
            f"TO {', '.join(roles)}"
            + (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
        ))  # fmt: skip
    grants = await session.execute(
        text(
            "SELECT a.privilege_type, r.rolname FROM pg_class c, aclexplode(c.relacl) a "
            "JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE c.oid = CAST(:t AS regclass) AND a.grantee <> c.relowner"
        ),
        live,
    )
    for privilege, role in grants.all():
        await session.execute(text(f'GRANT {privilege} ON "{shadow}".{table} TO "{role}"'))


async def swap(connection: AsyncConnection, projection: Projection, shadow: str) -> None:
    """Put the shadow tables in place of the live ones and drop the old ones, in the caller's
    transaction (readers see the old tables or the new ones)."""
    retired = f"{shadow}_retired"
    await connection.execute(text(f'DROP SCHEMA IF EXISTS "{retired}" CASCADE'))
    await connection.execute(text(f'CREATE SCHEMA "{retired}"'))
    for table in projection.owned_tables:
        # The shadow's indexes carry the live names: once the live table has moved out of the
        # way, the names are free in the public schema.
        await connection.execute(text(f'ALTER TABLE public.{table} SET SCHEMA "{retired}"'))
        await connection.execute(text(f'ALTER TABLE "{shadow}".{table} SET SCHEMA public'))
    for table in projection.owned_tables:
        # RESTRICT: a view or foreign key on the old table fails the swap loudly.
        await connection.execute(text(f'DROP TABLE "{retired}".{table} RESTRICT'))
    await connection.execute(text(f'DROP SCHEMA "{retired}" RESTRICT'))


def lock_timeout(error: BaseException) -> bool:
    """The swap waited too long for readers (PostgreSQL's lock timeout, however wrapped)."""
    cause = error.__cause__ or getattr(error, "orig", None)
    return isinstance(error, LockNotAvailableError) or (
        cause is not None and cause is not error and lock_timeout(cause)
    )
