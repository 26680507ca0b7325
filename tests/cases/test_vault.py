"""The keyring and the envelope, without a database: formats, file rules, associated data."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from cases.config import VaultConfig
from cases.errors import VaultUnavailable
from cases.vault import DataKey, Keyring, KeyringError, Vault, read_keyring_file, write_keyring_file


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def test_a_keyring_reads_json_and_the_compact_form_and_never_prints_its_keys() -> None:
    one, two = os.urandom(32), os.urandom(32)
    compact = Keyring.parse(f"1:{_b64(one)}, 2:{_b64(two)}")
    assert (compact.current, compact.keys[1], compact.keys[2]) == (2, one, two)
    as_json = Keyring.parse(compact.dumps())
    assert as_json == compact
    pinned = Keyring.parse(f'{{"current": 1, "keys": {{"1": "{_b64(one)}", "2": "{_b64(two)}"}}}}')
    assert pinned.current == 1
    urlsafe = base64.urlsafe_b64encode(one).decode().rstrip("=")
    assert Keyring.parse(f"3:{urlsafe}").keys[3] == one
    assert _b64(one) not in repr(compact) and _b64(one) not in repr(Vault.from_keyring(compact))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no_keys"),
        ("1:" + _b64(os.urandom(16)), "keyring_invalid"),  # a 128-bit key is not a 256-bit key
        ("one:" + _b64(os.urandom(32)), "keyring_invalid"),
        ("1:not base64!", "keyring_invalid"),
        ('{"current": 2, "keys": {"1": "' + _b64(os.urandom(32)) + '"}}', "keyring_invalid"),
        ("0:" + _b64(os.urandom(32)), "keyring_invalid"),
    ],
)
def test_unusable_keyrings_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(KeyringError) as caught:
        Keyring.parse(text)
    assert caught.value.reason == reason


def test_the_key_file_is_created_0600_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "keyring.json"
    first = Keyring.generate()
    write_keyring_file(path, first, replace=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_keyring_file(path, Keyring.generate(), replace=False)
    assert read_keyring_file(path) == first
    rotated = first.with_new_version()
    write_keyring_file(path, rotated, replace=True)
    assert read_keyring_file(path) == rotated and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["keyring.json"]  # no temporary left behind


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keyring.json"
    write_keyring_file(path, Keyring.generate(), replace=False)
    path.chmod(0o640)
    with pytest.raises(KeyringError) as caught:
        read_keyring_file(path)
    assert caught.value.reason == "keyring_permissions"
    vault = Vault.from_config(VaultConfig(keyring_path=path))
    with pytest.raises(VaultUnavailable) as refused:
        vault.ensure_ready()
    assert refused.value.reason == "keyring_permissions"
    assert not vault.status().ok and vault.status().reason == "keyring_permissions"


def test_without_any_key_the_vault_refuses(tmp_path: Path) -> None:
    for vault in (
        Vault.disabled(),
        Vault.from_config(VaultConfig(keyring_path=tmp_path / "missing.json")),
        Vault.from_config(VaultConfig(keyring_path=tmp_path / "x", master_keys="1:short")),
    ):
        with pytest.raises(VaultUnavailable):
            vault.ensure_ready()


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "keyring.json"
    write_keyring_file(path, Keyring.generate(), replace=False)
    env = Keyring.generate()
    vault = Vault.from_config(VaultConfig(keyring_path=path, master_keys=env.dumps()))
    assert vault.keyring() == env and vault.source == "environment"
    assert "master_keys" not in repr(VaultConfig(keyring_path=path, master_keys=env.dumps()))


def test_a_running_vault_picks_up_a_rewritten_key_file(tmp_path: Path) -> None:
    path = tmp_path / "keyring.json"
    write_keyring_file(path, Keyring.generate(), replace=False)
    vault = Vault.from_config(VaultConfig(keyring_path=path))
    assert vault.keyring().current == 1
    write_keyring_file(path, read_keyring_file(path).with_new_version(), replace=True)
    assert vault.keyring().current == 2 and vault.keyring().versions == (1, 2)


def test_sealed_text_opens_only_for_its_own_case_and_field() -> None:
    raw = os.urandom(32)
    key = DataKey(7, raw)
    sealed = key.seal("cases.body", "secret body")
    assert b"secret body" not in sealed
    assert key.open("cases.body", sealed) == "secret body"
    for other_key, field in (
        (key, "cases.subject"),  # moved to another column
        (DataKey(8, raw), "cases.body"),  # moved to another case row (even with the same key)
        (DataKey(7, os.urandom(32)), "cases.body"),  # another key
    ):
        with pytest.raises(VaultUnavailable) as caught:
            other_key.open(field, sealed)
        assert caught.value.reason == "tampered"
    flipped = bytearray(sealed)
    flipped[-1] ^= 1
    with pytest.raises(VaultUnavailable):
        key.open("cases.body", bytes(flipped))
    with pytest.raises(VaultUnavailable):
        key.open("cases.body", b"")


def test_the_same_text_seals_differently_each_time() -> None:
    key = DataKey(1, os.urandom(32))
    assert key.seal("cases.body", "same") != key.seal("cases.body", "same")
    assert key.open_json("cases.source", key.seal_json("cases.source", {"q": "é"})) == {"q": "é"}


def test_removing_the_current_version_is_refused() -> None:
    keyring = Keyring.generate().with_new_version()
    with pytest.raises(KeyringError):
        keyring.without(2)
    assert keyring.without(1).versions == (2,)
