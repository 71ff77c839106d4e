"""Identity: the profiles read model (profile, training preferences, privacy, avatar), and an
index to end every other login of an account at once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE profiles_view (
    account_id          uuid PRIMARY KEY,
    email               text NOT NULL,
    role                text NOT NULL,
    display_name        text NOT NULL,
    bio                 text NOT NULL DEFAULT '',
    units               text NOT NULL DEFAULT 'metric',
    time_zone           text NOT NULL DEFAULT 'UTC',
    week_start          text NOT NULL DEFAULT 'monday',
    visibility          text NOT NULL DEFAULT 'followers',
    days_available      text[] NOT NULL
        DEFAULT '{monday,tuesday,wednesday,thursday,friday,saturday,sunday}',
    long_run_day        text,
    goals               text[] NOT NULL DEFAULT '{}',
    weekly_distance_km  double precision,
    sessions_per_week   integer,
    avatar_id           uuid,
    avatar_sizes        integer[] NOT NULL DEFAULT '{}',
    avatar_upload_id    uuid,
    avatar_status       text NOT NULL DEFAULT 'none',
    avatar_reason       text,
    version             integer NOT NULL
);
CREATE TABLE profiles_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
CREATE INDEX refresh_tokens_live ON refresh_tokens (account_id) WHERE revoked_at IS NULL
"""

DOWNGRADE = """
DROP INDEX refresh_tokens_live;
DROP TABLE profiles_positions;
DROP TABLE profiles_view
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
