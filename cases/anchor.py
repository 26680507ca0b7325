"""The audit log's anchor: the chain's head — row count and last hash — signed and kept outside the database.

The hash chain (`cases.audit`) shows an edited, inserted or deleted row, but not its last rows
deleted, nor a chain rewritten from some row on with fresh hashes. The anchor does: `check` walks
the chain against the head it signed and reports a log shorter than that head ("truncated") or a
different hash at its position ("rewritten"). The signature is an HMAC under a key derived from the
master keyring (`Vault.anchor_mac`): whoever can write the database but not read the keys cannot
make an anchor that passes.

The file (default `SES_DATA_DIR/audit-anchor.json`, `SES_AUDIT_ANCHOR`) is rewritten after every
commit that appended to the log (`after_commit`, installed by `cases.db.make_session_factory`), and
only ever forward: under an exclusive lock a head replaces the one there only if it is longer, so
processes committing in any order never move it back; readers take a shared lock, so none sees
half of one. It is rewritten in place, not fsynced: written aside and renamed in, with an fsync,
it cost an audited change 6 ms more instead of 0.1 (bench/case_audit.py). A crash can at worst
leave an older anchor (the rows after it show as not yet anchored until the next change moves it)
or a damaged one (`verify` says so; the next change rewrites it). `replace` moves it back on
purpose (`ses audit anchor --reset`, after a restore), and the log records that it did.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cases import audit
from cases.audit import ChainReport, Head
from cases.errors import VaultUnavailable
from cases.models import utcnow
from cases.vault import Vault, vault_of

logger = logging.getLogger(__name__)

FORMAT = 1
MAX_FILE = 4096  # an anchor is about 250 bytes; anything much larger is not one


class AnchorUnreadable(ValueError):
    """The anchor file exists but is not an anchor (damaged, or not written by us)."""


@dataclass(frozen=True)
class Anchor:
    head: Head
    at: datetime
    key_version: int
    mac: str

    def payload(self) -> bytes:
        """What the MAC covers: everything in the file but the MAC."""
        return _canonical(
            {
                "format": FORMAT,
                "count": self.head.count,
                "hash": self.head.hash,
                "at": self.at.isoformat(),
                "key_version": self.key_version,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "count": self.head.count,
            "hash": self.head.hash,
            "at": self.at.isoformat(),
            "key_version": self.key_version,
            "mac": self.mac,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    @classmethod
    def loads(cls, text: str) -> Anchor:
        try:
            data = json.loads(text)
            if data["format"] != FORMAT:
                raise ValueError("unknown format")
            head = Head(int(data["count"]), str(data["hash"]))
            anchor = cls(head, datetime.fromisoformat(data["at"]), int(data["key_version"]), str(data["mac"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise AnchorUnreadable(f"not an audit anchor ({type(exc).__name__})") from None
        if head.count < 0 or len(head.hash) != 64 or anchor.at.tzinfo is None:
            raise AnchorUnreadable("not an audit anchor (bad values)")
        return anchor


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(vault: Vault, head: Head, *, now: datetime | None = None) -> Anchor:
    """The head signed under the current master key. VaultUnavailable without keys."""
    at, version = now or utcnow(), vault.keyring().current
    _, mac = vault.anchor_mac(Anchor(head, at, version, "").payload(), version=version)
    return Anchor(head, at, version, mac)


def genuine(vault: Vault, anchor: Anchor) -> bool:
    """Whether our keys signed it. VaultUnavailable when the keys (or that version) are missing."""
    _, mac = vault.anchor_mac(anchor.payload(), version=anchor.key_version)
    return secrets.compare_digest(mac, anchor.mac)


# --- the file -----------------------------------------------------------------------------------


def _parse(raw: bytes) -> Anchor | None:
    if not raw:
        return None  # created by a writer that has not written yet
    if len(raw) > MAX_FILE:
        raise AnchorUnreadable("not an audit anchor (too large)")
    try:
        return Anchor.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise AnchorUnreadable("not an audit anchor (not text)") from None


def read(path: Path) -> Anchor | None:
    """The anchor in `path`; None when there is none; AnchorUnreadable when it is not one."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        return _parse(os.pread(fd, MAX_FILE + 1, 0))
    finally:
        os.close(fd)


