"""The AsyncAPI 3.0 document of Pacer's topics (`docs/asyncapi.json`).

FastStream lays out the server and, per topic, a channel with its Kafka binding and a `send`
operation. It knows one payload per publisher and nothing of headers or keys, so the messages
are built here: one per event type, named by its versioned type (`pacer.training.RunRecorded.v1`),
with the CloudEvents headers it travels with (`ce_type` fixed, so a record matches one message
only), its key and its payload schema; and the dead-letter message.
"""

from __future__ import annotations

import json
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from contracts.envelope import EventEnvelope, header_of, source_of
from contracts.events import DEAD_LETTER_TOPIC, DomainEvent, EventTypes
from contracts.personal import published_schema, subject_field_of
from infra.kafka import ERROR_HEADER, MAX_ERROR_HEADER, SOURCE_HEADER, consumer_header

KAFKA_BINDING = "0.4.0"  # the version FastStream writes for the channels
DEAD_LETTER_MESSAGE = "pacer.deadletter.Parked"
DEAD_LETTER_ROLES = {"projection": "The projection", "reactor": "The reactor"}

# Every header value is a UTF-8 string; these say which strings.
HEADER_VALUES: dict[str, dict[str, str]] = {
    "id": {"format": "uuid"},
    "time": {"format": "date-time"},
    "aggregateversion": {"pattern": "^[1-9][0-9]*$"},
    "datasubject": {"format": "uuid"},
    "traceparent": {"pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"},
}
OPTIONAL_ATTRIBUTES = {"causationid"}  # sent only when an event caused this one

KEY = {
    "type": "string",
    "description": "The aggregate id (as in `ce_aggregateid` and `ce_subject`): one aggregate's "
    "events share a partition and arrive in `ce_aggregateversion` order.",
}
CORRELATION_ID = {
    "description": "Shared by every event one request caused.",
    "location": f"$message.header#/{header_of('correlationid')}",
}


def asyncapi_document(event_types: EventTypes) -> dict[str, Any]:
    topics = sorted({cls.topic() for cls in event_types})
    document = _layout(topics)
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in topics:
        events = [cls for cls in event_types if cls.topic() == topic]
        for event in events:
            messages[event.event_type()] = _event_message(event, schemas)
        _attach(document, topic, [event.event_type() for event in events])
    messages[DEAD_LETTER_MESSAGE] = _dead_letter_message(event_types)
    _attach(document, DEAD_LETTER_TOPIC, [DEAD_LETTER_MESSAGE])
    document["components"] = {"messages": messages, "schemas": schemas}
    return document


def _record_headers(event: type[DomainEvent] | None) -> dict[str, Any]:
    """The headers of a record of `event` (of any event when None): the envelope's attributes
    by their header names, all but `ce_causationid` always sent."""
    fixed = {"source": source_of(event.context), "type": event.event_type()} if event else {}
    properties = {}
    for attribute, field in EventEnvelope.model_fields.items():
        header = {"type": "string", "description": field.description}
        header |= HEADER_VALUES.get(attribute, {})
        if isinstance(value := fixed.get(attribute, field.default), str):
            header["const"] = value  # the type and source, the spec version, the content type
        properties[header_of(attribute)] = header
    # The data subject is sent with the events of a type that names one, and only with them.
    optional = OPTIONAL_ATTRIBUTES | (
        set() if event is not None and subject_field_of(event) else {"datasubject"}
    )
    required = [header_of(a) for a in EventEnvelope.model_fields if a not in optional]
    headers = {"type": "object", "properties": properties, "required": required}
    # An event's record carries these headers and no others; a dead letter adds its own.
    return headers | {"additionalProperties": False} if event else headers


