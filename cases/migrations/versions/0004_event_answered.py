"""processed events: answered_at, so that a claim left by a process killed mid-answer can be retaken"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('processed_events', sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
    # Events claimed before this revision were handled under the old at-most-once rule: never retaken.
    op.execute('UPDATE processed_events SET answered_at = received_at')


def downgrade() -> None:
    with op.batch_alter_table('processed_events') as batch:
        batch.drop_column('answered_at')
