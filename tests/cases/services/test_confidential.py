"""Confidential cases through the services: sealed storage, who sees them, audit, keys, erasure."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from cases import audit
from cases.config import VaultConfig
from cases.errors import DeniedAccess, Forbidden, InvalidInput, InvalidTransition, NotFound, VaultUnavailable
from cases.models import AuditEntry, Case, CaseAttachment, CaseEvent, CaseKey, Feedback, Person, QuestionLog
from cases.services import lifecycle, people, queries, threads
from cases.services.attachments import add_attachment
from cases.services.confidential import confidential_notify_targets, open_confidential_request
from cases.services.feedback import record_feedback
from cases.services.intake import NewCase
from cases.services.lifecycle import Act
from cases.services.questions import log_question, recent_questions, unanswered_questions
from cases.services.replies import reply_to_requester
from cases.services.retention import delete_own_request, purge_expired
from cases.services.sealed import BODY
from cases.vault import Keyring, Vault, read_keyring_file, write_keyring_file
from cases.vault.envelope import DataKey, unwrap
from tests.cases import factories

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def canary() -> str:
    return f"CANARY-{secrets.token_hex(10)}"


@dataclass
class Cast:
    rita: Person  # the requester, an adjudicative member
    carla: Person  # confidential advisor
    cora: Person  # another confidential advisor
    alice: Person  # advisor without the role
    ada: Person  # admin without the role
    oscar: Person  # another office holder


@pytest.fixture
def cast(session: Session) -> Cast:
    rita = factories.person(session, name="Rita")
    people.ensure_person(session, user_id=rita.user_id, office_kind="adjudicative_member")
    return Cast(
        rita=rita,
        carla=factories.person(session, roles=["confidential_advisor"], name="Carla"),
        cora=factories.person(session, roles=["confidential_advisor", "advisor"], name="Cora"),
        alice=factories.advisor(session, name="Alice"),
        ada=factories.person(session, roles=["admin"], name="Ada"),
        oscar=factories.person(session, name="Oscar"),
    )


def _open(session: Session, cast: Cast, secret: str, **kw: object) -> str:
    receipt = open_confidential_request(
        session,
        NewCase(
            requester_id=cast.rita.user_id,
            subject=f"Sujet {secret}",
            body=f"Corps {secret}",
            category="conflict_of_interest",
            **kw,
        ),  # type: ignore[arg-type]
        now=NOW,
    )
    return receipt.ref


def _case(session: Session, ref: str) -> Case:
    return session.scalars(select(Case).where(Case.ref == ref)).one()


def test_opening_stores_only_ciphertext_and_tells_who_to_notify(session: Session, cast: Cast) -> None:
    secret = canary()
    receipt = open_confidential_request(
        session,
        NewCase(
            requester_id=cast.rita.user_id,
            subject=f"Sujet {secret}",
            body=f"Corps {secret}",
            source_question=f"Q {secret}",
            source_answer=f"A {secret}",
            source_citations=[{"title": secret}],
        ),
        now=NOW,
    )
    assert receipt.ref.startswith("SES-C-") and receipt.requester_id == cast.rita.user_id
    assert set(receipt.notify_user_ids) == {cast.carla.user_id, cast.cora.user_id}
    case = _case(session, receipt.ref)
    assert (case.subject, case.body, case.source_question, case.source_answer, case.source_citations) == (
        "",
        "",
        None,
        None,
        None,
    )
    for blob in (case.subject_sealed, case.body_sealed, case.source_sealed):
        assert blob and secret.encode() not in blob
    key_row = session.get(CaseKey, case.id)
    assert key_row is not None and key_row.key_version == 1
    created = session.scalars(select(AuditEntry).where(AuditEntry.target == receipt.ref)).one()
    assert created.details == {"confidential": True}  # no category, no requester, no text


def test_the_requester_and_confidential_advisors_read_it_everyone_else_finds_nothing(
    session: Session, cast: Cast
) -> None:
    secret = canary()
    ref = _open(session, cast, secret, source_question=f"Q {secret}")
    for reader in (cast.rita, cast.carla, cast.cora):
        view = queries.get_case(session, ref=ref, viewer_id=reader.user_id)
        assert (view.subject, view.body, view.source_question) == (
            f"Sujet {secret}",
            f"Corps {secret}",
            f"Q {secret}",
        )
    never_issued = "SES-C-0000Z-0000Z"
    for outsider in (cast.alice, cast.ada, cast.oscar):
        with pytest.raises(NotFound) as hidden:
            queries.get_case(session, ref=ref, viewer_id=outsider.user_id)
        with pytest.raises(NotFound) as unknown:
            queries.get_case(session, ref=never_issued, viewer_id=outsider.user_id)
        assert (hidden.value.code, hidden.value.params) == (unknown.value.code, unknown.value.params)
        assert str(hidden.value) == str(unknown.value)
        assert hidden.value.denied == DeniedAccess(outsider.user_id, ref, "read")
        assert unknown.value.denied is None
    actions = [
        (e.action, e.actor_id) for e in audit.entries(session, target=ref) if e.action != "case.created"
    ]
    assert actions.count(("case.read", cast.carla.user_id)) == 1
    assert ("case.access_denied", cast.alice.user_id) in actions


def test_lists_counts_queues_and_exports_leave_it_out_for_everyone_without_the_role(
    session: Session, cast: Cast
) -> None:
    from cases.services import export, stats

    ordinary = factories.case(session, requester=cast.oscar, now=NOW)
    ref = _open(session, cast, canary())
    for outsider in (cast.alice, cast.ada, cast.oscar):
        listed = {c.ref for c in queries.list_cases(session, viewer_id=outsider.user_id, now=NOW)}
        assert ref not in listed
        mine = queries.requester_cases(session, requester_id=cast.rita.user_id, viewer_id=outsider.user_id)
        assert ref not in {c.ref for c in mine}
        assert queries.confidential_waiting(session, advisor_id=outsider.user_id) == 0
    assert ordinary.ref in {c.ref for c in queries.list_cases(session, viewer_id=cast.alice.user_id)}
    for staff in (cast.alice, cast.ada):
        assert ref not in export.export_cases_csv(session, viewer_id=staff.user_id, now=NOW)
        figures = stats.dashboard(session, viewer_id=staff.user_id, now=NOW)
        assert figures.open_total == 1 and dict(figures.open_by_category)["conflict_of_interest"] == 0
    for anyone in (cast.alice, cast.carla, cast.cora):
        assert ref not in {c.ref for c in queries.advisor_queue(session, advisor_id=anyone.user_id)}
    assert queries.confidential_waiting(session, advisor_id=cast.carla.user_id) == 1
    assert ref in {c.ref for c in queries.list_cases(session, viewer_id=cast.carla.user_id)}
    csv_text = export.export_cases_csv(session, viewer_id=cast.carla.user_id, now=NOW)
    assert ref in csv_text and "Sujet" not in csv_text
    exported = audit.entries(session, limit=1)[0]
    assert exported.action == "cases.exported" and exported.details["confidential"] == [ref]


def test_replies_notes_requester_messages_and_attachments_are_sealed(session: Session, cast: Cast) -> None:
    secret = canary()
    ref = _open(session, cast, secret)
    notice = reply_to_requester(
        session, Act(ref=ref, actor_id=cast.carla.user_id), body=f"Réponse {secret}", then_status="answered"
    )
    assert (notice.requester_id, notice.text, notice.confidential) == (
        cast.rita.user_id,
        f"Réponse {secret}",
        True,
    )
    assert secret not in repr(notice)
    lifecycle.add_note(session, Act(ref=ref, actor_id=cast.carla.user_id), body=f"Note {secret}")
    lifecycle.add_requester_message(session, Act(ref=ref, actor_id=cast.rita.user_id), body=f"Merci {secret}")
    add_attachment(session, Act(ref=ref, actor_id=cast.rita.user_id), filename=f"{secret}.txt", text=secret)
    case = _case(session, ref)
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    assert all(e.body is None for e in events)
    assert sum(e.body_sealed is not None for e in events) == 3
    attachment = session.scalars(select(CaseAttachment).where(CaseAttachment.case_id == case.id)).one()
    assert attachment.filename is None and attachment.text is None
    as_advisor = queries.get_case(session, ref=ref, viewer_id=cast.carla.user_id)
    assert [e.body for e in as_advisor.timeline if e.body] == [
        f"Réponse {secret}",
        f"Note {secret}",
        f"Merci {secret}",
    ]
    assert [(a.filename, a.text) for a in as_advisor.attachments or []] == [(f"{secret}.txt", secret)]
    as_requester = queries.get_case(session, ref=ref, viewer_id=cast.rita.user_id)
    assert f"Note {secret}" not in [e.body for e in as_requester.timeline]


def test_outsiders_cannot_work_on_it_and_get_the_unknown_reference_answer(
    session: Session, cast: Cast
) -> None:
    ref = _open(session, cast, canary())
    attempts: dict[str, Callable[[str], object]] = {
        "claim": lambda uid: lifecycle.claim_case(session, Act(ref=ref, actor_id=uid)),
        "note": lambda uid: lifecycle.add_note(session, Act(ref=ref, actor_id=uid), body="x"),
        "reply": lambda uid: reply_to_requester(session, Act(ref=ref, actor_id=uid), body="x"),
        "status": lambda uid: lifecycle.change_status(session, Act(ref=ref, actor_id=uid), status="closed"),
        "message": lambda uid: lifecycle.add_requester_message(session, Act(ref=ref, actor_id=uid), body="x"),
        "attach": lambda uid: add_attachment(session, Act(ref=ref, actor_id=uid), filename="f", text="t"),
        "delete": lambda uid: delete_own_request(session, Act(ref=ref, actor_id=uid)),
    }
    for outsider in (cast.alice, cast.ada, cast.oscar):
        for name, attempt in attempts.items():
            with pytest.raises(NotFound) as caught:
                attempt(outsider.user_id)
            assert caught.value.params == {"what": "case"}, name
            assert caught.value.denied is not None
    with pytest.raises(InvalidInput) as caught:  # an ordinary advisor cannot be assigned it
        lifecycle.assign_case(
            session, Act(ref=ref, actor_id=cast.carla.user_id), assignee_id=cast.alice.user_id
        )
    assert caught.value.problem == "not_assignable"


def test_revoking_the_role_takes_effect_on_the_next_call(session: Session, cast: Cast) -> None:
    ref = _open(session, cast, canary())
    assert queries.get_case(session, ref=ref, viewer_id=cast.carla.user_id).subject
    people.revoke_role(session, user_id=cast.carla.user_id, role="confidential_advisor")
    with pytest.raises(NotFound):
        queries.get_case(session, ref=ref, viewer_id=cast.carla.user_id)
    assert ref not in {c.ref for c in queries.list_cases(session, viewer_id=cast.carla.user_id)}
    assert cast.carla.user_id not in confidential_notify_targets(session)


def test_without_keys_or_with_wrong_keys_nothing_confidential_happens(session: Session, cast: Cast) -> None:
    secret = canary()
    ref = _open(session, cast, secret)
    cases_before = session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
    session.info["vault"] = Vault.disabled()
    with pytest.raises(VaultUnavailable) as caught:
        _open(session, cast, canary())
    assert caught.value.reason == "no_keys"
    assert session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) == cases_before
    with pytest.raises(VaultUnavailable):
        queries.get_case(session, ref=ref, viewer_id=cast.carla.user_id)
    with pytest.raises(VaultUnavailable):
        lifecycle.add_note(session, Act(ref=ref, actor_id=cast.carla.user_id), body="x")
    with pytest.raises(NotFound):  # outsiders learn nothing, keys or not
        queries.get_case(session, ref=ref, viewer_id=cast.alice.user_id)
    factories.case(session, requester=cast.oscar)  # ordinary cases carry on
    session.info["vault"] = Vault.from_keyring(Keyring.generate())
    with pytest.raises(VaultUnavailable) as wrong:
        queries.get_case(session, ref=ref, viewer_id=cast.carla.user_id)
    assert wrong.value.reason == "wrong_key"


def test_a_ciphertext_moved_to_another_row_or_column_does_not_open(session: Session, cast: Cast) -> None:
    refs = [_open(session, cast, canary()) for _ in range(5)]
    a, b, c, d, e = (_case(session, ref) for ref in refs)
    carla = cast.carla.user_id

    def reason(case: Case) -> str:
        session.expire_all()
        with pytest.raises(VaultUnavailable) as caught:
            queries.get_case(session, ref=case.ref, viewer_id=carla)
        return caught.value.reason

    # the same column of another case
    session.execute(update(Case).where(Case.id == b.id).values(body_sealed=a.body_sealed))
    assert reason(b) == "tampered"
    # another column of the same case
    session.execute(update(Case).where(Case.id == c.id).values(subject_sealed=c.body_sealed))
    assert reason(c) == "tampered"
    # one timeline entry's text on another entry of the same case
    reply = reply_to_requester(session, Act(ref=d.ref, actor_id=carla), body="reply")
    note = lifecycle.add_note(session, Act(ref=d.ref, actor_id=carla), body="note")
    assert queries.get_case(session, ref=d.ref, viewer_id=carla).timeline[-1].body == "note"
    replied = session.get(CaseEvent, reply.event_id)
    assert replied is not None
    session.execute(update(CaseEvent).where(CaseEvent.id == note.id).values(body_sealed=replied.body_sealed))
    assert reason(d) == "tampered"
    # a wrapped data key copied to another case
    key_a = session.get(CaseKey, a.id)
    assert key_a is not None
    session.execute(update(CaseKey).where(CaseKey.case_id == e.id).values(wrapped=key_a.wrapped))
    assert reason(e) == "wrong_key"
    assert queries.get_case(session, ref=a.ref, viewer_id=carla).subject  # the original still opens


def test_rotation_rewraps_every_key_without_touching_content(
    session: Session, cast: Cast, tmp_path: Path
) -> None:
    path = tmp_path / "keyring.json"
    write_keyring_file(path, Keyring.generate(), replace=False)
    vault = Vault.from_config(VaultConfig(keyring_path=path))
    session.info["vault"] = vault
    secrets_by_ref = {}
    for _ in range(3):
        secret = canary()
        ref = _open(session, cast, secret)
        lifecycle.add_note(session, Act(ref=ref, actor_id=cast.carla.user_id), body=secret)
        secrets_by_ref[ref] = secret
    content_before = {
        ref: (c.subject_sealed, c.body_sealed) for ref in secrets_by_ref for c in [_case(session, ref)]
    }
    write_keyring_file(path, read_keyring_file(path).with_new_version(), replace=True)
    assert vault.rewrap(session, limit=2) == 2
    assert vault.rewrap(session, limit=2) >= 1
    while vault.rewrap(session, limit=2):
        pass
    assert Vault.usage(session).get(1) is None and Vault.usage(session)[2] >= 3
    write_keyring_file(path, read_keyring_file(path).without(1), replace=True)
    session.expire_all()
    for ref, secret in secrets_by_ref.items():
        case = _case(session, ref)
        assert (case.subject_sealed, case.body_sealed) == content_before[ref]  # content untouched
        view = queries.get_case(session, ref=ref, viewer_id=cast.carla.user_id)
        assert view.body == f"Corps {secret}" and view.timeline[-1].body == secret
    assert audit.verify(session).ok


def _key_rows(session: Session, case_id: int) -> int:
    """Wrapped-key rows the database holds for the case, counted in SQL (not the identity map)."""
    return int(
        session.execute(
            text("SELECT count(*) FROM case_keys WHERE case_id = :id"), {"id": case_id}
        ).scalar_one()
    )


def _keys_opening(session: Session, vault: Vault, case_id: int, sealed_body: bytes) -> list[int]:
    """Cases whose wrapped key, still in the database and unwrapped under any master key, opens
    `sealed_body` (case `case_id`'s body, as a backup would keep it) when used as that case's key."""
    opened = []
    for row in session.scalars(select(CaseKey)):
        for master in vault.keyring().keys.values():
            try:
                raw = unwrap(master, case_id=row.case_id, version=row.key_version, wrapped=row.wrapped)
                DataKey(case_id, raw).open(BODY, sealed_body)
            except VaultUnavailable:
                continue
            opened.append(row.case_id)
    return opened


def test_the_requester_erases_their_closed_request_and_no_key_can_open_it_again(
    session: Session, cast: Cast, vault: Vault
) -> None:
    secret = canary()
    ref = _open(session, cast, secret)
    other_ref = _open(session, cast, canary())  # a key that stays in the database
    with pytest.raises(InvalidTransition):
        delete_own_request(session, Act(ref=ref, actor_id=cast.rita.user_id))
    lifecycle.close_case(session, Act(ref=ref, actor_id=cast.carla.user_id))
    assert queries.get_case(session, ref=ref, viewer_id=cast.rita.user_id).can_delete
    case = _case(session, ref)
    case_id, sealed_body = case.id, bytes(case.body_sealed or b"")
    # Before: the body copy is readable with the key the database holds, and only with its own.
    assert _key_rows(session, case_id) == 1
    assert _keys_opening(session, vault, case_id, sealed_body) == [case_id]
    assert vault.data_key(session, case_id=case_id).open(BODY, sealed_body) == f"Corps {secret}"
    with pytest.raises(NotFound):
        delete_own_request(session, Act(ref=ref, actor_id=cast.carla.user_id))
    assert delete_own_request(session, Act(ref=ref, actor_id=cast.rita.user_id)) == ref
    session.expire_all()
    # After: the wrapped key row is gone and nothing left in the database opens the copy.
    assert _key_rows(session, case_id) == 0
    assert session.scalar(select(Case).where(Case.ref == ref)) is None
    assert _key_rows(session, _case(session, other_ref).id) == 1
    assert _keys_opening(session, vault, case_id, sealed_body) == []
    with pytest.raises(VaultUnavailable) as destroyed:
        vault.data_key(session, case_id=case_id)
    assert destroyed.value.reason == "key_destroyed"
    erased = audit.entries(session, target=ref, limit=1)[0]
    assert erased.action == "case.erased" and erased.details == {"reason": "requester", "key_destroyed": True}
    ordinary = factories.case(session, requester=cast.rita)
    lifecycle.close_case(session, Act(ref=ordinary.ref, actor_id=cast.alice.user_id))
    with pytest.raises(Forbidden):
        delete_own_request(session, Act(ref=ordinary.ref, actor_id=cast.rita.user_id))
    assert audit.verify(session).ok


def test_retention_erases_confidential_cases_closed_too_long_ago(session: Session, cast: Cast) -> None:
    old, recent, still_open = (_open(session, cast, canary()) for _ in range(3))
    ordinary = factories.case(session, requester=cast.oscar, now=NOW)
    for ref, closed_at in ((old, NOW - timedelta(days=800)), (recent, NOW - timedelta(days=10))):
        lifecycle.change_status(
            session, Act(ref=ref, actor_id=cast.carla.user_id, now=closed_at), status="closed"
        )
    lifecycle.close_case(
        session, Act(ref=ordinary.ref, actor_id=cast.alice.user_id, now=NOW - timedelta(days=900))
    )
    old_id = _case(session, old).id
    assert _key_rows(session, old_id) == 1
    assert purge_expired(session, retention_days=730, now=NOW) == [old]
    assert _key_rows(session, old_id) == 0
    remaining = {c.ref for c in session.scalars(select(Case))}
    assert old not in remaining and {recent, still_open, ordinary.ref} <= remaining
    assert purge_expired(session, retention_days=730, now=NOW) == []
    assert audit.entries(session, target=old, limit=1)[0].details["reason"] == "retention"
    assert audit.verify(session).ok


def test_a_confidential_case_never_gets_a_triage_card(session: Session, cast: Cast) -> None:
    ref = _open(session, cast, canary())
    with pytest.raises(Forbidden):
        threads.link_thread(session, ref=ref, kind="triage_card", channel="CTRIAGE", ts="1.1")
    threads.link_thread(session, ref=ref, kind="requester_dm", channel="DRITA", ts="1.2")


def test_adjudicative_members_questions_are_not_kept_unless_they_opt_in(session: Session, cast: Cast) -> None:
    secret = canary()
    logged = log_question(
        session,
        user_id=cast.rita.user_id,
        channel="DRITA",
        thread_ts="1.0",
        question=f"Puis-je {secret}?",
        lang="fr",
        answer=f"Réponse {secret}",
        citations=[{"doc": secret}],
        abstained=True,
        refused=False,
    )
    vote = record_feedback(
        session,
        user_id=cast.rita.user_id,
        question=f"Puis-je {secret}?",
        answer="a",
        citations=[],
        helpful=False,
        lang="fr",
    )
    assert (logged.question, logged.answer, logged.citations, logged.redacted) == ("", "", [], True)
    assert logged.abstained and (vote.question, vote.redacted, vote.helpful) == ("", True, False)
    assert (
        logged not in unanswered_questions(session)
        and recent_questions(session, user_id=cast.rita.user_id) == []
    )
    # Opting in keeps the next ones; opting out blanks what was kept.
    people.set_question_retention(session, user_id=cast.rita.user_id, retain=True, actor_id=None)
    kept = log_question(
        session,
        user_id=cast.rita.user_id,
        channel="DRITA",
        thread_ts="2.0",
        question="kept",
        lang="fr",
        answer="a",
        citations=[],
        abstained=False,
        refused=False,
    )
    assert kept.question == "kept" and not kept.redacted
    people.set_question_retention(session, user_id=cast.rita.user_id, retain=False, actor_id=None)
    session.expire_all()
    assert session.get(QuestionLog, kept.id).question == ""  # type: ignore[union-attr]
    assert [e.action for e in audit.entries(session, target=cast.rita.user_id, limit=2)] == [
        "person.question_retention",
        "person.question_retention",
    ]
    others = log_question(
        session,
        user_id=cast.oscar.user_id,
        channel="D1",
        thread_ts=None,
        question="visible",
        lang="fr",
        answer="a",
        citations=[],
        abstained=False,
        refused=False,
    )
    assert others.question == "visible"


def test_a_question_turned_confidential_is_blanked_in_the_log(session: Session, cast: Cast) -> None:
    secret = canary()
    logged = log_question(
        session,
        user_id=cast.oscar.user_id,
        channel="DOSCAR",
        thread_ts="1.0",
        question=f"Q {secret}",
        lang="fr",
        answer=f"A {secret}",
        citations=[{"doc": secret}],
        abstained=False,
        refused=False,
    )
    record_feedback(
        session,
        user_id=cast.oscar.user_id,
        question=f"Q {secret}",
        answer=f"A {secret}",
        citations=[],
        helpful=True,
        lang="fr",
    )
    receipt = open_confidential_request(
        session, NewCase(requester_id=cast.oscar.user_id, subject="s", body="b", question_log_id=logged.id)
    )
    view = queries.get_case(session, ref=receipt.ref, viewer_id=cast.oscar.user_id)
    assert (view.source_question, view.source_answer, view.source_citations) == (
        f"Q {secret}",
        f"A {secret}",
        [{"doc": secret}],
    )
    assert view.case.question_log_id is None
    session.expire_all()
    entry = session.get(QuestionLog, logged.id)
    assert entry is not None and (entry.question, entry.answer, entry.redacted) == ("", "", True)
    assert all(
        f.question == ""
        for f in session.scalars(select(Feedback).where(Feedback.user_id == cast.oscar.user_id))
    )
