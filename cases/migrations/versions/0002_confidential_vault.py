"""confidential cases: sealed columns, data keys, attachments, question retention"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SEALED = (('cases', 'subject_sealed'), ('cases', 'body_sealed'), ('cases', 'source_sealed'),
           ('case_events', 'body_sealed'))
_FLAGS = (('people', 'retain_questions'), ('question_log', 'redacted'), ('feedback', 'redacted'))


def upgrade() -> None:
    for table, column in _SEALED:
        op.add_column(table, sa.Column(column, sa.LargeBinary(), nullable=True))
    for table, column in _FLAGS:
        op.add_column(table, sa.Column(column, sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('case_keys',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('wrapped', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rewrapped_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_keys_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_keys'))
    )
    op.create_index(op.f('ix_case_keys_key_version'), 'case_keys', ['key_version'], unique=False)
    op.create_table('case_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.String(length=32), nullable=True),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('filename_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('text_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_attachments_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_attachments'))
    )
    op.create_index(op.f('ix_case_attachments_case_id'), 'case_attachments', ['case_id'], unique=False)


def downgrade() -> None:
    # Going back would drop the only copy of every confidential case's text: refuse while any exists.
    bind = op.get_bind()
    if bind.execute(sa.text('SELECT COUNT(*) FROM case_keys')).scalar():
        raise RuntimeError(
            'confidential cases exist: downgrading below 0002 would destroy their content; '
            'erase them first (ses retention run) or keep this revision'
        )
    op.drop_index(op.f('ix_case_attachments_case_id'), table_name='case_attachments')
    op.drop_table('case_attachments')
    op.drop_index(op.f('ix_case_keys_key_version'), table_name='case_keys')
    op.drop_table('case_keys')
    for table, column in reversed(_FLAGS):
        op.drop_column(table, column)
    for table, column in reversed(_SEALED):
        op.drop_column(table, column)
