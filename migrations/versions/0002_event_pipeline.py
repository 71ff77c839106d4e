"""Event store, outbox, idempotency keys, identity credentials, projection tracking, runs view.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE event_streams (
    stream_id    text PRIMARY KEY,
    stream_type  text NOT NULL,
    version      integer NOT NULL CHECK (version >= 1),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE events (
    global_position bigserial PRIMARY KEY,
    event_id        uuid NOT NULL UNIQUE,
    stream_id       text NOT NULL REFERENCES event_streams (stream_id),
    version         integer NOT NULL,
    event_type      text NOT NULL,
    data            jsonb NOT NULL,
    metadata        jsonb NOT NULL,
    recorded_at     timestamptz NOT NULL,
    UNIQUE (stream_id, version)
);
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    event_id      uuid NOT NULL UNIQUE,
    topic         text NOT NULL,
    message_key   text NOT NULL,
    headers       jsonb NOT NULL,
    payload       jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE idempotency_keys (
    principal     text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status_code   integer NOT NULL,
    response      jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);

CREATE TABLE credentials (
    account_id     uuid PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    password_hash  text NOT NULL,
    role           text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE refresh_tokens (
    token_hash   text PRIMARY KEY,
    family_id    uuid NOT NULL,
    account_id   uuid NOT NULL REFERENCES credentials (account_id),
    issued_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE projection_tracking (
    projection     text NOT NULL,
    event_id       uuid NOT NULL,
    dead_lettered  boolean NOT NULL DEFAULT false,
    applied_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, event_id)
);
CREATE TABLE projection_positions (
    projection  text NOT NULL,
    stream_id   text NOT NULL,
    version     integer NOT NULL,
    PRIMARY KEY (projection, stream_id)
);

CREATE TABLE runs_view (
    run_id            uuid PRIMARY KEY,
    athlete_id        uuid NOT NULL,
    distance_km       double precision NOT NULL,
    duration_s        integer NOT NULL,
    pace_s_per_km     double precision NOT NULL,
    started_at        timestamptz NOT NULL,
    elevation_gain_m  double precision,
    avg_heart_rate    integer,
    notes             text,
    shoe_id           uuid,
    version           integer NOT NULL
);
CREATE INDEX runs_view_athlete_started ON runs_view (athlete_id, started_at DESC, run_id);
"""

DOWNGRADE = """
DROP TABLE runs_view;
DROP TABLE projection_positions;
DROP TABLE projection_tracking;
DROP TABLE refresh_tokens;
DROP TABLE credentials;
DROP TABLE idempotency_keys;
DROP TABLE outbox;
DROP TABLE events;
DROP TABLE event_streams;
"""


def _run(script: str) -> None:
    # One statement per call: asyncpg prepares statements, and a prepared one holds one command.
    for statement in script.split(";"):
        if statement.strip():
            op.execute(statement)


def upgrade() -> None:
    _run(UPGRADE)


def downgrade() -> None:
    _run(DOWNGRADE)
