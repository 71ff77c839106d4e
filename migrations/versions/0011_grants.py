"""Identity: the coaching grants read model, and the accesses of coaches to athletes' data.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE grants_view (
    grant_id    uuid PRIMARY KEY,
    coach_id    uuid NOT NULL,
    athlete_id  uuid NOT NULL,
    status      text NOT NULL,
    invited_by  text NOT NULL,
    scopes      text[] NOT NULL DEFAULT '{}',
    version     integer NOT NULL
);
CREATE INDEX grants_view_coach ON grants_view (coach_id);
CREATE INDEX grants_view_athlete ON grants_view (athlete_id);
CREATE TABLE athlete_accesses_view (
    access_id   uuid PRIMARY KEY,
    grant_id    uuid NOT NULL,
    coach_id    uuid NOT NULL,
    athlete_id  uuid NOT NULL,
    scope       text NOT NULL,
    accessed_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX athlete_accesses_view_athlete
    ON athlete_accesses_view (athlete_id, accessed_at DESC, access_id DESC);
CREATE TABLE grants_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
)
"""

DOWNGRADE = """
DROP TABLE grants_positions;
DROP TABLE athlete_accesses_view;
DROP TABLE grants_view
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
