"""Session-wide real services and per-test isolation by random names."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import hypothesis
import pytest
import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.bus import CommandBus
from infra import migrate
from infra.blobs import BlobStore
from infra.database import create_engine
from infra.runtime.postgres import sync_dsn
from infra.settings import Settings
from pacer.bootstrap import command_bus
from tests.services import test_services

# 40 examples per property in the regular run, the same ones every time (CI must not depend on
# luck); HYPOTHESIS_PROFILE=thorough draws 300 fresh ones.
hypothesis.settings.register_profile("default", max_examples=40, derandomize=True)
hypothesis.settings.register_profile("thorough", max_examples=300)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def settings() -> Iterator[Settings]:
    # A folder of the session's own, not pytest's temporary folders: another pytest run on the
    # machine prunes old ones, and would take the running services' data and pid files with it.
    with (
        tempfile.TemporaryDirectory(prefix="pacer-tests-") as folder,
        test_services(Path(folder)) as ready,
    ):
        yield ready


@pytest.fixture(scope="session")
def process_folder(settings: Settings) -> Path:
    """Where processes a test starts keep their logs and pid files, beside the services'."""
    folder = settings.var_path / "processes"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def topic() -> str:
    """A Kafka topic name no other test uses."""
    return unique("test-topic")


@pytest.fixture
async def pg(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A connection whose search path is a fresh schema, dropped afterwards."""
    schema = unique("test")
    conn = await asyncpg.connect(sync_dsn(settings.database_dsn))
    await conn.execute(f'CREATE SCHEMA "{schema}"')
    await conn.execute(f'SET search_path TO "{schema}", public')
    try:
        yield conn
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()


@pytest.fixture
async def redis_client(settings: Settings) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(settings.redis_dsn)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def key_prefix() -> str:
    """A Redis key namespace no other test uses."""
    return unique("test") + ":"


@pytest.fixture
async def blob_store(settings: Settings) -> AsyncIterator[BlobStore]:
    """The session's S3 store, its buckets created when the services came up."""
    async with BlobStore(settings) as store:
        yield store


@pytest.fixture
def blob_prefix() -> str:
    """An object key namespace no other test uses."""
    return unique("test") + "/"


@pytest.fixture(scope="session")
def template_database(settings: Settings) -> Iterator[str]:
    """A migrated database that each pipeline test clones (CREATE DATABASE … TEMPLATE)."""
    name = unique("template")
    _admin(settings, f'CREATE DATABASE "{name}"')
    try:
        migrate.upgrade(database_url(settings, name))
        yield name
    finally:
        _admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pipeline_settings(settings: Settings, template_database: str) -> Iterator[Settings]:
    """Settings of a private Pacer deployment: its own migrated database and topic prefix."""
    with private_deployment(settings, template_database) as private:
        yield private


@contextmanager
def private_deployment(settings: Settings, template_database: str) -> Iterator[Settings]:
    name = unique("pacer")
    _admin(settings, f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"')
    try:
        yield settings.model_copy(
            update={
                "database_url": database_url(settings, name),
                "kafka_topic_prefix": f"{name}.",
            }
        )
    finally:
        _admin(settings, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def engine(pipeline_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(pipeline_settings, pool_size=5)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def bus(pipeline_settings: Settings, engine: AsyncEngine) -> CommandBus:
    """Pacer's command bus on the private deployment's database."""
    return command_bus(pipeline_settings, engine)


def database_url(settings: Settings, name: str) -> str:
    return settings.database_dsn.rsplit("/", 1)[0] + f"/{name}"


def _admin(settings: Settings, statement: str) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(sync_dsn(settings.database_dsn))
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    # Session fixtures are synchronous; this runs in a loop of its own in a worker thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
