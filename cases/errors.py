"""Domain errors raised by services; the edges turn them into localized messages (`cases.i18n`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class CaseError(Exception):
    """Base class: `code` picks the message, `params` fill it."""

    code = "error"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.code}: {params}")


class NotFound(CaseError):
    """`what` is 'case', 'user', 'question'…; `key` what was looked up.

    A missing case never echoes its reference (`params` has no key): the answer for a confidential
    case one may not see must be byte-for-byte the answer for a reference never issued, whatever
    the reference. `denied` is set by the service when the case exists but the caller may not see
    it: `cases.db.session_scope` then writes that denial to the audit log even though the caller's
    transaction is rolled back. Edges never show it.
    """

    code = "not_found"

    def __init__(self, what: str, key: str) -> None:
        if what == "case":
            super().__init__(what=what)
        else:
            super().__init__(what=what, key=key)
        self.what, self.key = what, key
        self.denied: DeniedAccess | None = None


@dataclass(frozen=True)
class DeniedAccess:
    """An attempt on a case the actor may not see, to be audited (no content, only who, what, which)."""

    actor_id: str
    ref: str
    action: str


class Forbidden(CaseError):
    code = "forbidden"

    def __init__(self, user_id: str, action: str) -> None:
        super().__init__(user_id=user_id, action=action)


class OwnRequest(Forbidden):
    """Nobody works a case they requested (`policy.work_refusal`).

    `who` is "self" when the actor is the requester, "assignee" when they would assign it to them.
    """

    code = "own_request"

    def __init__(self, ref: str, user_id: str, action: str, *, who: str = "self") -> None:
        CaseError.__init__(self, ref=ref, user_id=user_id, action=action, who=who)
        self.ref, self.who = ref, who


class CaseConflict(CaseError):
    """Someone changed the case since the caller read it (optimistic lock)."""

    code = "conflict"

    def __init__(self, ref: str, expected: int | None = None, actual: int | None = None) -> None:
        super().__init__(ref=ref, expected=expected, actual=actual)
        self.ref = ref


class AlreadyClaimed(CaseError):
    code = "already_claimed"

    def __init__(self, ref: str, by_user_id: str, by_name: str) -> None:
        super().__init__(ref=ref, by_user_id=by_user_id, by_name=by_name)
        self.ref, self.by_user_id, self.by_name = ref, by_user_id, by_name


class InvalidTransition(CaseError):
    code = "invalid_transition"

    def __init__(self, ref: str, current: str, target: str) -> None:
        super().__init__(ref=ref, current=current, target=target)


class InvalidInput(CaseError):
    """Bad input at a service boundary; `problem` is one of: required, too_long, unknown, invalid."""

    code = "invalid_input"

    def __init__(self, field: str, problem: str, **params: Any) -> None:
        super().__init__(field=field, problem=problem, **params)
        self.field, self.problem = field, problem


class LoginRejected(CaseError):
    """A console login link that is forged, unknown, already used or expired."""

    code = "login_rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(reason=reason)
        self.reason = reason


class VaultUnavailable(CaseError):
    """Confidential work refused because the keys are missing or wrong (fail closed).

    `reason`: no_keys, keyring_invalid, keyring_permissions, wrong_key, unknown_version,
    key_destroyed, tampered. Nothing is stored when this is raised: the caller's transaction rolls back.
    """

    code = "vault_unavailable"

    def __init__(self, reason: str) -> None:
        super().__init__(reason=reason)
        self.reason = reason
