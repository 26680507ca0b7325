"""Data keys: generated per case, sealed fields under them, wrapped under a master key version."""

from __future__ import annotations

import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cases.errors import VaultUnavailable

NONCE_BYTES = 12
_SEALED_FORMAT = b"\x01"
_FIELD_AAD = "ses-advisor/case-field/v1"
_WRAP_AAD = "ses-advisor/data-key/v1"


class DataKey:
    """One case's data key, unwrapped for the length of a service call. Seals and opens its fields."""

    __slots__ = ("_aead", "case_id")

    def __init__(self, case_id: int, raw: bytes) -> None:
        self.case_id = case_id
        self._aead = AESGCM(raw)

    def __repr__(self) -> str:
        return f"DataKey(case_id={self.case_id})"

    def _aad(self, field_name: str) -> bytes:
        return f"{_FIELD_AAD}\x00{self.case_id}\x00{field_name}".encode()

    def seal(self, field_name: str, plaintext: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), self._aad(field_name))
        return _SEALED_FORMAT + nonce + sealed

    def open(self, field_name: str, sealed: bytes) -> str:
        """The plaintext, or VaultUnavailable('tampered') if it was altered or sealed for another field."""
        blob = bytes(sealed)
        if blob[:1] != _SEALED_FORMAT or len(blob) < 1 + NONCE_BYTES + 16:
            raise VaultUnavailable("tampered")
        nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, self._aad(field_name)).decode("utf-8")
        except InvalidTag:
            raise VaultUnavailable("tampered") from None

    def seal_json(self, field_name: str, value: Any) -> bytes:
        return self.seal(field_name, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def open_json(self, field_name: str, sealed: bytes) -> Any:
        return json.loads(self.open(field_name, sealed))


def _wrap_aad(case_id: int, version: int) -> bytes:
    return f"{_WRAP_AAD}\x00{case_id}\x00{version}".encode()


def wrap(master: bytes, *, case_id: int, version: int, raw: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(master).encrypt(nonce, raw, _wrap_aad(case_id, version))


def unwrap(master: bytes, *, case_id: int, version: int, wrapped: bytes) -> bytes:
    blob = bytes(wrapped)
    try:
        return AESGCM(master).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _wrap_aad(case_id, version))
    except InvalidTag:
        raise VaultUnavailable("wrong_key") from None
