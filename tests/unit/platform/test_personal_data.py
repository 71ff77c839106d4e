"""Personal fields sealed per data subject, opened with the subject's key, read as erased once it
is destroyed — and never opened, nor bypassed, without a context that asks."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from contracts.documents.events import PlanExportRequested
from contracts.identity.events import AccountRegistered
from contracts.integrations.events import StravaEventReceived
from contracts.nutrition.events.coach import CoachMessageSent
from contracts.personal import (
    ERASED,
    KEEP_SEALED,
    OPEN,
    PERSONAL_SCHEMA_KEY,
    SEAL,
    SEALED_PREFIX,
    SUBJECT_FIELDS,
    Opener,
    Sealer,
    decode_sealed,
    has_personal_fields,
    published_schema,
    sealed_subjects,
    subject_field_of,
    subject_of,
)
from contracts.social.events import FollowStarted
from contracts.training.events.runs import RunDeleted, RunRecorded
from contracts.training.sessions import Session
from pacer import bootstrap


def registered() -> AccountRegistered:
    return AccountRegistered(
        account_id=uuid4(), email="ada@example.org", display_name="Ada Lovelace", role="athlete"
    )


def test_personal_values_are_sealed_with_the_subjects_key_and_open_with_it() -> None:
    event = registered()
    key = os.urandom(32)
    sealed = event.model_dump(mode="json", context={SEAL: Sealer(event.account_id, key)})
    text = json.dumps(sealed)
    assert "ada@example.org" not in text
    assert "Lovelace" not in text
    assert sealed["email"].startswith(f"{SEALED_PREFIX}{event.account_id}:")
    assert sealed["role"] == "athlete"
    assert sealed["account_id"] == str(event.account_id)
    assert sealed_subjects(text) == {event.account_id}
    opened = AccountRegistered.model_validate(
        sealed, context={OPEN: Opener({event.account_id: key})}
    )
    assert opened == event


def test_a_destroyed_key_reads_as_erased_and_a_wrong_one_is_refused() -> None:
    event = registered()
    sealed = event.model_dump(mode="json", context={SEAL: Sealer(event.account_id, os.urandom(32))})
    gone = AccountRegistered.model_validate(
        sealed, context={OPEN: Opener({event.account_id: None})}
    )
    assert (gone.email, gone.display_name) == (ERASED, ERASED)
    with pytest.raises(ValidationError, match="does not open"):
        AccountRegistered.model_validate(
            sealed, context={OPEN: Opener({event.account_id: os.urandom(32)})}
        )


def test_each_sealing_differs_so_equal_values_cannot_be_matched() -> None:
    event = registered()
    sealer = Sealer(event.account_id, os.urandom(32))
    first, second = (event.model_dump(mode="json", context={SEAL: sealer}) for _ in range(2))
    assert first["email"] != second["email"]


def test_without_a_context_a_sealed_looking_value_is_plain_text_and_still_checked() -> None:
    forged = f"{SEALED_PREFIX}{uuid4()}:" + "A" * 200
    with pytest.raises(ValidationError):  # the session title's bound holds for it
        Session.model_validate({"kind": "easy", "title": forged})
    kept, raw = decode_sealed(
        RunRecorded,
        json.dumps({"run_id": str(uuid4()), "athlete_id": str(uuid4()), "distance_km": 5,
                    "duration_s": 1500, "started_at": "2026-01-01T07:00:00Z", "notes": forged}),
    )  # fmt: skip
    assert kept.notes == forged
    assert raw is not None


def test_nested_and_listed_personal_values_are_sealed_too() -> None:
    athlete = uuid4()
    message = CoachMessageSent(
        athlete_id=athlete, message_id=uuid4(), text="my knee hurts",
        history=[{"role": "athlete", "text": "I ran 10k"}],
    )  # fmt: skip
    sealed = json.dumps(
        message.model_dump(mode="json", context={SEAL: Sealer(athlete, os.urandom(32))})
    )
    assert "knee" not in sealed
    assert "10k" not in sealed
    assert KEEP_SEALED  # decoding keeps them sealed until keys are fetched
    kept, raw = decode_sealed(CoachMessageSent, sealed)
    assert kept.text.startswith(SEALED_PREFIX)
    assert raw == sealed


def test_a_strava_webhooks_updates_travel_sealed() -> None:
    athlete, key = uuid4(), os.urandom(32)
    received = StravaEventReceived(
        delivery_id=uuid4(), account_id=athlete, connection_id=uuid4(), object_type="activity",
        aspect_type="update", object_id=7, updates={"title": "Hill repeats with Anna"},
        event_time=datetime.now(UTC),
    )  # fmt: skip
    sealed = received.model_dump(mode="json", context={SEAL: Sealer(athlete, key)})
    assert "Anna" not in json.dumps(sealed)
    opened = StravaEventReceived.model_validate(sealed, context={OPEN: Opener({athlete: key})})
    assert opened.updates == {"title": "Hill repeats with Anna"}
    erased = StravaEventReceived.model_validate(sealed, context={OPEN: Opener({})})
    assert erased.updates == {"title": ERASED}


def test_every_event_with_personal_fields_names_its_subject_and_a_new_version() -> None:
    personal = [cls for cls in bootstrap.contexts().event_types() if has_personal_fields(cls)]
    assert AccountRegistered in personal
    assert PlanExportRequested in personal
    assert RunDeleted not in personal
    assert FollowStarted not in personal
    for cls in personal:
        assert subject_field_of(cls) in SUBJECT_FIELDS, cls
        assert cls.version >= 2, cls
        assert cls.earlier_versions == tuple(range(1, cls.version)), cls
    event = registered()
    assert subject_of(event) == event.account_id


def test_the_published_schema_shows_personal_fields_as_sealed_strings() -> None:
    schema = published_schema(AccountRegistered.model_json_schema())
    email = schema["properties"]["email"]
    assert email[PERSONAL_SCHEMA_KEY] is True
    assert email["pattern"].startswith("^pacer:sealed:v1:")
    assert "format" not in email
    run = published_schema(RunRecorded.model_json_schema())["properties"]["notes"]
    assert {"type": "null"} in run["anyOf"]


def test_text_that_only_looks_sealed_names_no_subject() -> None:
    fake = f"{SEALED_PREFIX}{'-' * 36}:x"
    real = uuid4()
    assert sealed_subjects(f'["{fake}", "{SEALED_PREFIX}{real}:abc"]') == {real}


# Text fields of job payloads that are not personal, and why: every other text a job carries
# waits in Redis, so it must be marked personal (and is sealed while it waits).
NOT_PERSONAL = {
    "exercise": "one of Pacer's exercise names",
    "object_key": "a storage key of ids",
    "request.days.*.reason": "why a day is of its kind, from its session's kind",
    "slot": "a meal slot's name",
    "meal_types.*": "a meal type's name",
    "sport_type": "Strava's sport type",
    "start_date_local": "a date",
    "request.slots.*": "a meal slot's name",
    "request.own_recipes.*.slots.*": "a meal slot's name",
    "request.own_recipes.*.ingredients.*.food_id": "an id of Pacer's food table",
    "week.days.*.meals.*.slot": "a meal slot's name",
    "week.days.*.meals.*.recipe_id": "a catalog recipe's id, or an own recipe's UUID",
    "week.swapped_out.*.slot": "a meal slot's name",
    "week.swapped_out.*.recipe_id": "a catalog recipe's id, or an own recipe's UUID",
    "week.shopping_list.*.food_id": "an id of Pacer's food table",
    "week.shopping_list.*.name": "a name of Pacer's food table",
    "week.shopping_list.*.aisle": "an aisle of Pacer's food table",
    "week.shopping_list.*.amount": "an amount Pacer writes",
}


def _free_text(node: Any, defs: dict[str, Any], path: tuple[str, ...], found: set[str]) -> None:
    """The paths of the text fields a schema does not mark personal nor bound to a format, a
    pattern or a set of values."""
    if not isinstance(node, dict) or node.get(PERSONAL_SCHEMA_KEY):
        return
    if "$ref" in node:
        _free_text(defs[node["$ref"].split("/")[-1]], defs, path, found)
        return
    # Plain text's own pattern (no control characters, not blank) bounds nothing: it is `^[^…`.
    pattern = node.get("pattern", "^[^")
    bounded = {"format", "enum", "const"} & set(node) or not pattern.startswith("^[^")
    if node.get("type") == "string" and not bounded:
        found.add(".".join(path))
    for option in (*node.get("anyOf", ()), *node.get("oneOf", ()), *node.get("allOf", ())):
        _free_text(option, defs, path, found)
    for name, child in node.get("properties", {}).items():
        _free_text(child, defs, (*path, name), found)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            _free_text(node[key], defs, (*path, "*"), found)


def test_every_text_a_job_carries_is_personal_or_known_not_to_be() -> None:
    found: set[str] = set()
    for job in bootstrap.contexts().jobs():
        schema = job.payload.model_json_schema()
        _free_text(schema, schema.get("$defs", {}), (), found)
    assert found == set(NOT_PERSONAL), found - set(NOT_PERSONAL)
