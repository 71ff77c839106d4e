"""PostgreSQL is real and has pgvector; the Alembic history goes up and down cleanly."""

from __future__ import annotations

import asyncio

import asyncpg
import numpy as np
import pytest
from pgvector.asyncpg import register_vector

from infra import migrate
from infra.runtime.postgres import sync_dsn
from infra.settings import Settings
from tests.conftest import unique

pytestmark = pytest.mark.integration


async def test_nearest_neighbours_over_a_384_dimension_vector_column(
    pg: asyncpg.Connection,
) -> None:
    await register_vector(pg)
    await pg.execute("CREATE TABLE item (id int PRIMARY KEY, embedding vector(384) NOT NULL)")
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 384)).astype(np.float32)
    await pg.executemany(
        "INSERT INTO item (id, embedding) VALUES ($1, $2)", list(enumerate(vectors))
    )
    query = rng.normal(size=384).astype(np.float32)

    rows = await pg.fetch(
        "SELECT id, embedding <-> $1 AS distance FROM item ORDER BY embedding <-> $1 LIMIT 5",
        query,
    )

    expected = np.argsort(np.linalg.norm(vectors - query, axis=1))[:5]
    assert [row["id"] for row in rows] == expected.tolist()
    assert rows[0]["distance"] == pytest.approx(float(np.linalg.norm(vectors[expected[0]] - query)))


async def _extension_installed(dsn: str) -> bool:
    conn = await asyncpg.connect(dsn)
    try:
        return bool(await conn.fetchval("SELECT count(*) FROM pg_extension WHERE extname='vector'"))
    finally:
        await conn.close()


async def test_migrations_upgrade_downgrade_and_upgrade_again(settings: Settings) -> None:
    # A database of its own: downgrading drops the extension the other tests rely on.
    name = unique("migrations")
    admin = await asyncpg.connect(sync_dsn(settings.database_dsn))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = settings.database_dsn.rsplit("/", 1)[0] + f"/{name}"
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        assert await _extension_installed(sync_dsn(url))
        await asyncio.to_thread(migrate.downgrade, url, "base")
        assert not await _extension_installed(sync_dsn(url))
        await asyncio.to_thread(migrate.upgrade, url)
        assert await _extension_installed(sync_dsn(url))
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()
