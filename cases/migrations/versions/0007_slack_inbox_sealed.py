"""slack inbox sealed: bodies written in the clear by earlier versions are erased

From this version on a waiting request's body is sealed before it is written, and on SQLite the
inbox lives in a file of its own (cases.db.inbox_url). Bodies an earlier version left in the clear
(requests acked and not yet worked off when it stopped) are erased with their entries: they would
never be opened, and they may hold a confidential requester's words.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM slack_inbox WHERE body IS NOT NULL")


def downgrade() -> None:
    """Erased bodies are not put back; the table is the same."""
