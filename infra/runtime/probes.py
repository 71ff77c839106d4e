"""Readiness checks that use the same clients as the application, so 'ready' means usable."""

from __future__ import annotations

import asyncio
import uuid

import aioboto3
import asyncpg
import redis.asyncio as aioredis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from infra.blobs import client_config

PROBE_TOPIC = "__pacer_readiness"
TIMEOUT_S = 30.0


async def probe_kafka(bootstrap_servers: str) -> int:
    """Fetch cluster metadata, produce one keyed record with acks=all and consume it back.

    Returns the number of brokers in the cluster metadata.
    """
    nonce = uuid.uuid4().bytes
    await _ensure_topic(bootstrap_servers, PROBE_TOPIC)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, acks="all", request_timeout_ms=int(TIMEOUT_S * 1000)
    )
    await producer.start()
    try:
        metadata = await producer.client.fetch_all_metadata()
        record = await asyncio.wait_for(
            producer.send_and_wait(PROBE_TOPIC, value=nonce, key=b"probe"), TIMEOUT_S
        )
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
    await consumer.start()
    try:
        partition = TopicPartition(record.topic, record.partition)
        consumer.assign([partition])
        consumer.seek(partition, record.offset)
        message = await asyncio.wait_for(consumer.getone(), TIMEOUT_S)
    finally:
        await consumer.stop()
    if message.value != nonce:
        raise RuntimeError("Kafka returned a different record than the one produced")
    return len(metadata.brokers())


async def _ensure_topic(bootstrap_servers: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        if topic not in await admin.list_topics():
            await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()


async def probe_postgres(dsn: str) -> str:
    """Connect, check that pgvector is available, and return the server version."""
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        version: str = await conn.fetchval("SHOW server_version")
        available = await conn.fetchval(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'"
        )
    finally:
        await conn.close()
    if not available:
        raise RuntimeError("PostgreSQL has no pgvector extension available")
    return version


async def probe_redis(url: str) -> str:
    """Write, read back and delete a key; return the server version."""
    client = aioredis.Redis.from_url(url, socket_timeout=5)
    try:
        key = f"pacer:probe:{uuid.uuid4().hex}"
        await client.set(key, "ok", ex=10)
        if await client.get(key) != b"ok":
            raise RuntimeError("Redis did not return the value just written")
        await client.delete(key)
        info = await client.info("server")
    finally:
        await client.aclose()
    return str(info["redis_version"])


async def probe_s3(endpoint: str, access_key: str, secret_key: str, region: str) -> int:
    """List the buckets with a signed request (so the keys are checked too); return how many."""
    client = aioboto3.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=client_config(timeout_s=10, attempts=1),
    )
    async with client as s3:
        listing = await s3.list_buckets()
    return len(listing.get("Buckets", []))
