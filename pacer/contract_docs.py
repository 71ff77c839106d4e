"""Generates the published contract documents (`pacer contracts export`): the AsyncAPI document
of the topics, one JSON Schema per event type, and the OpenAPI documents of both APIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from contracts.compatibility import breaking_changes
from contracts.envelope import EventEnvelope
from contracts.events import DEAD_LETTER_TOPIC, EventTypes, topic_of
from infra.settings import Settings
from pacer import bootstrap

DOCS = Path(__file__).resolve().parents[1] / "docs"
ASYNCAPI_FILE = DOCS / "asyncapi.json"
SCHEMA_DIR = DOCS / "schemas"
OPENAPI_FILES = {
    "command-api": DOCS / "openapi-command.json",
    "query-api": DOCS / "openapi-query.json",
}

ENVELOPE_NOTE = (
    "Each record's value is the JSON event; its key is the aggregate id. CloudEvents 1.0 "
    "attributes travel as headers (binary mode): `ce_id`, `ce_source`, `ce_type` (e.g. "
    "`pacer.training.RunRecorded.v1`), `ce_specversion`, `ce_time`, `ce_subject`, "
    "`content-type`, plus `ce_aggregateid`, `ce_aggregateversion`, `ce_correlationid`, "
    "`ce_causationid`, `ce_actor` and the W3C `traceparent`. Delivery is at least once: "
    "deduplicate on `ce_id`. Events of one aggregate arrive in `ce_aggregateversion` order."
)


def asyncapi_document(event_types: EventTypes | None = None) -> dict[str, Any]:
    event_types = event_types or bootstrap.contexts().event_types()
    broker = KafkaBroker("localhost:9092", description="Any Kafka cluster Pacer publishes to.")
    for context in sorted({cls.context for cls in event_types}):
        events = tuple(cls for cls in event_types if cls.context == context)
        broker.publisher(
            topic_of(context),
            title=topic_of(context),
            description=f"Events of the {context} context. {ENVELOPE_NOTE}",
            schema=Union[events] if len(events) > 1 else events[0],  # noqa: UP007
        )
    broker.publisher(
        DEAD_LETTER_TOPIC,
        title=DEAD_LETTER_TOPIC,
        description="Events a projection or a reactor could not handle, unchanged, with "
        "`x-pacer-projection` or `x-pacer-reactor`, `x-pacer-error` and `x-pacer-source` "
        "(topic/partition/offset) headers added.",
    )
    spec = AsyncAPI(
        broker,
        title="Pacer events",
        version="1.0.0",
        description="Pacer's integration contract: versioned domain events on Kafka topics, "
        "one topic per bounded context.",
    )
    document: dict[str, Any] = json.loads(spec.to_specification().to_json())
    return document


def event_schemas(event_types: EventTypes | None = None) -> dict[str, dict[str, Any]]:
    event_types = event_types or bootstrap.contexts().event_types()
    schemas = {cls.event_type(): cls.model_json_schema() for cls in event_types}
    schemas["envelope"] = EventEnvelope.model_json_schema()
    return schemas


def openapi_documents() -> dict[str, dict[str, Any]]:
    settings = Settings(_env_file=None)
    return {
        "command-api": bootstrap.command_app(settings).openapi(),
        "query-api": bootstrap.query_app(settings).openapi(),
    }


def write_contract_documents() -> list[Path]:
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    written = [_write(ASYNCAPI_FILE, asyncapi_document())]
    for name, document in openapi_documents().items():
        written.append(_write(OPENAPI_FILES[name], document))
    for name, schema in event_schemas().items():
        path = SCHEMA_DIR / f"{name}.json"
        if path.exists() and name != "envelope":
            problems = breaking_changes(json.loads(path.read_text()), schema)
            if problems:
                raise IncompatibleEventError(
                    f"{name} is published; {'; '.join(problems)}. Publish a new version instead."
                )
        written.append(_write(path, schema))
    return written


class IncompatibleEventError(ValueError):
    """A change would break consumers of an event version that is already published."""


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    return path
