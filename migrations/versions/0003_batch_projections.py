"""Batch-first projections: each read model keeps its own positions table (the last version
applied per stream, its dedup and consistency record); parked events are recorded with their
reason for projections and reactors alike; idempotency keys store the reply only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE runs_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
);
INSERT INTO runs_positions (stream_id, version)
    SELECT stream_id, version FROM projection_positions WHERE projection = 'runs';
DROP TABLE projection_positions;
DROP TABLE projection_tracking;
CREATE TABLE parked_events (
    consumer    text NOT NULL,
    event_id    uuid NOT NULL,
    event_type  text NOT NULL,
    stream_id   text NOT NULL,
    version     integer NOT NULL,
    error       text NOT NULL,
    parked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
ALTER TABLE idempotency_keys DROP COLUMN status_code
"""

DOWNGRADE = """
ALTER TABLE idempotency_keys ADD COLUMN status_code integer NOT NULL DEFAULT 0;
DROP TABLE parked_events;
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
INSERT INTO projection_positions (projection, stream_id, version)
    SELECT 'runs', stream_id, version FROM runs_positions;
INSERT INTO projection_tracking (projection, event_id)
    SELECT 'runs', e.event_id FROM events e JOIN runs_positions p USING (stream_id)
    WHERE e.version <= p.version AND e.event_type LIKE 'pacer.training.Run%';
DROP TABLE runs_positions
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
