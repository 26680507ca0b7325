"""`ses keys`, `ses retention run`, `ses cases delete`, `ses users --keep-questions`: in-process, on SQLite."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from cases.config import VaultConfig
from cases.db import make_engine, make_session_factory, session_scope
from cases.models import Case, CaseKey
from cases.services import lifecycle
from cases.services.lifecycle import Act
from cases.vault import Keyring, Vault, read_keyring_file, write_keyring_file
from tests.cases.conftest import Ses


def _factory(engine: Engine, data: Path) -> sessionmaker[Session]:
    """What a second process would open: the same database and key file."""
    return make_session_factory(
        engine, vault=Vault.from_config(VaultConfig(keyring_path=data / "keyring.json"))
    )


def _create(ses: Ses, requester: str = "UREQ001", body: str = "b") -> tuple[int, str, str]:
    return ses(
        "cases",
        "create",
        "--requester",
        requester,
        "--subject",
        "s",
        "--body",
        body,
        "--confidential",
        "--json",
    )


def test_without_keys_a_confidential_case_is_refused_in_both_languages(ses: Ses, data: Path) -> None:
    ses("users", "add", "UREQ001")
    code, out, err = _create(ses)
    assert code == 2 and out == ""
    assert "aucune clé de chiffrement" in err and "no encryption key" in err
    code, _, err = ses("keys", "status")
    assert code == 1 and "no_keys" in err


def test_generate_writes_a_0600_keyring_once_and_never_overwrites_it(ses: Ses, data: Path) -> None:
    code, out, _ = ses("keys", "generate")
    path = data / "keyring.json"
    assert code == 0 and str(path) in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    code, _, err = ses("keys", "generate")
    assert code == 2 and "rien n'a été écrasé" in err and "nothing was overwritten" in err
    assert path.read_bytes() == before
    code, out, _ = ses("keys", "status", "--json")
    assert code == 0 and json.loads(out)["versions"] == [1] and json.loads(out)["source"] == "file"


def test_ses_keyring_points_the_key_file_elsewhere(
    ses: Ses, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secrets" / "ses-keys.json"
    monkeypatch.setenv("SES_KEYRING", str(path))
    assert ses("keys", "generate")[0] == 0
    assert path.exists() and not (data / "keyring.json").exists()


def test_with_ses_master_keys_nothing_is_written_and_print_gives_the_next_version(
    ses: Ses, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = Keyring.generate()
    monkeypatch.setenv("SES_MASTER_KEYS", keyring.dumps())
    code, _, err = ses("keys", "generate")
    assert code == 2 and "SES_MASTER_KEYS" in err and not (data / "keyring.json").exists()
    code, out, _ = ses("keys", "generate", "--print")
    assert code == 0 and out.startswith("2:")
    ses("users", "add", "UREQ001")
    code, out, _ = _create(ses)
    assert code == 0
    # Rotation by environment: add version 2, "restart" (a new process reads it), re-wrap.
    rotated = Keyring.parse(keyring.dumps()).with_new_version()
    monkeypatch.setenv("SES_MASTER_KEYS", rotated.dumps())
    assert ses("keys", "rotate")[0] == 2  # the environment cannot be rewritten from here
    code, out, _ = ses("keys", "rewrap")
    assert code == 0 and "1 data key(s) re-wrapped" in out and "{2: 1}" in out


def test_rotate_rewraps_then_the_old_version_can_be_removed(ses: Ses, data: Path) -> None:
    ses("keys", "generate")
    ses("users", "add", "UREQ001")
    ses("users", "grant", "UCONF01", "confidential_advisor")
    refs = [json.loads(_create(ses, body=f"body {n}")[1])["ref"] for n in range(3)]
    code, _, err = ses("keys", "remove", "1")
    assert code == 2  # current version
    code, out, _ = ses("keys", "rotate", "--batch", "2")
    assert code == 0 and "version 2 added" in out and "3 data key(s) re-wrapped" in out
    assert "`ses keys remove <version>`" in out
    assert ses("keys", "remove", "1")[0] == 0
    assert read_keyring_file(data / "keyring.json").versions == (2,)
    for n, ref in enumerate(refs):
        code, out, _ = ses("cases", "show", ref, "--as", "UCONF01", "--json")
        assert code == 0 and json.loads(out)["body"] == f"body {n}"
    assert ses("audit", "verify")[0] == 0


def test_remove_refuses_a_version_some_data_key_still_needs(ses: Ses, data: Path) -> None:
    path = data / "keyring.json"
    ses("keys", "generate")
    ses("users", "add", "UREQ001")
    _create(ses)
    write_keyring_file(path, read_keyring_file(path).with_new_version(), replace=True)
    code, _, err = ses("keys", "remove", "1")
    assert code == 2 and "ses keys rewrap" in err
    assert read_keyring_file(path).versions == (1, 2)


def test_retention_run_erases_old_closed_confidential_cases(
    ses: Ses, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ses("keys", "generate")
    ses("users", "add", "UREQ001")
    ses("users", "grant", "UCONF01", "confidential_advisor")
    old, recent = (json.loads(_create(ses)[1])["ref"] for _ in range(2))
    engine = make_engine(f"sqlite:///{data / 'ses.db'}")
    try:
        with session_scope(_factory(engine, data)) as session:
            long_ago = datetime.now(UTC) - timedelta(days=40)
            lifecycle.change_status(session, Act(ref=old, actor_id="UCONF01", now=long_ago), status="closed")
            lifecycle.close_case(session, Act(ref=recent, actor_id="UCONF01"))
            case = session.scalars(select(Case).where(Case.ref == old)).one()
            wrapped = session.get_one(CaseKey, case.id).wrapped
            sealed_body = case.body_sealed
    finally:
        engine.dispose()
    monkeypatch.setenv("SES_CONFIDENTIAL_RETENTION_DAYS", "30")
    code, out, _ = ses("retention", "run", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["cases"] == [old]
    code, out, _ = ses("retention", "run")
    assert code == 0 and "erased 1 confidential case(s)" in out and old in out
    # Crypto-shredding on disk: the wrapped key and the ciphertext are gone from the file and its
    # WAL (secure_delete zeroes freed space, the checkpoint empties the log).
    files = b"".join(p.read_bytes() for p in data.glob("ses.db*"))
    assert wrapped not in files and sealed_body is not None and sealed_body not in files
    assert ses("cases", "show", old, "--as", "UCONF01")[0] == 2
    assert ses("cases", "show", recent, "--as", "UCONF01")[0] == 0
    assert ses("audit", "verify")[0] == 0


def test_a_requester_deletes_their_own_closed_request_from_the_cli(ses: Ses, data: Path) -> None:
    ses("keys", "generate")
    ses("users", "add", "UREQ001")
    ses("users", "grant", "UCONF01", "confidential_advisor")
    ref = json.loads(_create(ses)[1])["ref"]
    code, _, err = ses("cases", "delete", ref, "--as", "UREQ001")
    assert code == 2 and "doit être fermée" in err and "must be closed" in err
    code, _, err = ses("cases", "delete", ref, "--as", "UCONF01")
    assert code == 2 and "introuvable" in err and ref not in err
    engine = make_engine(f"sqlite:///{data / 'ses.db'}")
    try:
        with session_scope(_factory(engine, data)) as session:
            lifecycle.close_case(session, Act(ref=ref, actor_id="UCONF01"))
    finally:
        engine.dispose()
    code, out, _ = ses("cases", "delete", ref, "--as", "UREQ001")
    assert code == 0 and f"{ref} erased" in out
    assert ses("cases", "show", ref, "--as", "UREQ001")[0] == 2


def test_list_shows_no_subject_for_confidential_cases_and_nothing_to_others(ses: Ses, data: Path) -> None:
    ses("keys", "generate")
    ses("users", "add", "UREQ001")
    ses("users", "grant", "UADV001", "advisor")
    ref = json.loads(_create(ses)[1])["ref"]
    code, out, _ = ses("cases", "list", "--as", "UREQ001")
    assert code == 0 and ref in out and "(confidentiel / confidential)" in out
    code, out, _ = ses("cases", "list", "--as", "UADV001", "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = ses("cases", "show", ref, "--as", "UADV001")
    code_unknown, _, err_unknown = ses("cases", "show", "SES-C-00000-00000", "--as", "UADV001")
    assert (code, err) == (code_unknown, err_unknown) == (2, err)


def test_users_keep_questions_is_an_audited_opt_in(ses: Ses, data: Path) -> None:
    code, out, _ = ses(
        "users", "add", "UMEM001", "--office", "adjudicative_member", "--keep-questions", "yes"
    )
    assert code == 0
    code, out, _ = ses("users", "list", "--json")
    assert json.loads(out)[0]["retain_questions"] is True
    ses("users", "add", "UMEM001", "--keep-questions", "no")
    assert json.loads(ses("users", "list", "--json")[1])[0]["retain_questions"] is False
    engine = make_engine(f"sqlite:///{data / 'ses.db'}")
    try:
        with session_scope(_factory(engine, data)) as session:
            from cases import audit

            actions = [e.action for e in audit.entries(session, target="UMEM001")]
    finally:
        engine.dispose()
    assert actions.count("person.question_retention") == 2
