"""Training read models: plans and their scheduled workouts (with the run that completed each),
and shoes (their distance is summed from the runs that name them), with their positions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE plans_view (
    plan_id      uuid PRIMARY KEY,
    athlete_id   uuid NOT NULL,
    title        text NOT NULL,
    start_date   date NOT NULL,
    end_date     date NOT NULL,
    goal         jsonb,
    paces        jsonb,
    generated    boolean NOT NULL,
    archived     boolean NOT NULL,
    version      integer NOT NULL
);
CREATE INDEX plans_view_athlete ON plans_view (athlete_id, start_date DESC, plan_id);
CREATE TABLE plan_workouts_view (
    workout_id       uuid PRIMARY KEY,
    plan_id          uuid NOT NULL,
    athlete_id       uuid NOT NULL,
    day              date NOT NULL,
    kind             text NOT NULL,
    title            text NOT NULL,
    session          jsonb NOT NULL,
    distance_km      double precision NOT NULL,
    duration_s       bigint NOT NULL,
    totals_complete  boolean NOT NULL,
    completed_run_id uuid,
    completed_km     double precision,
    completed_s      bigint,
    version          integer NOT NULL
);
CREATE INDEX plan_workouts_view_plan ON plan_workouts_view (plan_id, day);
CREATE INDEX plan_workouts_view_athlete_day ON plan_workouts_view (athlete_id, day);
CREATE INDEX plan_workouts_view_completed_run ON plan_workouts_view (completed_run_id)
    WHERE completed_run_id IS NOT NULL;
CREATE TABLE plans_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE shoes_view (
    shoe_id      uuid PRIMARY KEY,
    athlete_id   uuid NOT NULL,
    nickname     text NOT NULL,
    brand        text,
    model        text,
    limit_km     double precision NOT NULL,
    starting_km  double precision NOT NULL,
    default_at   timestamptz,
    retired      boolean NOT NULL,
    version      integer NOT NULL
);
CREATE INDEX shoes_view_athlete ON shoes_view (athlete_id, shoe_id);
CREATE TABLE shoes_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE INDEX runs_view_shoe ON runs_view (shoe_id) WHERE shoe_id IS NOT NULL;
"""

DOWNGRADE = """
DROP INDEX runs_view_shoe;
DROP TABLE shoes_positions;
DROP TABLE shoes_view;
DROP TABLE plans_positions;
DROP TABLE plan_workouts_view;
DROP TABLE plans_view;
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
