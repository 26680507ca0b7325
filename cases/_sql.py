"""The few statements that differ between SQLite and PostgreSQL, in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def insert_for(session: Session, model: Any) -> Any:
    """An INSERT that supports ON CONFLICT on both backends (sqlite.Insert / postgresql.Insert)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
