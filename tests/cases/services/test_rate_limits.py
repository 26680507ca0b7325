from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cases.db import session_scope
from cases.models import RateCounter
from cases.services.rate_limits import hit

NOON = datetime(2026, 11, 26, 12, 0, 10, tzinfo=UTC)


def test_hits_are_allowed_up_to_the_limit_then_refused_until_the_window_resets(session: Session) -> None:
    decisions = [hit(session, key="ask:U1", limit=3, window=60, now=NOON) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == 50
    assert hit(session, key="ask:U1", limit=3, window=60, now=NOON + timedelta(seconds=50)).allowed


def test_each_key_has_its_own_count(session: Session) -> None:
    assert hit(session, key="ask:U1", limit=1, window=60, now=NOON).allowed
    assert hit(session, key="ask:U2", limit=1, window=60, now=NOON).allowed
    assert not hit(session, key="ask:U1", limit=1, window=60, now=NOON).allowed


def test_a_new_window_forgets_the_keys_earlier_windows(session: Session) -> None:
    """The table stays as small as the set of recently active keys."""
    for minute in range(5):
        hit(session, key="ask:U3", limit=10, window=60, now=NOON + timedelta(minutes=minute))
    rows = session.scalar(select(func.count()).select_from(RateCounter).where(RateCounter.key == "ask:U3"))
    assert rows == 1


def test_concurrent_processes_share_one_allowance(factory: sessionmaker[Session]) -> None:
    """Eight workers, each on its own connection, race for a limit of three: exactly three win."""
    barrier = threading.Barrier(8)
    results: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        with session_scope(factory) as session:
            allowed = hit(session, key="link:U4", limit=3, window=3600, now=NOON).allowed
        with lock:
            results.append(allowed)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False] * 5 + [True] * 3
