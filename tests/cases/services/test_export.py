from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy.orm import Session

from cases import audit
from cases.errors import Forbidden
from cases.services.export import COLUMNS, export_cases_csv
from tests.cases import factories


def test_the_export_has_no_case_bodies_and_is_audited(session: Session) -> None:
    rita = factories.person(session)
    alice = factories.advisor(session)
    factories.case(session, requester=rita, subject="+cmd|' /C calc'!A0", body="secret details")
    factories.case(session, requester=rita, confidential=True)
    text = export_cases_csv(session, viewer_id=alice.user_id)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 1  # the confidential case is not an advisor's to export
    assert rows[0]["subject"] == "'+cmd|' /C calc'!A0"
    assert "secret details" not in text
    entry = audit.entries(session, limit=1)[0]
    assert (entry.action, entry.actor_id, entry.details["rows"]) == ("cases.exported", alice.user_id, 1)


def test_requesters_cannot_export(session: Session) -> None:
    with pytest.raises(Forbidden):
        export_cases_csv(session, viewer_id=factories.person(session).user_id)
