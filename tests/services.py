"""Where the test session's real services come from, in order of preference:

1. URLs already given (`KAFKA_BOOTSTRAP_SERVERS`, `DATABASE_URL`, `REDIS_URL`, `PACER_S3_URL`)
   are reused;
2. with a reachable Docker engine, testcontainers starts the missing ones but the S3 store;
3. otherwise Pacer's own local runtime starts them, on free ports, in a throw-away folder.

The local runtime always provides a missing S3 store (s3proxy is a jar, as fast to start as a
container), and creates the buckets on whichever store is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from infra.runtime.process import free_port
from infra.runtime.stack import DevStack
from infra.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEST_SECRET = "test-secret-" + "x" * 40
UNLIMITED = "1000000/minute"


def docker_engine_reachable() -> bool:
    if os.environ.get("PACER_TESTS_NO_DOCKER"):
        return False
    # The docker client leaks its socket when the engine refuses; look before knocking.
    if "DOCKER_HOST" not in os.environ and not Path("/var/run/docker.sock").exists():
        return False
    import docker

    try:
        client = docker.from_env(timeout=3)
    except Exception:  # no client configuration: no engine we can use
        return False
    try:
        return bool(client.ping())
    except Exception:  # refused, absent socket, time-out: no engine we can use
        return False
    finally:
        client.close()


@contextmanager
def _containers(settings: Settings) -> Iterator[dict[str, Any]]:
    """Start a container for each service the settings do not already point at."""
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer

    urls: dict[str, Any] = {}
    with ExitStack() as stack:
        if settings.kafka_bootstrap_servers is None:
            kafka = stack.enter_context(KafkaContainer("confluentinc/cp-kafka:8.0.0").with_kraft())
            urls["kafka_bootstrap_servers"] = kafka.get_bootstrap_server()
        if settings.database_url is None:
            pg = stack.enter_context(PostgresContainer("pgvector/pgvector:pg16", driver="asyncpg"))
            urls["database_url"] = pg.get_connection_url()
        if settings.redis_url is None:
            redis = stack.enter_context(RedisContainer("redis:7"))
            host, port = redis.get_container_host_ip(), redis.get_exposed_port(6379)
            urls["redis_url"] = f"redis://{host}:{port}/0"
        yield urls


@contextmanager
def test_services(workdir: Path) -> Iterator[Settings]:
    """Settings whose four services are real and running for the whole test session."""
    base: dict[str, Any] = {
        "environment": "test",
        "jwt_secret": TEST_SECRET,
        "var_dir": workdir,
        "cache_dir": PROJECT_ROOT / ".cache",
        "kafka_port": free_port(),
        "kafka_controller_port": free_port(),
        "postgres_port": free_port(),
        "redis_port": free_port(),
        "s3_port": free_port(),
        # The processes' metrics ports too: a development stack may hold the default ones.
        **{name: free_port() for name in Settings.model_fields if name.endswith("_metrics_port")},
        # Every test calls from 127.0.0.1, many of them as one account: limits per address and
        # per account would throttle the suite. The tests of the limits set their own.
        **{name: UNLIMITED for name in Settings.model_fields if name.startswith("limit_")},
    }
    settings = Settings(_env_file=None, **base)
    with ExitStack() as stack:
        if docker_engine_reachable():
            urls = stack.enter_context(_containers(settings))
            settings = Settings(_env_file=None, **base, **urls)
        local = DevStack(settings)
        stack.callback(local.down)
        local.up()
        yield settings
