"""Identity: accounts an admin disabled (credentials, and the profiles read model).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE credentials ADD COLUMN disabled boolean NOT NULL DEFAULT false")
    op.execute("ALTER TABLE profiles_view ADD COLUMN disabled boolean NOT NULL DEFAULT false")


def downgrade() -> None:
    op.execute("ALTER TABLE profiles_view DROP COLUMN disabled")
    op.execute("ALTER TABLE credentials DROP COLUMN disabled")
