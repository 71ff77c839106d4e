"""Nutrition read models: profiles and targets history, weight log and proposals, training-aware
days, meal plans and their days, recipes and the coach's guides with their embeddings (pgvector),
the coach's messages;
and a source on runs (manual, or an integration's), which the coach must respect.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE nutrition_profiles_view (
    athlete_id      uuid PRIMARY KEY,
    profile         jsonb,
    targets         jsonb,
    targets_reason  text,
    adjustment_kcal double precision NOT NULL DEFAULT 0,
    age             integer,
    version         integer NOT NULL
);
CREATE TABLE nutrition_targets_history (
    athlete_id      uuid NOT NULL,
    version         integer NOT NULL,
    reason          text NOT NULL,
    age             integer NOT NULL,
    adjustment_kcal double precision NOT NULL,
    targets         jsonb NOT NULL,
    PRIMARY KEY (athlete_id, version)
);
CREATE TABLE nutrition_weights_view (
    athlete_id  uuid NOT NULL,
    day         date NOT NULL,
    weight_kg   double precision NOT NULL,
    PRIMARY KEY (athlete_id, day)
);
CREATE TABLE nutrition_proposals_view (
    athlete_id   uuid PRIMARY KEY,
    proposal_id  uuid NOT NULL,
    proposal     jsonb NOT NULL,
    status       text NOT NULL
);
CREATE TABLE nutrition_profiles_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE nutrition_day_marks_view (
    athlete_id  uuid NOT NULL,
    source_id   uuid NOT NULL,
    day         date NOT NULL,
    kind        text NOT NULL,
    reason      text NOT NULL,
    PRIMARY KEY (athlete_id, source_id)
);
CREATE INDEX nutrition_day_marks_day ON nutrition_day_marks_view (athlete_id, day);
CREATE TABLE nutrition_day_kinds_view (
    athlete_id  uuid NOT NULL,
    day         date NOT NULL,
    kind        text NOT NULL,
    PRIMARY KEY (athlete_id, day)
);
CREATE TABLE nutrition_days_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE meal_plans_view (
    plan_id       uuid PRIMARY KEY,
    athlete_id    uuid NOT NULL,
    week_start    date NOT NULL,
    requested_at  timestamptz NOT NULL,
    status        text NOT NULL,
    reason        text,
    request       jsonb NOT NULL,
    week          jsonb,
    swap_id       uuid,
    swap_status   text,
    swap_reason   text,
    version       integer NOT NULL
);
CREATE INDEX meal_plans_view_athlete ON meal_plans_view (athlete_id, requested_at DESC);
CREATE TABLE meal_plan_days_view (
    plan_id  uuid NOT NULL,
    day      date NOT NULL,
    kcal     double precision NOT NULL,
    PRIMARY KEY (plan_id, day)
);
CREATE TABLE meal_plans_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE recipes_view (
    recipe_id        text PRIMARY KEY,
    owner_id         uuid,
    kind             text NOT NULL,
    status           text NOT NULL,
    name             text,
    text             text,
    reason           text,
    meal_types       text[] NOT NULL,
    cuisine          text,
    diet             text,
    allergens        text[] NOT NULL,
    tags             text[] NOT NULL,
    servings         double precision NOT NULL,
    ingredients      jsonb NOT NULL,
    analysis         jsonb,
    kcal             double precision,
    protein_g        double precision,
    carbohydrate_g   double precision,
    fat_g            double precision,
    fibre_g          double precision,
    passage          text,
    embedding_model  text,
    embedding        vector,
    version          integer NOT NULL
);
CREATE INDEX recipes_view_owner ON recipes_view (owner_id, kind);
CREATE TABLE recipes_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE coach_messages_view (
    message_id  uuid PRIMARY KEY,
    athlete_id  uuid NOT NULL,
    position    integer NOT NULL,
    text        text NOT NULL,
    status      text NOT NULL,
    answer      jsonb,
    reason      text
);
CREATE INDEX coach_messages_view_athlete ON coach_messages_view (athlete_id, position DESC);
CREATE TABLE coach_messages_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE TABLE coach_guides_view (
    guide_id         text PRIMARY KEY,
    title            text NOT NULL,
    text             text NOT NULL,
    topics           text[] NOT NULL,
    source           text NOT NULL,
    embedding_model  text NOT NULL,
    embedding        vector NOT NULL,
    version          integer NOT NULL
);
CREATE TABLE coach_guides_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
ALTER TABLE runs_view ADD COLUMN source text DEFAULT 'manual'
"""

DOWNGRADE = """
ALTER TABLE runs_view DROP COLUMN source;
DROP TABLE coach_guides_positions;
DROP TABLE coach_guides_view;
DROP TABLE coach_messages_positions;
DROP TABLE coach_messages_view;
DROP TABLE recipes_positions;
DROP TABLE recipes_view;
DROP TABLE meal_plans_positions;
DROP TABLE meal_plan_days_view;
DROP TABLE meal_plans_view;
DROP TABLE nutrition_days_positions;
DROP TABLE nutrition_day_kinds_view;
DROP TABLE nutrition_day_marks_view;
DROP TABLE nutrition_profiles_positions;
DROP TABLE nutrition_proposals_view;
DROP TABLE nutrition_weights_view;
DROP TABLE nutrition_targets_history;
DROP TABLE nutrition_profiles_view
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
