"""Contracts: strict command bounds, the CloudEvents envelope, consistency tokens, and the
compatibility of published event schemas."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import jsonschema_rs
import pytest
from pydantic import ValidationError

from contracts.compatibility import breaking_changes
from contracts.consistency import InvalidConsistencyTokenError, StreamPosition
from contracts.envelope import EventEnvelope, source_of
from contracts.events import DEAD_LETTER_TOPIC, DomainEvent
from contracts.identity.events import AccountRegistered
from contracts.personal import subject_field_of
from contracts.training.commands import RunCreate
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from pacer import bootstrap
from pacer.contract_docs import (
    ASYNCAPI_FILE,
    OPENAPI_FILES,
    SCHEMA_DIR,
    asyncapi_document,
    event_schemas,
    openapi_documents,
)

NOW = datetime.now(UTC)
VALID = {"distance_km": 10.0, "duration_s": 3600, "started_at": NOW - timedelta(hours=2)}


@pytest.mark.parametrize(
    "change",
    [
        {"distance_km": 0},
        {"distance_km": 1000.01},
        {"duration_s": 0},
        {"duration_s": 7 * 24 * 3600 + 1},
        {"started_at": NOW + timedelta(days=1)},  # NOW is taken at import: leave a wide margin
        {"started_at": "2026-11-01T07:00:00"},  # no offset
        {"avg_heart_rate": 300},
        {"pace_s_per_km": 300},  # derived, never sent
        {"distance_km": 0.009},  # under 10 m
        {"distance_km": True},
        {"distance_km": "5"},
        {"duration_s": 300.5},
        {"distance_km": 1e-308},  # the run that broke weekly totals
        {"started_at": 1_764_000_000},  # a Unix timestamp
        {"started_at": "1764000000"},
        {"started_at": "1899-12-31T23:59:59Z"},
        {"started_at": "0001-01-01T00:00:00+14:00"},
        {"notes": "a\x00b"},
    ],
)
def test_run_commands_refuse_values_out_of_bounds(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        RunCreate.model_validate({**VALID, **change})


def test_a_start_within_clock_skew_is_accepted() -> None:
    run = RunCreate.model_validate({**VALID, "started_at": NOW + timedelta(minutes=2)})
    assert run.distance_km == 10.0


TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def an_envelope(event: type[DomainEvent] = RunRecorded) -> EventEnvelope:
    return EventEnvelope(
        id=uuid4(),
        source=source_of(event.context),
        type=event.event_type(),
        time=NOW,
        subject="run-1",
        aggregateid="run-1",
        aggregateversion=3,
        correlationid="corr-1",
        actor="athlete-1",
        traceparent=TRACEPARENT,
        datasubject=uuid4() if subject_field_of(event) else None,
    )


def test_envelope_travels_as_cloudevents_binary_headers() -> None:
    envelope = an_envelope()
    headers = dict(envelope.to_headers())
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_type"] == b"pacer.training.RunRecorded.v2"
    assert headers["content-type"] == b"application/json"
    assert headers["traceparent"] == TRACEPARENT.encode()  # the W3C header, not `ce_traceparent`
    assert "ce_traceparent" not in headers
    assert "ce_causationid" not in headers
    assert EventEnvelope.from_headers(envelope.to_headers()) == envelope


def test_consistency_tokens_round_trip_and_reject_forgeries() -> None:
    position = StreamPosition("stream-1", 4)
    assert StreamPosition.decode(position.encode()) == position
    for forged in ["", "not-base64!", "eyJ4IjoxfQ", StreamPosition("s", 1).encode()[:-3]]:
        with pytest.raises(InvalidConsistencyTokenError):
            StreamPosition.decode(forged)


SCHEMA = {
    "properties": {"a": {"type": "string"}, "b": {"type": "integer", "title": "B"}},
    "required": ["a"],
}


@pytest.mark.parametrize(
    ("current", "complaint"),
    [
        ({"properties": {"a": {"type": "string"}}, "required": ["a"]}, "`b` was removed"),
        (
            {"properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a"]},
            "`a` changed",
        ),
        ({**SCHEMA, "required": ["a", "b"]}, "`b` became required"),
    ],
)
def test_breaking_changes_are_detected(current: dict[str, Any], complaint: str) -> None:
    assert any(complaint in problem for problem in breaking_changes(SCHEMA, current))


def test_new_optional_fields_and_new_descriptions_are_compatible() -> None:
    current = {
        "properties": {
            "a": {"type": "string", "description": "now documented"},
            "b": {"type": "integer", "title": "Renamed title"},
            "c": {"type": "string"},
        },
        "required": ["a"],
    }
    assert breaking_changes(SCHEMA, current) == []


def test_published_event_versions_stay_backward_compatible() -> None:
    current = event_schemas()
    published = sorted(SCHEMA_DIR.glob("pacer.*.json"))
    assert published, "run `uv run pacer contracts export` to publish the schemas"
    readers = bootstrap.contexts().event_types()
    for path in published:
        event_type = path.name.removesuffix(".json")
        schema = json.loads(path.read_text())
        if event_type not in current:  # superseded: its records are still read, as they were
            reader = readers.of(event_type)
            assert event_type in reader.type_names(), f"{event_type} was published; read it"
            assert set(schema["required"]) <= set(reader.model_fields), event_type
            continue
        problems = breaking_changes(schema, current[event_type])
        assert problems == [], f"{event_type}: {problems}; publish a new version instead"


EVENTS = [AccountRegistered, RunRecorded, RunCorrected, RunDeleted]
ALWAYS_SENT = {
    *("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "ce_subject", "content-type"),
    *("ce_aggregateid", "ce_aggregateversion", "ce_correlationid", "ce_actor", "traceparent"),
}


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.event_type())
def test_a_record_matches_exactly_one_message_of_its_topic(event: type[DomainEvent]) -> None:
    document = asyncapi_document()
    channel = document["channels"][event.topic()]
    headers = {name: value.decode() for name, value in an_envelope(event).to_headers()}
    matching = [
        name
        for name in channel["messages"]
        if jsonschema_rs.is_valid(document["components"]["messages"][name]["headers"], headers)
    ]
    assert matching == [event.event_type()]


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.event_type())
def test_each_event_message_documents_its_headers_key_and_payload(
    event: type[DomainEvent],
) -> None:
    message = asyncapi_document()["components"]["messages"][event.event_type()]
    headers = message["headers"]
    sent = ALWAYS_SENT | ({"ce_datasubject"} if subject_field_of(event) else set())
    assert set(headers["required"]) == sent
    assert headers["properties"].keys() == ALWAYS_SENT | {"ce_causationid", "ce_datasubject"}
    assert message["correlationId"]["location"] == "$message.header#/ce_correlationid"
    assert "key" in message["bindings"]["kafka"]
    assert message["payload"] == {"$ref": f"#/components/schemas/{event.event_type()}"}


def test_the_dead_letter_message_documents_why_and_where() -> None:
    document = asyncapi_document()
    [name] = document["channels"][DEAD_LETTER_TOPIC]["messages"]
    headers = document["components"]["messages"][name]["headers"]
    assert {"x-pacer-projection", "x-pacer-reactor"} <= headers["properties"].keys()
    assert {"x-pacer-error", "x-pacer-source"} <= set(headers["required"])


def test_the_published_documents_are_up_to_date() -> None:
    stale = "run `uv run pacer contracts export`"
    assert json.loads(ASYNCAPI_FILE.read_text()) == asyncapi_document(), stale
    for name, document in openapi_documents().items():
        assert json.loads(OPENAPI_FILES[name].read_text()) == document, stale
