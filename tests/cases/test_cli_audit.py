"""`ses audit verify | anchor` and who the log names for shell commands: in-process, on SQLite."""

from __future__ import annotations

import getpass
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from cases import audit
from cases.db import make_engine, make_session_factory, session_scope
from cases.models import AuditEntry
from tests.cases.conftest import Ses


@pytest.fixture
def data(data: Path, ses: Ses) -> Path:
    """The migrated database, with a keyring."""
    assert ses("keys", "generate")[0] == 0
    return data


def _entries(data: Path) -> list[AuditEntry]:
    engine = make_engine(f"sqlite:///{data / 'ses.db'}")
    try:
        with session_scope(make_session_factory(engine)) as session:
            return list(reversed(audit.entries(session, limit=1000)))
    finally:
        engine.dispose()


def _tamper(data: Path, statement: str) -> None:
    engine = make_engine(f"sqlite:///{data / 'ses.db'}")
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        conn.execute(text(statement))
    engine.dispose()


def test_commands_keep_the_anchor_and_verify_reports_a_truncation_until_a_recorded_reset(
    ses: Ses, data: Path
) -> None:
    for user in ("UADV001", "UADV002", "UADV003"):
        assert ses("users", "grant", user, "advisor")[0] == 0
    anchor_file = data / "audit-anchor.json"
    assert stat.S_IMODE(anchor_file.stat().st_mode) == 0o600
    code, out, _ = ses("audit", "verify")
    assert code == 0 and "3 rows; anchored up to row 3" in out

    _tamper(data, "DELETE FROM audit_log WHERE id = 3")
    code, _, err = ses("audit", "verify")
    assert code == 1 and "audit log TRUNCATED" in err and "journal d'audit TRONQUÉ" in err
    code, out, _ = ses("audit", "verify", "--json")
    report = json.loads(out)
    assert (code, report["ok"], report["status"], report["broken_id"]) == (1, False, "truncated", 3)
    assert report["anchor"]["count"] == 3

    code, _, err = ses("audit", "anchor")  # an operator cannot paper over it by accident
    assert code == 1 and "nothing was signed" in err and "--reset" in err
    assert json.loads(anchor_file.read_text())["count"] == 3
    code, out, _ = ses("audit", "anchor", "--reset")
    assert code == 0 and "audit log reset: 3 rows" in out
    reset = _entries(data)[-1]
    assert reset.action == "audit.anchor_reset" and reset.actor_id.startswith("op:")
    assert reset.details["previous"]["count"] == 3 and reset.details["rows_found"] == 2
    assert ses("audit", "verify")[0] == 0


def test_an_anchor_kept_elsewhere_still_catches_rows_deleted_below_it(
    ses: Ses, data: Path, tmp_path: Path
) -> None:
    ses("users", "grant", "UADV001", "advisor")
    ses("users", "grant", "UADV002", "advisor")
    code, out, _ = ses("audit", "anchor", "--print")
    copy = tmp_path / "offsite.json"
    copy.write_text(out)
    assert code == 0 and json.loads(out)["count"] == 2
    ses("users", "grant", "UADV003", "advisor")
    _tamper(data, "DELETE FROM audit_log WHERE id >= 2")
    (data / "audit-anchor.json").unlink()  # whoever did it also removed the local anchor
    code, out, err = ses("audit", "verify")
    assert code == 0 and "not anchored" in err  # no anchor: said, but nothing to compare with
    assert ses("audit", "verify", "--require-anchor")[0] == 1
    code, _, err = ses("audit", "verify", "--anchor", str(copy))
    assert code == 1 and "TRUNCATED" in err


def test_a_forged_anchor_is_refused(ses: Ses, data: Path) -> None:
    ses("users", "grant", "UADV001", "advisor")
    anchor_file = data / "audit-anchor.json"
    forged = json.loads(anchor_file.read_text())
    forged["mac"] = "0" * 64
    anchor_file.write_text(json.dumps(forged))
    code, _, err = ses("audit", "verify")
    assert code == 1 and "anchor FORGED" in err


def test_shell_actions_are_recorded_as_the_operator_on_behalf_of_whom(
    ses: Ses, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ses("users", "grant", "UCONF01", "confidential_advisor")
    ses("users", "add", "UREQ001")
    monkeypatch.setenv("SES_OPERATOR", "marie.tremblay")
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
    ref = json.loads(out)["ref"]
    assert ses("cases", "show", ref, "--as", "UCONF01")[0] == 0
    assert ses("console-link", "UCONF01")[0] == 0
    assert ses("users", "revoke", "UCONF01", "confidential_advisor")[0] == 0
    entries = _entries(data)
    first_grant = entries[0]
    assert first_grant.action == "role.granted"
    assert first_grant.actor_id == audit.operator_id(getpass.getuser())  # no SES_OPERATOR: the OS account
    done = [(e.action, e.actor_id, e.details.get("on_behalf_of")) for e in entries[-4:]]
    assert done == [
        ("case.created", "op:marie.tremblay", "UREQ001"),
        ("case.read", "op:marie.tremblay", "UCONF01"),  # not "UCONF01 read it"
        ("console.link_issued", "op:marie.tremblay", None),
        ("role.revoked", "op:marie.tremblay", None),
    ]
