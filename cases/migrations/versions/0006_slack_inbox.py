"""slack inbox: Slack requests acked and not yet worked off (a crash after the ack loses none)"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('slack_inbox',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_slack_inbox'))
    )
    op.create_index(op.f('ix_slack_inbox_done_at'), 'slack_inbox', ['done_at'], unique=False)
    op.create_index(op.f('ix_slack_inbox_lease_until'), 'slack_inbox', ['lease_until'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_slack_inbox_lease_until'), table_name='slack_inbox')
    op.drop_index(op.f('ix_slack_inbox_done_at'), table_name='slack_inbox')
    op.drop_table('slack_inbox')
