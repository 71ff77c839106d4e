"""Generates the published contract documents (`pacer contracts export`): the AsyncAPI document
of the topics (built in `pacer/asyncapi.py`), one JSON Schema per event type, and the OpenAPI
documents of both APIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts.compatibility import breaking_changes
from contracts.envelope import EventEnvelope
from contracts.events import EventTypes
from contracts.personal import published_schema
from infra.settings import Settings
from pacer import asyncapi, bootstrap

DOCS = Path(__file__).resolve().parents[1] / "docs"
ASYNCAPI_FILE = DOCS / "asyncapi.json"
SCHEMA_DIR = DOCS / "schemas"
OPENAPI_FILES = {
    "command-api": DOCS / "openapi-command.json",
    "query-api": DOCS / "openapi-query.json",
}


def asyncapi_document(event_types: EventTypes | None = None) -> dict[str, Any]:
    return asyncapi.asyncapi_document(event_types or bootstrap.contexts().event_types())


def event_schemas(event_types: EventTypes | None = None) -> dict[str, dict[str, Any]]:
    event_types = event_types or bootstrap.contexts().event_types()
    schemas = {cls.event_type(): published_schema(cls.model_json_schema()) for cls in event_types}
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
