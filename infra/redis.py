"""The Redis client of an API process (sessions, rate limits), built by its composition root."""

from __future__ import annotations

import redis.asyncio as aioredis

from infra.settings import Settings


def redis_client(settings: Settings) -> aioredis.Redis:
    # Short time-outs: a request waits on Redis for at most a second before it fails.
    return aioredis.Redis.from_url(
        settings.redis_dsn, socket_timeout=1.0, socket_connect_timeout=1.0, health_check_interval=30
    )


def namespace(settings: Settings) -> str:
    """Prefix of every Redis key of this deployment (deployments may share a Redis)."""
    return f"{settings.kafka_topic_prefix}pacer:"
