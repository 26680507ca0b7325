"""Requests in transit (the bot's Slack inbox): sealed under a key derived from a master key version.

A request waits in the database from its ack until it is worked off — seconds, or until the next
process starts after a crash. It may hold a confidential requester's words, so it is sealed before
it is written, like a confidential case's fields: AES-256-GCM under a key derived (HMAC-SHA256) from
a master key version for this use alone, the associated data naming the entry's key (a body copied
to another entry fails to open). A sealed body names its master key version, so it opens after a
rotation for as long as that version stays in the keyring.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cases.errors import VaultUnavailable

NONCE_BYTES = 12
_FORMAT = b"\x02"
_VERSION_BYTES = 4
_HEADER = len(_FORMAT) + _VERSION_BYTES + NONCE_BYTES
_DERIVE = b"ses-advisor slack inbox v1"
_AAD = "ses-advisor/transit/v1"


def transit_key(master: bytes) -> AESGCM:
    """The sealing key of one master key version (never the master key itself)."""
    return AESGCM(hmac.new(master, _DERIVE, hashlib.sha256).digest())


def seal(key: AESGCM, version: int, *, name: str, body: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return _FORMAT + version.to_bytes(_VERSION_BYTES, "big") + nonce + key.encrypt(nonce, body, _aad(name))


def version_of(sealed: bytes) -> int:
    """The master key version a body was sealed under; VaultUnavailable('tampered') if it is not one."""
    blob = bytes(sealed)
    if blob[:1] != _FORMAT or len(blob) < _HEADER + 16:
        raise VaultUnavailable("tampered")
    return int.from_bytes(blob[1 : 1 + _VERSION_BYTES], "big")


def open_sealed(key: AESGCM, *, name: str, sealed: bytes) -> bytes:
    blob = bytes(sealed)
    version_of(blob)
    nonce = blob[1 + _VERSION_BYTES : _HEADER]
    try:
        return key.decrypt(nonce, blob[_HEADER:], _aad(name))
    except InvalidTag:
        raise VaultUnavailable("tampered") from None


def _aad(name: str) -> bytes:
    return f"{_AAD}\x00{name}".encode()
