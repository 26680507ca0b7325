"""The `ses` commands of the case tracker, run in-process on the default SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from cases import migrate
from cases.db import make_engine
from tests.cases.conftest import Ses


@pytest.fixture
def migrated(ses: Ses, tmp_path: Path) -> Path:
    code, out, _ = ses("db", "upgrade")
    assert code == 0 and f"revision {migrate.head_revision()}" in out
    return tmp_path / "data" / "ses.db"


def test_db_upgrade_creates_the_data_dir_and_database_on_a_fresh_machine(ses: Ses, tmp_path: Path) -> None:
    assert not (tmp_path / "data").exists()
    assert ses("db", "upgrade")[0] == 0
    assert (tmp_path / "data" / "ses.db").exists()
    assert ses("db", "current")[0] == 0
    assert ses("db", "upgrade")[0] == 0  # idempotent: `make run` runs it every time


def test_users_grant_revoke_and_list(ses: Ses, migrated: Path) -> None:
    assert ses("users", "grant", "U123", "advisor", "--name", "Alice")[0] == 0
    assert ses("users", "grant", "U123", "admin")[0] == 0
    assert ses("users", "revoke", "U123", "admin")[0] == 0
    code, out, _ = ses("users", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "user_id": "U123",
            "display_name": "Alice",
            "locale": "fr",
            "office_kind": None,
            "retain_questions": False,
            "roles": ["advisor"],
        }
    ]
    code, _, err = ses("users", "revoke", "U999", "admin")
    assert code == 2 and "Utilisateur inconnu : U999" in err and "Unknown user: U999" in err


def test_cases_create_list_and_show_as_a_user(ses: Ses, migrated: Path) -> None:
    ses("users", "add", "UREQ001", "--name", "Rita", "--locale", "en")
    ses("users", "grant", "UADV001", "advisor")
    ses("users", "add", "UOTHER1")
    code, out, _ = ses(
        "cases",
        "create",
        "--requester",
        "UREQ001",
        "--subject",
        "Gala",
        "--body",
        "<script>x</script>",
        "--category",
        "gifts_hospitality",
        "--json",
    )
    assert code == 0
    created = json.loads(out)
    assert created["ref"].startswith("SES-") and created["lang"] == "en" and created["status"] == "new"

    listed = json.loads(ses("cases", "list", "--as", "UADV001", "--json")[1])
    assert [c["ref"] for c in listed] == [created["ref"]]
    assert json.loads(ses("cases", "list", "--as", "UOTHER1", "--json")[1]) == []

    code, out, _ = ses("cases", "show", created["ref"], "--as", "UREQ001", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["body"] == "<script>x</script>" and shown["can_work"] is False
    code, _, err = ses("cases", "show", created["ref"], "--as", "UOTHER1", "--json")
    assert code == 2 and "introuvable" in err


def test_cases_create_refuses_bad_input_with_a_clear_message(ses: Ses, migrated: Path) -> None:
    ses("users", "add", "UREQ001")
    code, _, err = ses(
        "cases", "create", "--requester", "UREQ001", "--subject", "s", "--body", "b", "--category", "bribery"
    )
    assert code == 2 and "bribery" in err and "conflict_of_interest" in err
    code, _, err = ses("cases", "create", "--requester", "UNKNOWN1", "--subject", "s", "--body", "b")
    assert code == 2 and "UNKNOWN1" in err
    code, _, err = ses("cases", "create", "--requester", "UREQ001", "--subject", "x" * 201, "--body", "b")
    assert code == 2 and "200" in err


def test_confidential_cases_get_a_reference_outside_the_sequence(ses: Ses, migrated: Path) -> None:
    ses("users", "add", "UREQ001")
    assert ses("keys", "generate")[0] == 0
    code, out, _ = ses(
        "cases",
        "create",
        "--requester",
        "UREQ001",
        "--subject",
        "s",
        "--body",
        "b",
        "--confidential",
        "--json",
    )
    assert code == 0 and json.loads(out)["ref"].startswith("SES-C-") and json.loads(out)["confidential"]


def test_audit_verify_passes_then_names_the_tampered_row(ses: Ses, migrated: Path) -> None:
    ses("users", "grant", "U123", "advisor")
    ses("users", "grant", "U124", "advisor")
    code, out, _ = ses("audit", "verify")
    assert code == 0 and "2 rows" in out
    engine = make_engine(f"sqlite:///{migrated}")
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET target = 'U999' WHERE id = 1"))
    engine.dispose()
    code, _, err = ses("audit", "verify")
    assert code == 1 and "row 1" in err
    code, out, _ = ses("audit", "verify", "--json")
    assert code == 1 and json.loads(out)["broken_id"] == 1


def test_console_link_prints_a_link_for_known_users_only(
    ses: Ses, migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SES_PUBLIC_URL", "https://ses.example.org")
    ses("users", "grant", "UADV001", "advisor")
    code, out, _ = ses("console-link", "UADV001")
    assert code == 0 and out.startswith("https://ses.example.org/console/login?token=")
    assert ses("console-link", "UADV001")[1] != out  # a new single-use link each time
    code, _, err = ses("console-link", "UNOPE01")
    assert code == 2 and "UNOPE01" in err
    key = migrated.parent / "console.key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
