"""Crypto-shredding: one data key per account whose personal data events carry; erasing the
account destroys the key and keeps the row (`erased_at`), so nothing new is sealed for it.

The query API's reader role gets no grant on this table: keys are for the write side,
projectors and reactors only.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE subject_keys (
            subject_id  uuid PRIMARY KEY,
            data_key    bytea CHECK (data_key IS NULL OR length(data_key) = 32),
            created_at  timestamptz NOT NULL DEFAULT now(),
            erased_at   timestamptz,
            CHECK ((data_key IS NULL) = (erased_at IS NOT NULL))
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE subject_keys")
