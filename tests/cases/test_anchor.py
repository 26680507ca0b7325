"""The audit log's signed anchor: kept up to date by every audited commit, it shows what the chain
alone cannot — its last rows deleted, or the chain rewritten with fresh hashes."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from cases import anchor, audit
from cases.audit import Head
from cases.db import make_engine, make_session_factory, session_scope
from cases.models import AuditEntry
from cases.vault import Keyring, Vault


@dataclass
class Anchored:
    engine: Engine
    factory: sessionmaker[Session]
    vault: Vault
    path: Path
    backend: str

    def check(self) -> anchor.AuditCheck:
        with session_scope(self.factory) as session:
            return anchor.check(session, vault=self.vault, path=self.path)

    def append(self, n: int, action: str = "case.noted") -> None:
        for i in range(n):
            with session_scope(self.factory) as session:
                audit.append(
                    session, action=action, actor_id="UADV001", target="SES-2026-0001", details={"n": i}
                )

    def tamper(self, *statements: str) -> None:
        """As an attacker with write access to the database (triggers dropped), not to the keys."""
        with self.engine.begin() as conn:
            if self.backend == "postgres":
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log"))
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log"))
            else:
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
            for statement in statements:
                conn.execute(text(statement))

    def rehash(self) -> None:
        """Renumber the rows left and recompute every hash, as a careful attacker would."""
        with self.engine.begin() as conn:
            rows = (
                conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.__table__.c.id))
                .mappings()
                .all()
            )
            conn.execute(AuditEntry.__table__.delete())
            prev = audit.GENESIS_HASH
            for position, row in enumerate(rows, start=1):
                digest = audit.entry_hash(AuditEntry(**{**row, "id": position, "prev_hash": prev}))
                conn.execute(
                    AuditEntry.__table__.insert().values(
                        {**row, "id": position, "prev_hash": prev, "hash": digest}
                    )
                )
                prev = digest


@pytest.fixture
def anchored(backend: str, new_database: Callable[[str, bool], str], tmp_path: Path) -> Iterator[Anchored]:
    engine = make_engine(new_database(backend, True))
    path = tmp_path / "anchor" / "audit-anchor.json"
    vault = Vault.from_keyring(Keyring.generate(), anchor_path=path)
    yield Anchored(engine, make_session_factory(engine, vault=vault), vault, path, backend)
    engine.dispose()


def test_every_audited_commit_moves_the_signed_anchor_and_a_rollback_does_not(anchored: Anchored) -> None:
    assert anchored.check().status == anchor.UNANCHORED
    anchored.append(3)
    signed = anchor.read(anchored.path)
    assert signed is not None and signed.head.count == 3 and anchor.genuine(anchored.vault, signed)
    assert stat.S_IMODE(anchored.path.stat().st_mode) == 0o600
    with pytest.raises(RuntimeError), session_scope(anchored.factory) as session:
        audit.append(session, action="case.noted", actor_id="UADV001")
        raise RuntimeError("rolled back")
    with session_scope(anchored.factory) as session:  # a later unit of work in a fresh session
        session.execute(select(AuditEntry.id)).all()
    assert anchor.read(anchored.path) == signed
    found = anchored.check()
    assert (found.status, found.chain.checked, found.chain.anchored, found.ok) == ("intact", 3, 3, True)


def test_deleting_the_last_rows_is_reported_as_truncation(anchored: Anchored) -> None:
    anchored.append(5)
    anchored.tamper("DELETE FROM audit_log WHERE id > 3")
    with session_scope(anchored.factory) as session:
        assert audit.verify(session).ok  # the chain alone sees nothing wrong
    found = anchored.check()
    assert (found.status, found.chain.broken_id, found.ok) == ("truncated", 4, False)
    assert "rows 4 to 5 were deleted" in (found.chain.reason or "")


def test_deleting_every_denial_and_recomputing_the_hashes_is_reported(anchored: Anchored) -> None:
    anchored.append(2)
    anchored.append(2, action="case.access_denied")
    anchored.append(2)
    anchored.tamper("DELETE FROM audit_log WHERE action = 'case.access_denied'")
    anchored.rehash()
    with session_scope(anchored.factory) as session:
        assert audit.verify(session).ok and audit.verify(session).checked == 4
    assert anchored.check().status == "truncated"
    # the application writes on: once the chain is as long as the head signed, it ends on another hash
    anchored.append(2)
    found = anchored.check()
    assert (found.status, found.chain.broken_id) == ("rewritten", 6)


def test_an_edited_row_with_recomputed_hashes_is_reported_as_a_rewrite(anchored: Anchored) -> None:
    anchored.append(4)
    anchored.tamper("UPDATE audit_log SET actor_id = 'UEVIL01' WHERE id = 2")
    anchored.rehash()
    found = anchored.check()
    assert (found.status, found.chain.broken_id) == ("rewritten", 4)


def test_an_anchor_not_signed_with_our_keys_is_refused(anchored: Anchored) -> None:
    anchored.append(4)
    anchored.tamper("DELETE FROM audit_log WHERE id > 2")
    with session_scope(anchored.factory) as session:
        head = audit.current_head(session)
    other_keys = Vault.from_keyring(Keyring.generate())
    anchored.path.write_text(anchor.sign(other_keys, head).dumps())
    assert anchored.check().status == "anchor_forged"
    data = json.loads(anchor.sign(anchored.vault, Head(4, "0" * 64)).dumps())
    data["count"] = 2  # an older count under a genuine signature
    anchored.path.write_text(json.dumps(data))
    assert anchored.check().status == "anchor_forged"
    anchored.path.write_text("{not json")
    assert anchored.check().status == "anchor_unreadable"


def test_the_anchor_only_moves_forward_whatever_order_processes_commit_in(anchored: Anchored) -> None:
    later = anchor.sign(anchored.vault, Head(9, "a" * 64))
    assert anchor.advance(anchored.path, later)
    assert not anchor.advance(anchored.path, anchor.sign(anchored.vault, Head(8, "b" * 64)))
    assert anchor.read(anchored.path) == later


def test_rotated_keys_still_check_an_anchor_until_its_version_is_removed(anchored: Anchored) -> None:
    anchored.append(2)
    rotated = Vault.from_keyring(anchored.vault.keyring().with_new_version(), anchor_path=anchored.path)
    with session_scope(anchored.factory) as session:
        assert anchor.check(session, vault=rotated, path=anchored.path).status == "intact"
        without_v1 = Vault.from_keyring(rotated.keyring().without(1), anchor_path=anchored.path)
        assert anchor.check(session, vault=without_v1, path=anchored.path).status == "anchor_unverifiable"
        # what `ses keys rewrap` / `remove` do first: the same head, signed under the new version
        assert anchor.resign(rotated, anchored.path) and not anchor.resign(rotated, anchored.path)
        assert anchor.check(session, vault=without_v1, path=anchored.path).status == "intact"


def test_without_keys_nothing_is_signed_and_work_goes_on(
    backend: str, new_database: Callable[[str, bool], str], tmp_path: Path
) -> None:
    engine = make_engine(new_database(backend, True))
    path = tmp_path / "audit-anchor.json"
    factory = make_session_factory(engine, vault=Vault(anchor_path=path, path=tmp_path / "no-keyring.json"))
    with session_scope(factory) as session:
        audit.append(session, action="case.noted")
    assert not path.exists()
    engine.dispose()
