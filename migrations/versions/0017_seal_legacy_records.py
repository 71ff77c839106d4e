"""Personal values of records written before they were sealed (the v1 of each event type that
is sealed from v2 on) are sealed in place, in the events and the outbox: see
`commands/legacy_records.py`.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from commands.legacy_records import seal_legacy_records
    from pacer import bootstrap

    seal_legacy_records(op.get_bind(), bootstrap.contexts().event_types())


def downgrade() -> None:
    """Sealed values stay sealed: opening them again would undo what the upgrade protected."""