@contextmanager
def _locked(path: Path) -> Iterator[tuple[int, Anchor | None]]:
    """The file open for writing under an exclusive lock (one writer, of any process, at a time),
    and what it holds (None if nothing, or something unreadable)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            there = _parse(os.pread(fd, MAX_FILE + 1, 0))
        except AnchorUnreadable:
            there = None
        yield fd, there
    finally:
        os.close(fd)


def _write(fd: int, anchor: Anchor) -> None:
    data = anchor.dumps().encode("utf-8")
    os.pwrite(fd, data, 0)
    os.ftruncate(fd, len(data))


def advance(path: Path, anchor: Anchor) -> bool:
    """Write `anchor` if it signs a longer chain than the file's — or the same head under another
    key version (`resign`) —, or the file has none or an unreadable one; True if written."""
    with _locked(path) as (fd, there):
        if there is not None and not (
            there.head.count < anchor.head.count
            or (there.head == anchor.head and there.key_version != anchor.key_version)
        ):
            return False
        _write(fd, anchor)
        return True


def resign(vault: Vault, path: Path) -> bool:
    """Sign the anchor's head again under the current master key, if ours signed it under an older
    one: after a rotation, before the old version is removed. True if it was re-signed."""
    try:
        there = read(path)
        if there is None or there.key_version == vault.keyring().current or not genuine(vault, there):
            return False
    except (AnchorUnreadable, VaultUnavailable):
        return False
    return advance(path, sign(vault, there.head))


def replace(path: Path, anchor: Anchor) -> None:
    """Write `anchor` whatever the file holds (a reset: the caller audits it first)."""
    with _locked(path) as (fd, _there):
        _write(fd, anchor)


def after_commit(session: Session) -> None:
    """Session hook: a commit that appended to the log moves the anchor to its new head.

    Never raises — the commit stands; without keys there is nothing to sign with, and a file that
    cannot be written is logged (then `ses audit verify` shows the rows after the anchor).
    """
    head = audit.appended_head(session)
    vault = vault_of(session)
    if head is None or vault.anchor_path is None:
        return
    try:
        advance(vault.anchor_path, sign(vault, head))
    except VaultUnavailable:
        pass  # no keys: no anchoring (`ses audit verify` says the log is not anchored)
    except OSError as exc:
        logger.warning("audit anchor not written to %s: %s", vault.anchor_path, exc.strerror or exc)


def after_rollback(session: Session) -> None:
    """Session hook: what a rolled-back unit of work appended is not the head."""
    audit.appended_head(session)


# --- checking -----------------------------------------------------------------------------------

INTACT = "intact"
UNANCHORED = "unanchored"
TAMPERED = frozenset({"broken", "rewritten", "truncated", "anchor_forged", "anchor_unreadable"})


@dataclass(frozen=True)
class AuditCheck:
    """The chain walked against the anchor. `status`:

    - intact: the chain holds and contains the signed head (`chain.unanchored` rows after it);
    - unanchored: the chain holds but there is no anchor to compare with;
    - broken / rewritten / truncated: the chain itself, or against the head signed;
    - anchor_forged: the file's signature is not ours; anchor_unreadable: the file is not an anchor;
    - anchor_unverifiable: the key version that signed it is not in the keyring (or no keys).
    """

    chain: ChainReport
    anchor: Anchor | None
    status: str

    @property
    def ok(self) -> bool:
        return self.status in (INTACT, UNANCHORED)


def check(session: Session, *, vault: Vault, path: Path | None) -> AuditCheck:
    try:
        anchor = read(path) if path is not None else None
    except AnchorUnreadable:
        return AuditCheck(audit.verify(session), None, "anchor_unreadable")
    if anchor is None:
        chain = audit.verify(session)
        return AuditCheck(chain, None, UNANCHORED if chain.ok else "broken")
    try:
        signed = genuine(vault, anchor)
    except VaultUnavailable:
        return AuditCheck(audit.verify(session), anchor, "anchor_unverifiable")
    if not signed:
        return AuditCheck(audit.verify(session), anchor, "anchor_forged")
    chain = audit.verify(session, anchor=anchor.head)
    if chain.ok:
        return AuditCheck(chain, anchor, INTACT)
    return AuditCheck(chain, anchor, chain.problem if chain.problem in TAMPERED else "broken")


def record_reset(session: Session, found: AuditCheck, *, now: datetime | None = None) -> Head:
    """Audit that the anchor is being reset (after a restore, or lost keys): what it said, what the
    log holds. Returns the head to sign, this entry included."""
    previous = found.anchor
    audit.append(
        session,
        action="audit.anchor_reset",
        details={
            "status": found.status,
            "rows_found": found.chain.checked,
            "previous": None
            if previous is None
            else {"count": previous.head.count, "hash": previous.head.hash, "at": previous.at.isoformat()},
        },
        now=now,
    )
    return audit.current_head(session)
