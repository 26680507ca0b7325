"""Envelope encryption of confidential cases — the only package that ever holds a key.

- Master keys form a versioned keyring: `SES_MASTER_KEYS` (handed in as `VaultConfig.master_keys`)
  or a key file that only its owner may read (0600), `ses keys generate` writes it. The current
  version wraps new data keys; older versions stay only as long as some data key still needs them.
- Each confidential case has its own random 256-bit data key. It never touches the database in
  the clear: `case_keys` holds it wrapped (AES-256-GCM) under one master key version, recorded in
  the row. Content is sealed with AES-256-GCM under the data key; the associated data names the
  case id and the field (`cases.body`, `case_events.body#17`…), so a ciphertext copied to another
  row or column fails to open instead of showing the wrong text.
- Rotation re-wraps data keys under the current master key, a batch per transaction, without
  touching (or decrypting) any content; a running server picks up a rewritten key file by itself.
- Crypto-shredding: deleting a case's `case_keys` row makes its sealed columns unreadable for good.
- Fail closed: no keyring, an unreadable or too-permissive key file, an unknown version or a wrong
  key raise `VaultUnavailable`; callers never fall back to storing plaintext.
- The audit log's anchor (`cases.anchor`) is signed here, with a key derived from a master key
  version for that use alone: whoever cannot read the keyring cannot forge one.
- Slack requests waiting in the bot's inbox are sealed here too (`seal_transit`, transit.py), under
  another key derived from the current master key version: none is written in the clear.

Services reach the vault through their session (`vault_of(session)`), which the session factory
carries (`cases.db.make_session_factory(engine, vault=...)`); a session without one refuses all
confidential work.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cases.config import VaultConfig
from cases.errors import VaultUnavailable
from cases.models import CaseKey, utcnow
from cases.vault import transit
from cases.vault.envelope import DataKey, unwrap, wrap
from cases.vault.keyring import (
    KEY_BYTES,
    Keyring,
    KeyringError,
    read_keyring_file,
    write_keyring_file,
)

__all__ = [
    "DataKey",
    "Keyring",
    "KeyringError",
    "Vault",
    "VaultStatus",
    "read_keyring_file",
    "vault_of",
    "write_keyring_file",
]


@dataclass(frozen=True)
class VaultStatus:
    ok: bool
    source: str  # "environment", "file" or "none"
    reason: str | None = None
    detail: str | None = None
    versions: tuple[int, ...] = ()
    current: int | None = None


class Vault:
    """Master keys and the operations that need them. Build one per process with `from_config`."""

    def __init__(
        self,
        *,
        keyring: Keyring | None = None,
        path: Path | None = None,
        problem: KeyringError | None = None,
        anchor_path: Path | None = None,
    ) -> None:
        self._fixed = keyring
        self._path = path
        self._problem = problem
        self.anchor_path = anchor_path
        self._lock = threading.Lock()
        self._loaded: Keyring | None = None
        self._loaded_stamp: tuple[int, int, int] | None = None
        self._transit: dict[tuple[int, bytes], AESGCM] = {}

    def __repr__(self) -> str:
        return f"Vault(source={self.source!r})"

    @classmethod
    def from_config(cls, config: VaultConfig) -> Vault:
        """`master_keys` when given (environment), else the key file, read now and re-read when it changes."""
        anchor = config.audit_anchor
        if config.master_keys is not None and config.master_keys.strip():
            try:
                return cls(keyring=Keyring.parse(config.master_keys), anchor_path=anchor)
            except KeyringError as exc:
                return cls(problem=exc, anchor_path=anchor)
        return cls(path=config.keyring_path, anchor_path=anchor)

    @classmethod
    def from_keyring(cls, keyring: Keyring, *, anchor_path: Path | None = None) -> Vault:
        return cls(keyring=keyring, anchor_path=anchor_path)

    @classmethod
    def disabled(cls) -> Vault:
        """A vault without keys: every confidential operation is refused."""
        return cls(problem=KeyringError("no_keys", "no master key configured"))

    @property
    def source(self) -> str:
        if self._fixed is not None:
            return "environment"
        return "file" if self._path is not None else "none"

    @property
    def path(self) -> Path | None:
        return self._path

    def keyring(self) -> Keyring:
        """The keyring now in force (the file re-read if it changed); VaultUnavailable otherwise."""
        if self._fixed is not None:
            return self._fixed
        if self._path is None:
            raise VaultUnavailable(self._problem.reason if self._problem else "no_keys")
        with self._lock:
            try:
                info = self._path.stat()
            except FileNotFoundError:
                self._loaded = None
                raise VaultUnavailable("no_keys") from None
            stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
            if self._loaded is None or stamp != self._loaded_stamp:
                try:
                    self._loaded = read_keyring_file(self._path)
                except KeyringError as exc:
                    self._loaded = None
                    raise VaultUnavailable(exc.reason) from None
                self._loaded_stamp = stamp
            return self._loaded

    def status(self) -> VaultStatus:
        """Whether confidential work is possible now, and if not why (for `ses keys status`, /readyz)."""
        try:
            keyring = self.keyring()
        except VaultUnavailable as exc:
            return VaultStatus(False, self.source, exc.reason, self._explain())
        return VaultStatus(True, self.source, versions=keyring.versions, current=keyring.current)

    def _explain(self) -> str | None:
        if self._problem is not None:
            return str(self._problem)
        if self._path is not None:
            try:
                read_keyring_file(self._path)
            except KeyringError as problem:
                return str(problem)
        return None

    def ensure_ready(self) -> None:
        """Raise VaultUnavailable now rather than half-way through a change."""
        self.keyring()

    # --- the audit anchor -----------------------------------------------------------------------

    def anchor_mac(self, payload: bytes, *, version: int | None = None) -> tuple[int, str]:
        """(version, HMAC-SHA256 of `payload`) under the anchor key of master key `version`
        (default: the current one). VaultUnavailable without keys or when the version is gone."""
        keyring = self.keyring()
        version = keyring.current if version is None else version
        master = keyring.keys.get(version)
        if master is None:
            raise VaultUnavailable("unknown_version")
        key = hmac.new(master, b"ses-advisor audit anchor v1", hashlib.sha256).digest()
        return version, hmac.new(key, payload, hashlib.sha256).hexdigest()

    # --- requests in transit ---------------------------------------------------------------------

    def seal_transit(self, name: str, body: bytes) -> bytes:
        """`body` sealed under the current master key version, bound to `name` (its inbox key);
        VaultUnavailable without keys."""
        keyring = self.keyring()
        return transit.seal(
            self._transit_key(keyring, keyring.current), keyring.current, name=name, body=body
        )

    def open_transit(self, name: str, sealed: bytes) -> bytes:
        """What `seal_transit(name, …)` sealed; VaultUnavailable('unknown_version' | 'tampered' | …)."""
        keyring = self.keyring()
        key = self._transit_key(keyring, transit.version_of(sealed))
        return transit.open_sealed(key, name=name, sealed=sealed)

    def _transit_key(self, keyring: Keyring, version: int) -> AESGCM:
        master = keyring.keys.get(version)
        if master is None:
            raise VaultUnavailable("unknown_version")
        with self._lock:
            key = self._transit.get((version, master))
            if key is None:
                key = self._transit[(version, master)] = transit.transit_key(master)
            return key

    # --- per-case keys --------------------------------------------------------------------------

    def new_data_key(self, session: Session, *, case_id: int, now: datetime | None = None) -> DataKey:
        """Generate the case's data key and store it wrapped under the current master key."""
        keyring = self.keyring()
        raw = secrets.token_bytes(KEY_BYTES)
        version = keyring.current
        session.add(
            CaseKey(
                case_id=case_id,
                key_version=version,
                wrapped=wrap(keyring.keys[version], case_id=case_id, version=version, raw=raw),
                created_at=now or utcnow(),
            )
        )
        session.flush()
        return DataKey(case_id, raw)

    def data_key(self, session: Session, *, case_id: int) -> DataKey:
        """The case's data key: VaultUnavailable('key_destroyed' | 'unknown_version' | 'wrong_key' | …)."""
        keyring = self.keyring()
        row = session.get(CaseKey, case_id, populate_existing=True)
        if row is None:
            raise VaultUnavailable("key_destroyed")
        master = keyring.keys.get(row.key_version)
        if master is None:
            raise VaultUnavailable("unknown_version")
        return DataKey(case_id, unwrap(master, case_id=case_id, version=row.key_version, wrapped=row.wrapped))

    def rewrap(self, session: Session, *, limit: int = 200, now: datetime | None = None) -> int:
        """Re-wrap up to `limit` data keys still under an older master key; returns how many.

        Only the data keys are unwrapped and wrapped again: no content is read or rewritten. Rows
        another transaction holds are skipped (PostgreSQL), so readers and writers never wait long;
        call again until it returns 0.
        """
        keyring = self.keyring()
        current = keyring.current
        rows = session.scalars(
            select(CaseKey)
            .where(CaseKey.key_version != current)
            .order_by(CaseKey.case_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            master = keyring.keys.get(row.key_version)
            if master is None:
                raise VaultUnavailable("unknown_version")
            raw = unwrap(master, case_id=row.case_id, version=row.key_version, wrapped=row.wrapped)
            row.wrapped = wrap(keyring.keys[current], case_id=row.case_id, version=current, raw=raw)
            row.key_version = current
            row.rewrapped_at = now or utcnow()
        session.flush()
        return len(rows)

    @staticmethod
    def destroy_data_key(session: Session, *, case_id: int) -> bool:
        """Crypto-shred: delete the wrapped key (no master key needed). True if there was one."""
        result = session.execute(delete(CaseKey).where(CaseKey.case_id == case_id))
        return bool(getattr(result, "rowcount", 0))

    @staticmethod
    def usage(session: Session) -> dict[int, int]:
        """How many data keys each master key version wraps."""
        rows = session.execute(select(CaseKey.key_version, func.count()).group_by(CaseKey.key_version)).all()
        return {int(version): int(count) for version, count in rows}


_NO_VAULT = Vault.disabled()


def vault_of(session: Session) -> Vault:
    """The vault the session's factory carries, or one that refuses everything."""
    vault = session.info.get("vault")
    return vault if isinstance(vault, Vault) else _NO_VAULT
