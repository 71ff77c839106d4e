"""Refresh tokens remember which client spent them, so that the same client refreshing twice
within a short grace window (two tabs, a retry) is not taken for a thief.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE refresh_tokens ADD COLUMN spent_by text")


def downgrade() -> None:
    op.execute("ALTER TABLE refresh_tokens DROP COLUMN spent_by")
