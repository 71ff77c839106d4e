"""Settings refuse insecure secrets outside development and read the conventional URLs."""

from __future__ import annotations

from pathlib import Path
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


def test_blob_storage_defaults_to_the_local_store_and_two_buckets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PACER_S3_URL", raising=False)
    settings = make()
    assert settings.s3_endpoint == "http://127.0.0.1:9000"
    assert (settings.s3_uploads_bucket, settings.s3_derived_bucket) == (
        "pacer-uploads",
        "pacer-derived",
    )
    assert settings.s3_region == "us-east-1"
    assert settings.upload_max_bytes == 200 * 1024 * 1024
    assert settings.upload_url_ttl_s == settings.derived_url_ttl_s == 900
    assert make(s3_port=19000).s3_endpoint == "http://127.0.0.1:19000"
    assert make(s3_url="https://s3.example.com").s3_endpoint == "https://s3.example.com"


def test_production_refuses_the_development_s3_secret_for_an_external_store() -> None:
    production = {"environment": "production", "jwt_secret": "q" * 48}
    with pytest.raises(ValidationError, match="PACER_S3_SECRET_KEY"):
        make(**production, s3_url="https://s3.example.com")
    chosen = make(**production, s3_url="https://s3.example.com", s3_secret_key="s" * 40)
    assert chosen.s3_secret_key.get_secret_value() == "s" * 40
    assert "s" * 40 not in repr(chosen)


@pytest.mark.parametrize("name", ["Uploads", "pacer_uploads", "ab", "-pacer", "x" * 64])
def test_bucket_names_follow_s3_rules(name: str) -> None:
    with pytest.raises(ValidationError):
        make(s3_uploads_bucket=name)


def test_a_copy_with_other_folders_uses_them(tmp_path: Path) -> None:
    original = Settings(var_dir=tmp_path / "a", cache_dir=tmp_path / "c")
    assert original.var_path == tmp_path / "a"  # computed before copying

    copy = original.model_copy(update={"var_dir": tmp_path / "b", "cache_dir": tmp_path / "d"})

    assert (copy.var_path, copy.cache_path) == (tmp_path / "b", tmp_path / "d")


def test_production_with_strava_needs_its_own_secrets() -> None:
    production = {"environment": "production", "jwt_secret": "q" * 48,
                  "strava_api_url": "https://www.strava.com/api/v3"}  # fmt: skip
    with pytest.raises(ValidationError, match="PACER_STRAVA_CLIENT_SECRET"):
        make(**production)
    secrets = {"strava_client_secret": "s" * 40, "strava_verify_token": "v" * 40,
               "strava_token_key": "cGFjZXItcHJvZHVjdGlvbi1rZXktZm9yLXRlc3RzLTAh"}  # fmt: skip
    assert make(**production, **secrets).strava_token_keys == [secrets["strava_token_key"]]
