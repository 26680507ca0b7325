"""The master keyring: versions of 256-bit keys, their text forms, and the 0600 key file."""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

KEY_BYTES = 32


class KeyringError(ValueError):
    """A keyring that cannot be used; `reason` is one of VaultUnavailable's reasons."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Keyring:
    """Master keys by version (1, 2, …); `current` wraps new data keys. Never printed with its keys."""

    keys: Mapping[int, bytes] = field(repr=False)
    current: int

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyringError("keyring_invalid", "the keyring has no key")
        for version, key in self.keys.items():
            if not isinstance(version, int) or version < 1:
                raise KeyringError("keyring_invalid", f"key versions are integers from 1 (got {version!r})")
            if not isinstance(key, bytes) or len(key) != KEY_BYTES:
                raise KeyringError("keyring_invalid", f"key version {version} is not {KEY_BYTES} bytes")
        if self.current not in self.keys:
            raise KeyringError("keyring_invalid", f"current version {self.current} is not in the keyring")

    @classmethod
    def generate(cls) -> Keyring:
        return cls({1: secrets.token_bytes(KEY_BYTES)}, 1)

    @property
    def versions(self) -> tuple[int, ...]:
        return tuple(sorted(self.keys))

    def with_new_version(self) -> Keyring:
        """A new random key, one version above the highest, made current; the old ones kept."""
        version = max(self.keys) + 1
        return Keyring({**self.keys, version: secrets.token_bytes(KEY_BYTES)}, version)

    def without(self, version: int) -> Keyring:
        if version == self.current:
            raise KeyringError("keyring_invalid", f"version {version} is the current key: rotate first")
        if version not in self.keys:
            raise KeyringError("keyring_invalid", f"version {version} is not in the keyring")
        return Keyring({v: k for v, k in self.keys.items() if v != version}, self.current)

    @classmethod
    def parse(cls, text: str) -> Keyring:
        """JSON `{"current": 2, "keys": {"1": "<base64>", "2": "<base64>"}}`, or `1:<base64>,2:<base64>`

        (the highest version is then current). Keys are 32 bytes, standard or URL-safe base64.
        """
        text = (text or "").strip()
        if not text:
            raise KeyringError("no_keys", "the keyring is empty")
        try:
            if text.startswith("{"):
                data = json.loads(text)
                raw = data["keys"]
                keys = {int(v): _b64decode(k) for v, k in raw.items()}
                current = int(data.get("current") or max(keys))
            else:
                keys = {}
                for item in text.split(","):
                    version, _, encoded = item.strip().partition(":")
                    keys[int(version)] = _b64decode(encoded)
                current = max(keys)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
            raise KeyringError("keyring_invalid", f"unreadable keyring ({type(exc).__name__})") from None
        return cls(keys, current)

    def dumps(self) -> str:
        keys = {str(v): base64.b64encode(self.keys[v]).decode("ascii") for v in self.versions}
        return json.dumps({"current": self.current, "keys": keys}, indent=2) + "\n"


def _b64decode(value: str) -> bytes:
    value = value.strip()
    padded = value + "=" * (-len(value) % 4)
    if "-" in value or "_" in value:
        return base64.urlsafe_b64decode(padded)
    return base64.b64decode(padded, validate=True)


def read_keyring_file(path: Path) -> Keyring:
    """The keyring in `path`, refused if missing, unreadable, or readable by group or others."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KeyringError("no_keys", f"no key file at {path}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyringError("keyring_permissions", f"{path} is accessible to other accounts: chmod 600 {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyringError("keyring_invalid", f"cannot read {path}: {exc.strerror}") from None
    return Keyring.parse(text)


def write_keyring_file(path: Path, keyring: Keyring, *, replace: bool) -> None:
    """Write `keyring` to `path` with mode 0600.

    Without `replace` the file must not exist (O_EXCL: two `ses keys generate` cannot both win,
    and an existing keyring is never overwritten). With `replace` the new file is written beside
    it and renamed over it, so a reader sees the old keyring or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = keyring.dumps().encode("utf-8")
    if not replace:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        _write_all(fd, data)
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _write_all(fd, data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
