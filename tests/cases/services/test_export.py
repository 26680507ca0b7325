from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy.orm import Session

from cases import audit
from cases.errors import Forbidden
from cases.i18n import t
from cases.services.export import COLUMNS, export_cases_csv
from tests.cases import factories


def test_the_export_has_no_case_bodies_and_is_audited(session: Session) -> None:
    rita = factories.person(session)
    alice = factories.advisor(session)
    factories.case(session, requester=rita, subject="+cmd|' /C calc'!A0", body="secret details")
    factories.case(session, requester=rita, confidential=True)
    text = export_cases_csv(session, viewer_id=alice.user_id, locale="en")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == tuple(t(column, "en", timezone="UTC") for column in COLUMNS)
    assert len(rows) == 1  # the confidential case is not an advisor's to export
    assert rows[0]["Subject"] == "'+cmd|' /C calc'!A0"
    assert rows[0]["Requester"] == rita.label
    assert "secret details" not in text
    entry = audit.entries(session, limit=1)[0]
    assert (entry.action, entry.actor_id, entry.details["rows"]) == ("cases.exported", alice.user_id, 1)


def test_requesters_cannot_export(session: Session) -> None:
    with pytest.raises(Forbidden):
        export_cases_csv(session, viewer_id=factories.person(session).user_id)


def test_french_exports_use_semicolons_and_local_time(session: Session) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    rita = factories.person(session, name="Rita, Requester")
    alice = factories.advisor(session)
    factories.case(session, requester=rita, now=datetime(2026, 12, 9, 8, 40, tzinfo=UTC))
    text = export_cases_csv(session, viewer_id=alice.user_id, locale="fr", tz=ZoneInfo("America/Toronto"))
    [row] = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["Demandeur"] == "Rita, Requester"  # a comma in a value is just text in a French file
    assert row["Ouvert le (America/Toronto)"] == "2026-12-09 03:40"
    assert (row["Statut"], row["Catégorie"], row["En retard"]) == ("Nouveau", "Autre", "Non")
