"""Many writers at once: references stay gap-free and unique, the audit chain stays one chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cases import audit
from cases.db import session_scope
from cases.models import Case
from cases.services import intake
from cases.services.intake import NewCase
from tests.cases import factories


def test_concurrent_case_creations_get_gap_free_unique_references(
    backend: str, factory: sessionmaker[Session]
) -> None:
    """200 on PostgreSQL (16 connections at a time); 40 on SQLite, where the write lock serialises."""
    count = 200 if backend == "postgres" else 40
    now = datetime(2031, 2, 3, tzinfo=UTC)
    with session_scope(factory) as session:
        requesters = [factories.person(session).user_id for _ in range(4)]

    def create(n: int) -> str:
        with session_scope(factory) as session:
            case = intake.open_case(
                session,
                NewCase(
                    requester_id=requesters[n % 4],
                    subject=f"Question {n}",
                    body="Détails",
                    category="lobbying",
                ),
                now=now,
            )
            return case.ref

    with ThreadPoolExecutor(max_workers=16) as pool:
        refs = list(pool.map(create, range(count)))

    assert sorted(refs) == [f"SES-2031-{n:04d}" for n in range(1, count + 1)]
    with session_scope(factory) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == count
        report = audit.verify(session)
        assert report.ok, report
        assert report.checked == count  # one `case.created` entry per case, none lost or forked
