"""Documents: a data export counts the JSON files of its zip.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE documents_view ADD COLUMN files integer")


def downgrade() -> None:
    op.execute("ALTER TABLE documents_view DROP COLUMN files")
