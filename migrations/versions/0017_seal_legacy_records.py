"""Records written before personal values were sealed, sealed in place.

The event types whose personal fields are sealed were published anew as v2 (a few as v3, when
more of their fields were found to be personal); their records of earlier versions hold those
values in clear in the events table and in the outbox (published rows are kept there). This step
rewrites each as the current version: every personal value sealed with the key of the record's
data subject (made if the account has none; `[erased]` if the account was erased), the type
naming the current version and the envelope naming the subject, in the event row and its
outbox row by one statement.

It is pinned to what those versions were: their personal fields are listed here, so later
changes to the contracts do not change what it does, a record that does not fit is left as it is
(and named in the log by its id alone), and a value already sealed is never sealed twice. The
format and the cipher are those of `contracts/personal.py` (AES-256-GCM, the account id as
associated data); a test opens what this step seals with the contracts' own opener.

It commits batch by batch (a large event store is not rewritten in one transaction) and can be
run again: a batch done is v2 and is not read again. Kafka cannot be rewritten: v1 records
already published stay on their topics until retention removes them.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from alembic import context, op
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, text

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")
BATCH = 500
SEALED_PREFIX = "pacer:sealed:v1:"
ERASED = "[erased]"

_REQUEST = (
    "request.allergies.*",
    "request.cuisines.*",
    "request.dislikes.*",
    "request.likes.*",
    "request.own_recipes.*.name",
)
_WEEK = ("week.days.*.meals.*.name", "week.unrecognised.*.reason", "week.unrecognised.*.word")
# An earlier version's type: (the field naming its data subject, the personal values' paths —
# `*` is any item of a list or any value of an object —, the version it is rewritten as).
PERSONAL: dict[str, tuple[str, tuple[str, ...], str]] = {
    "pacer.documents.PlanExportRequested.v1": (
        "athlete_id",
        (
            "plan.goal.name",
            "plan.title",
            "plan.workouts.*.session.notes",
            "plan.workouts.*.session.title",
        ),
        "pacer.documents.PlanExportRequested.v2",
    ),
    "pacer.identity.AccountDisabled.v1": (
        "account_id",
        ("reason",),
        "pacer.identity.AccountDisabled.v2",
    ),
    "pacer.identity.AccountRegistered.v1": (
        "account_id",
        ("display_name", "email"),
        "pacer.identity.AccountRegistered.v2",
    ),
    "pacer.identity.EmailChanged.v1": ("account_id", ("email",), "pacer.identity.EmailChanged.v2"),
    "pacer.identity.ProfileUpdated.v1": (
        "account_id",
        ("bio", "display_name"),
        "pacer.identity.ProfileUpdated.v2",
    ),
    "pacer.integrations.StravaEventReceived.v1": (
        "account_id",
        ("updates.*",),
        "pacer.integrations.StravaEventReceived.v2",
    ),
    "pacer.integrations.StravaPushRequested.v1": (
        "account_id",
        ("description", "title"),
        "pacer.integrations.StravaPushRequested.v2",
    ),
    "pacer.nutrition.CoachMessageSent.v1": (
        "athlete_id",
        ("history.*.text", "text"),
        "pacer.nutrition.CoachMessageSent.v2",
    ),
    "pacer.nutrition.CoachReplied.v1": (
        "athlete_id",
        ("answer.text",),
        "pacer.nutrition.CoachReplied.v2",
    ),
    "pacer.nutrition.MealPlanGenerated.v1": (
        "athlete_id",
        _WEEK,
        "pacer.nutrition.MealPlanGenerated.v2",
    ),
    "pacer.nutrition.MealPlanRequested.v1": (
        "athlete_id",
        _REQUEST,
        "pacer.nutrition.MealPlanRequested.v2",
    ),
    "pacer.nutrition.MealSwapRequested.v1": (
        "athlete_id",
        (*_REQUEST, *_WEEK),
        "pacer.nutrition.MealSwapRequested.v3",
    ),
    "pacer.nutrition.MealSwapRequested.v2": (
        "athlete_id",
        (*_REQUEST, *_WEEK),
        "pacer.nutrition.MealSwapRequested.v3",
    ),
    "pacer.nutrition.MealSwapped.v1": (
        "athlete_id",
        _WEEK,
        "pacer.nutrition.MealSwapped.v2",
    ),
    "pacer.nutrition.NutritionProfileSet.v1": (
        "athlete_id",
        ("allergies.*", "cuisines.*", "dislikes.*", "likes.*"),
        "pacer.nutrition.NutritionProfileSet.v2",
    ),
    "pacer.nutrition.RecipeAnalysed.v1": (
        "athlete_id",
        ("analysis.ingredients.*.line", "analysis.unread.*.line"),
        "pacer.nutrition.RecipeAnalysed.v2",
    ),
    "pacer.nutrition.RecipeSubmitted.v1": (
        "athlete_id",
        ("text", "title"),
        "pacer.nutrition.RecipeSubmitted.v2",
    ),
    "pacer.social.CommentAdded.v1": ("author_id", ("text",), "pacer.social.CommentAdded.v2"),
    "pacer.social.GroupCreated.v1": (
        "owner_id",
        ("description", "group_name"),
        "pacer.social.GroupCreated.v2",
    ),
    "pacer.social.PostEdited.v1": ("author_id", ("text",), "pacer.social.PostEdited.v2"),
    "pacer.social.PostPublished.v1": ("author_id", ("text",), "pacer.social.PostPublished.v2"),
    "pacer.training.PlanCreated.v1": (
        "athlete_id",
        ("goal.name", "title"),
        "pacer.training.PlanCreated.v2",
    ),
    "pacer.training.PlanRenamed.v1": ("athlete_id", ("title",), "pacer.training.PlanRenamed.v2"),
    "pacer.training.RunCorrected.v1": (
        "athlete_id",
        ("notes", "title"),
        "pacer.training.RunCorrected.v2",
    ),
    "pacer.training.RunRecorded.v1": (
        "athlete_id",
        ("notes", "title"),
        "pacer.training.RunRecorded.v2",
    ),
    "pacer.training.ShoeAdded.v1": (
        "athlete_id",
        ("brand", "model", "nickname"),
        "pacer.training.ShoeAdded.v3",
    ),
    "pacer.training.ShoeAdded.v2": (
        "athlete_id",
        ("brand", "model", "nickname"),
        "pacer.training.ShoeAdded.v3",
    ),
    "pacer.training.ShoeRenamed.v1": ("athlete_id", ("nickname",), "pacer.training.ShoeRenamed.v2"),
    "pacer.training.WorkoutChanged.v1": (
        "athlete_id",
        ("session.notes", "session.title"),
        "pacer.training.WorkoutChanged.v2",
    ),
    "pacer.training.WorkoutScheduled.v1": (
        "athlete_id",
        ("session.notes", "session.title"),
        "pacer.training.WorkoutScheduled.v2",
    ),
}

_BATCH = text(
    "SELECT global_position, event_id, event_type, data, metadata FROM events "
    "WHERE event_type = ANY(:types) AND global_position > :after "
    "ORDER BY global_position LIMIT :limit"
)
_NEW_KEYS = text(
    "INSERT INTO subject_keys (subject_id, data_key) SELECT * FROM "
    "unnest(CAST(:subjects AS uuid[]), CAST(:keys AS bytea[])) ON CONFLICT (subject_id) DO NOTHING"
)
_KEYS = text("SELECT subject_id, data_key FROM subject_keys WHERE subject_id = ANY(:subjects)")
# The event row and its outbox row in one statement: both sealed, or neither.
_REWRITE = text(
    "WITH fixed AS (SELECT * FROM unnest(CAST(:positions AS bigint[]), "
    "CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(CAST(:data AS text[]) AS jsonb[]), "
    "CAST(CAST(:metadata AS text[]) AS jsonb[]), CAST(CAST(:headers AS text[]) AS jsonb[])) "
    "AS f(position, event_id, type, data, metadata, headers)), "
    "moved AS (UPDATE events e SET event_type = f.type, data = f.data, metadata = f.metadata "
    "FROM fixed f WHERE e.global_position = f.position) "
    "UPDATE outbox o SET payload = f.data, headers = o.headers || f.headers "
    "FROM fixed f WHERE o.event_id = f.event_id"
)


def upgrade() -> None:
    if context.is_offline_mode():
        log.warning("0017 rewrites records and cannot be written out as SQL: run it online")
        return
    with op.get_context().autocommit_block():
        sealed = seal_legacy_records(op.get_bind())
        titles = drop_copied_titles(op.get_bind())
    log.info("0017: %d records written before sealing are sealed, %d lose a copied workout "
             "title", sealed, titles)  # fmt: skip


def downgrade() -> None:
    """Sealed values stay sealed: opening them again would undo what the upgrade protected."""


def seal_legacy_records(connection: Connection, batch: int = BATCH) -> int:
    """Seal every v1 record of `PERSONAL` on `connection`, a batch a statement; returns how
    many were rewritten."""
    rewritten, after = 0, 0
    while rows := connection.execute(
        _BATCH, {"types": sorted(PERSONAL), "after": after, "limit": batch}
    ).all():
        after = rows[-1].global_position
        subjects = {row.global_position: _subject(row) for row in rows}
        keys = _keys(connection, {s for s in subjects.values() if s is not None})
        fixed: dict[str, list[Any]] = {
            name: [] for name in ("positions", "ids", "types", "data", "metadata", "headers")
        }
        for row in rows:
            subject = subjects[row.global_position]
            if subject is None:
                log.warning("0017: event %s names no data subject; left as it is", row.event_id)
                continue
            _, paths, target = PERSONAL[row.event_type]
            key = keys.get(subject)
            seal = _sealer(subject, key) if key is not None else (lambda _: ERASED)
            data = row.data
            for path in paths:
                data = _sealed_at(data, path.split("."), seal)
            fixed["positions"].append(row.global_position)
            fixed["ids"].append(row.event_id)
            fixed["types"].append(target)
            fixed["data"].append(json.dumps(data))
            fixed["metadata"].append(
                json.dumps({**row.metadata, "type": target, "datasubject": str(subject)})
            )
            fixed["headers"].append(json.dumps({"ce_type": target, "ce_datasubject": str(subject)}))
        if fixed["ids"]:
            connection.execute(_REWRITE, fixed)
            rewritten += len(fixed["ids"])
    return rewritten


def _subject(row: Any) -> UUID | None:
    field = PERSONAL[row.event_type][0]
    try:
        return UUID(str(row.data[field]))
    except (KeyError, TypeError, ValueError):
        return None


def _keys(connection: Connection, subjects: set[UUID]) -> dict[UUID, bytes | None]:
    """The subjects' keys, made for those who have none; None for an erased account's."""
    wanted = sorted(subjects)
    if not wanted:
        return {}
    fresh = [os.urandom(32) for _ in wanted]
    connection.execute(_NEW_KEYS, {"subjects": wanted, "keys": fresh})
    rows = connection.execute(_KEYS, {"subjects": wanted}).all()
    return {row.subject_id: bytes(row.data_key) if row.data_key else None for row in rows}


def _sealer(subject: UUID, key: bytes) -> Callable[[str], str]:
    aead = AESGCM(key)

    def seal(plaintext: str) -> str:
        nonce = os.urandom(12)
        token = base64.urlsafe_b64encode(nonce + aead.encrypt(nonce, plaintext.encode(),
                                                              subject.bytes))  # fmt: skip
        return f"{SEALED_PREFIX}{subject}:{token.rstrip(b'=').decode()}"

    return seal


def _sealed_at(value: Any, path: list[str], seal: Callable[[str], str]) -> Any:
    """`value` with the strings at `path` sealed (what is missing or sealed already, kept)."""
    if not path:
        if isinstance(value, str) and not value.startswith(SEALED_PREFIX):
            return seal(value)
        return value
    step, rest = path[0], path[1:]
    if step == "*":
        if isinstance(value, list):
            return [_sealed_at(item, rest, seal) for item in value]
        if isinstance(value, dict):
            return {name: _sealed_at(item, rest, seal) for name, item in value.items()}
        return value
    if isinstance(value, dict) and step in value:
        return {**value, step: _sealed_at(value[step], rest, seal)}
    return value


# A release marked a nutrition day by a workout's title ("<title> scheduled"), in clear, and the
# meal plans asked for afterwards copied that reason into their request's days. The reasons
# Pacer gives name a kind or a distance; any other is replaced by the day's kind.
GIVEN_REASON = re.compile(
    r"|set by hand|[a-z_]+|[a-z ]+ (session scheduled|planned)|\d+(\.\d)? km run recorded"
)
_WITH_DAY_REASONS = (
    "pacer.nutrition.TrainingDayMarked.v1",
    "pacer.nutrition.MealPlanRequested.v1",
    "pacer.nutrition.MealPlanRequested.v2",
    "pacer.nutrition.MealSwapRequested.v1",
    "pacer.nutrition.MealSwapRequested.v2",
    "pacer.nutrition.MealSwapRequested.v3",
)
_DAY_REASONS = text(
    "SELECT global_position, event_id, event_type, data FROM events "
    "WHERE event_type = ANY(:types) AND global_position > :after "
    "ORDER BY global_position LIMIT :limit"
)
_NEW_DATA = text(
    "WITH fixed AS (SELECT * FROM unnest(CAST(:ids AS uuid[]), "
    "CAST(CAST(:data AS text[]) AS jsonb[])) AS f(event_id, data)), "
    "moved AS (UPDATE events e SET data = f.data FROM fixed f WHERE e.event_id = f.event_id) "
    "UPDATE outbox o SET payload = f.data FROM fixed f WHERE o.event_id = f.event_id"
)


def drop_copied_titles(connection: Connection, batch: int = BATCH) -> int:
    """Replace every day reason that is not one Pacer gives by the day's kind; returns how many
    records changed."""
    changed, after = 0, 0
    while rows := connection.execute(
        _DAY_REASONS, {"types": list(_WITH_DAY_REASONS), "after": after, "limit": batch}
    ).all():
        after = rows[-1].global_position
        fixed: dict[str, list[Any]] = {"ids": [], "data": []}
        for row in rows:
            data = row.data
            days = [data] if "TrainingDayMarked" in row.event_type else _request_days(data)
            touched = False
            for day in days:
                reason, kind = day.get("reason"), day.get("kind")
                if isinstance(reason, str) and not GIVEN_REASON.fullmatch(reason):
                    day["reason"] = f"{str(kind).replace('_', ' ')} planned"
                    touched = True
            if touched:
                fixed["ids"].append(row.event_id)
                fixed["data"].append(json.dumps(data))
        if fixed["ids"]:
            connection.execute(_NEW_DATA, fixed)
            changed += len(fixed["ids"])
    return changed


def _request_days(data: Any) -> list[dict[str, Any]]:
    request = data.get("request") if isinstance(data, dict) else None
    days = request.get("days") if isinstance(request, dict) else None
    return [day for day in days if isinstance(day, dict)] if isinstance(days, list) else []
