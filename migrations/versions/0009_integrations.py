"""Integrations: Strava connections with their encrypted tokens and imported activities (write
side), the connection and pushes read models, and a run's Strava fields.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE strava_connections (
    account_id         uuid PRIMARY KEY,
    strava_athlete_id  bigint NOT NULL UNIQUE,
    connection_id      uuid NOT NULL,
    scopes             text NOT NULL,
    access_token       text NOT NULL,
    refresh_token      text NOT NULL,
    expires_at         timestamptz NOT NULL,
    refreshed_at       timestamptz NOT NULL
);
CREATE TABLE strava_imports (
    connection_id  uuid NOT NULL,
    activity_id    bigint NOT NULL,
    account_id     uuid NOT NULL,
    run_id         uuid NOT NULL,
    PRIMARY KEY (connection_id, activity_id)
);
CREATE TABLE strava_view (
    account_id          uuid PRIMARY KEY,
    status              text NOT NULL,
    strava_athlete_id   bigint,
    scopes              text[] NOT NULL DEFAULT '{}',
    connected_at        timestamptz,
    disconnected_at     timestamptz,
    disconnect_reason   text,
    runs_removed        integer NOT NULL DEFAULT 0,
    auto_push           boolean NOT NULL DEFAULT false,
    backfill_status     text NOT NULL DEFAULT 'none',
    backfill_since      timestamptz,
    backfill_pages      integer NOT NULL DEFAULT 0,
    backfill_imported   integer NOT NULL DEFAULT 0,
    backfill_skipped    integer NOT NULL DEFAULT 0,
    backfill_reason     text,
    events_received     integer NOT NULL DEFAULT 0,
    activities_imported integer NOT NULL DEFAULT 0,
    activities_skipped  integer NOT NULL DEFAULT 0,
    activities_removed  integer NOT NULL DEFAULT 0,
    imports_failed      integer NOT NULL DEFAULT 0,
    last_event_at       timestamptz
);
CREATE TABLE strava_pushes_view (
    push_id             uuid PRIMARY KEY,
    account_id          uuid NOT NULL,
    subject             text NOT NULL,
    subject_id          uuid NOT NULL,
    title               text NOT NULL,
    automatic           boolean NOT NULL,
    status              text NOT NULL,
    strava_activity_id  bigint,
    reason              text,
    requested_at        timestamptz NOT NULL
);
CREATE INDEX strava_pushes_view_account ON strava_pushes_view (account_id, requested_at DESC);
CREATE TABLE strava_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
ALTER TABLE runs_view ADD COLUMN title text;
ALTER TABLE runs_view ADD COLUMN strava_activity_id bigint;
ALTER TABLE runs_view ADD COLUMN sport_type text
"""

DOWNGRADE = """
ALTER TABLE runs_view DROP COLUMN sport_type;
ALTER TABLE runs_view DROP COLUMN strava_activity_id;
ALTER TABLE runs_view DROP COLUMN title;
DROP TABLE strava_positions;
DROP TABLE strava_pushes_view;
DROP TABLE strava_view;
DROP TABLE strava_imports;
DROP TABLE strava_connections
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
