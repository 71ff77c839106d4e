"""Movement read models: video analyses (status, progress, verdict) and workouts, each with
its positions table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE analyses_view (
    analysis_id     uuid PRIMARY KEY,
    athlete_id      uuid NOT NULL,
    status          text NOT NULL,
    content_type    text NOT NULL,
    size_bytes      bigint NOT NULL,
    exercise        text,
    client_reps     integer,
    fraction        double precision NOT NULL DEFAULT 0,
    result          jsonb,
    key_frame_key   text,
    reason          text,
    submitted_at    timestamptz,
    version         integer NOT NULL
);
CREATE INDEX analyses_view_athlete ON analyses_view (athlete_id, analysis_id);
CREATE TABLE analyses_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE workouts_view (
    workout_id      uuid PRIMARY KEY,
    athlete_id      uuid NOT NULL,
    exercise        text NOT NULL,
    reps            integer NOT NULL,
    duration_s      double precision NOT NULL,
    calories_kcal   double precision NOT NULL,
    performed_at    timestamptz NOT NULL,
    source          text NOT NULL,
    analysis_id     uuid,
    verified        boolean NOT NULL,
    client_reps     integer,
    training_load   double precision NOT NULL,
    version         integer NOT NULL
);
CREATE INDEX workouts_view_athlete_performed
    ON workouts_view (athlete_id, performed_at DESC, workout_id);
CREATE TABLE workouts_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
"""

DOWNGRADE = """
DROP TABLE workouts_positions;
DROP TABLE workouts_view;
DROP TABLE analyses_positions;
DROP TABLE analyses_view;
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
