"""compose.yaml cannot run on machines without Docker; its structure is checked here instead."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pacer.processes import PROCESSES
from tests.services import PROJECT_ROOT

INFRA = {"kafka", "postgres", "redis"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
    return document


def env(service: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in service["environment"].items()}


def test_infrastructure_services_publish_their_ports_and_have_healthchecks(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    assert services.keys() >= INFRA
    expected_ports = {"kafka": "9092:9092", "postgres": "5432:5432", "redis": "6379:6379"}
    for name, port in expected_ports.items():
        assert port in services[name]["ports"]
        check = services[name]["healthcheck"]
        assert check["test"]
        assert check["interval"]
        assert check["retries"] > 0
        assert "profiles" not in services[name]


def test_kafka_runs_in_kraft_combined_mode_for_one_node(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:4.")
    settings = env(kafka)
    assert settings["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert settings["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert "EXTERNAL://localhost:9092" in settings["KAFKA_ADVERTISED_LISTENERS"]
    assert settings["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"


def test_postgres_image_carries_pgvector(compose: dict[str, Any]) -> None:
    assert compose["services"]["postgres"]["image"].startswith("pgvector/pgvector:pg16")


def test_app_processes_wait_for_healthy_services_and_the_migration(
    compose: dict[str, Any],
) -> None:
    apps = {
        name: service
        for name, service in compose["services"].items()
        if "app" in service.get("profiles", [])
    }
    assert {"migrate", *PROCESSES} <= apps.keys()
    for process in PROCESSES:
        assert apps[process]["command"] == ["pacer", "serve", process]
    for name, service in apps.items():
        assert service["build"] == "."
        conditions = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert conditions["postgres"] == "service_healthy", name
        if name != "migrate":
            assert conditions == {
                "kafka": "service_healthy",
                "postgres": "service_healthy",
                "redis": "service_healthy",
                "migrate": "service_completed_successfully",
            }
        settings = env(service)
        assert settings["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:29092"
        assert settings["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert settings["REDIS_URL"].startswith("redis://redis:")


def test_the_local_strava_runs_under_the_dev_profile_and_the_apps_point_at_it(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    strava = services["local-strava"]
    assert strava["profiles"] == ["dev"]
    assert "9011:9011" in strava["ports"]
    assert "tests.support.local_strava" in strava["command"]
    api = env(services["command-api"])
    assert "local-strava:9011/api/v3" in api["PACER_STRAVA_API_URL"]
    assert "localhost:9011/oauth/authorize" in api["PACER_STRAVA_AUTHORIZE_URL"]
