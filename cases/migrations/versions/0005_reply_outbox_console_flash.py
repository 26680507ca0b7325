"""reply outbox (delivery state of each reply to a requester) and the console's one-shot flash"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reply_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=64), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reply_deliveries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['case_events.id'], name=op.f('fk_reply_deliveries_event_id_case_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_deliveries')),
    sa.UniqueConstraint('event_id', name=op.f('uq_reply_deliveries_event_id'))
    )
    op.create_index(op.f('ix_reply_deliveries_case_id'), 'reply_deliveries', ['case_id'], unique=False)
    op.create_index(op.f('ix_reply_deliveries_state'), 'reply_deliveries', ['state'], unique=False)
    # Replies written before this revision were handed to Slack at once (or lost): none is pending.
    op.create_table('console_flashes',
    sa.Column('session_hash', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=True),
    sa.Column('draft_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_console_flashes_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_hash'], ['console_sessions.id_hash'], name=op.f('fk_console_flashes_session_hash_console_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_hash', name=op.f('pk_console_flashes'))
    )


def downgrade() -> None:
    op.drop_table('console_flashes')
    op.drop_index(op.f('ix_reply_deliveries_state'), table_name='reply_deliveries')
    op.drop_index(op.f('ix_reply_deliveries_case_id'), table_name='reply_deliveries')
    op.drop_table('reply_deliveries')