def _layout(topics: list[str]) -> dict[str, Any]:
    broker = KafkaBroker("localhost:9092", description="Any Kafka cluster Pacer publishes to.")
    for topic in topics:
        broker.publisher(
            topic,
            title=topic,
            description=f"Events of the {topic.removeprefix('pacer.')} context, one message "
            "per event type (told apart by `ce_type`). Delivery is at least once: deduplicate "
            "on `ce_id`. Events of one aggregate arrive in `ce_aggregateversion` order.",
        )
    broker.publisher(
        DEAD_LETTER_TOPIC,
        title=DEAD_LETTER_TOPIC,
        description="Events a projection or a reactor gave up on, unchanged (key, value and "
        "headers), with headers added that say who gave up, why and where the record was read.",
    )
    spec = AsyncAPI(
        broker,
        title="Pacer events",
        version="1.0.0",
        description="Pacer's integration contract: versioned domain events on Kafka topics, one "
        "topic per bounded context. Each record is a CloudEvents 1.0 event in binary mode: the "
        "attributes in `ce_` headers, the event as the JSON value, the aggregate id as the key. "
        "`PACER_KAFKA_TOPIC_PREFIX` may put a prefix before every topic name.",
    )
    document: dict[str, Any] = json.loads(spec.to_specification().to_json())
    return document


def _attach(document: dict[str, Any], topic: str, names: list[str]) -> None:
    """Make `names` (components' messages) the messages of the topic's channel and operation."""
    document["channels"][topic]["messages"] = {
        name: {"$ref": f"#/components/messages/{name}"} for name in names
    }
    document["operations"][topic]["messages"] = [
        {"$ref": f"#/channels/{topic}/messages/{name}"} for name in names
    ]


def _event_message(event: type[DomainEvent], schemas: dict[str, Any]) -> dict[str, Any]:
    payload = published_schema(event.model_json_schema(ref_template="#/components/schemas/{model}"))
    schemas.update(payload.pop("$defs", {}))
    schemas[event.event_type()] = payload
    return {
        "name": event.event_type(),
        "title": f"{event.name} v{event.version}",
        "summary": (event.__doc__ or event.name).strip().splitlines()[0],
        "contentType": "application/json",
        "headers": _record_headers(event),
        "payload": {"$ref": f"#/components/schemas/{event.event_type()}"},
        "correlationId": CORRELATION_ID,
        "bindings": {"kafka": {"key": KEY, "bindingVersion": KAFKA_BINDING}},
    }


def _dead_letter_message(event_types: EventTypes) -> dict[str, Any]:
    original = _record_headers(None)["properties"]
    added: dict[str, dict[str, Any]] = {
        consumer_header(role): {"type": "string", "description": f"{who} that gave up on it."}
        for role, who in DEAD_LETTER_ROLES.items()
    }
    added[ERROR_HEADER] = {
        "type": "string",
        "maxLength": MAX_ERROR_HEADER,
        "description": "Why: the error's class and a short message that quotes no value (no "
        "SQL, no parameters, nothing the event carried), e.g. `IntegrityError: "
        "CheckViolationError, SQLSTATE 23514, table runs_view, constraint …`.",
    }
    added[SOURCE_HEADER] = {
        "type": "string",
        "pattern": "^.+/[0-9]+/[0-9]+$",
        "description": "Where the record was read: `<topic>/<partition>/<offset>`.",
    }
    events = [{"$ref": f"#/components/schemas/{cls.event_type()}"} for cls in event_types]
    return {
        "name": DEAD_LETTER_MESSAGE,
        "title": "Parked event",
        "summary": "An event a consumer gave up on, with the reason.",
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "description": "The original record's headers, unchanged (those of its event "
            "message, unless it was parked for lacking them), and the reason.",
            "properties": original | added,
            "required": [ERROR_HEADER, SOURCE_HEADER],
            "oneOf": [{"required": [consumer_header(role)]} for role in DEAD_LETTER_ROLES],
        },
        "payload": {
            "description": "The original record's value, unchanged: the event named by "
            "`ce_type`, unless it was parked because it is not a valid one.",
            "anyOf": [*events, {"description": "A value no event schema accepts."}],
        },
        "correlationId": CORRELATION_ID,
        "bindings": {"kafka": {"key": KEY, "bindingVersion": KAFKA_BINDING}},
    }
