"""Settings refuse insecure secrets outside development and read the conventional URLs."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from infra.settings import DEVELOPMENT_JWT_SECRET, Environment, Settings


def make(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_development_runs_on_the_development_key() -> None:
    settings = make(environment="development")
    assert settings.signing_key == DEVELOPMENT_JWT_SECRET


@pytest.mark.parametrize("environment", ["test", "production"])
@pytest.mark.parametrize("secret", [None, "short", DEVELOPMENT_JWT_SECRET])
def test_other_profiles_refuse_a_missing_weak_or_development_secret(
    environment: str, secret: str | None
) -> None:
    with pytest.raises(ValidationError, match="PACER_JWT_SECRET"):
        make(environment=environment, jwt_secret=secret)


def test_production_accepts_a_long_random_secret() -> None:
    settings = make(environment="production", jwt_secret="q" * 48)
    assert settings.environment is Environment.PRODUCTION
    assert settings.signing_key == "q" * 48


def test_service_urls_come_from_their_conventional_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://pacer@db/pacer")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")
    settings = make()
    assert settings.kafka_bootstrap == "kafka-1:9092,kafka-2:9092"
    assert settings.database_dsn == "postgresql+asyncpg://pacer@db/pacer"
    assert settings.redis_dsn == "redis://cache:6379/1"


def test_local_addresses_follow_the_configured_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = make(kafka_port=19092, postgres_port=15432, redis_port=16379)
    assert settings.kafka_bootstrap == "127.0.0.1:19092"
    assert settings.database_dsn == "postgresql+asyncpg://postgres@127.0.0.1:15432/pacer"
    assert settings.redis_dsn == "redis://127.0.0.1:16379/0"
