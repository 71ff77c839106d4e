"""Documents read model: printable exports, their status and where each one is kept.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE documents_view (
    document_id  uuid PRIMARY KEY,
    athlete_id   uuid NOT NULL,
    kind         text NOT NULL,
    subject_id   uuid NOT NULL,
    status       text NOT NULL,
    object_key   text,
    size_bytes   bigint,
    pages        integer,
    reason       text,
    version      integer NOT NULL
);
CREATE INDEX documents_view_athlete ON documents_view (athlete_id, document_id);
CREATE TABLE documents_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
"""

DOWNGRADE = """
DROP TABLE documents_positions;
DROP TABLE documents_view;
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
