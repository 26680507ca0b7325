"""Case tracker: what a refused reference costs, and what anchoring the audit log costs a change.

- Reference: an advisor asks the JSON API for a confidential case they may not see, and for a
  reference never issued, alternately, on SQLite. Both are audited by the same statements
  (tests/cases/console/test_reference_cost.py compares them statement by statement); here their
  median times are set against each other (goal: ratio within 1 ± 0.1 — before, the hidden case
  cost one audit write more, ~1.9 ms, and was told apart over a few requests).
- Anchor: one audited change (a note on a case) committed with the audit anchor moved after the
  commit, against the same change without anchoring (the cost of a signed head written to a 0600
  file under a lock, fsynced).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bench import Row
from cases import migrate
from cases.config import ConsoleConfig
from cases.console import build_console, issue_login_link
from cases.db import make_engine, make_session_factory, session_scope
from cases.services import intake, lifecycle, people
from cases.services.confidential import open_confidential_request
from cases.vault import Keyring, Vault

ROUNDS = 300


def _median_ms(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _reference_rows(root: Path) -> list[Row]:
    url = f"sqlite:///{root / 'ref.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    vault = Vault.from_keyring(Keyring.generate(), anchor_path=root / "anchor-ref.json")
    factory = make_session_factory(engine, vault=vault)
    config = ConsoleConfig(public_url="http://127.0.0.1:8000", secret=b"b" * 32)
    with session_scope(factory) as session:
        people.ensure_person(session, user_id="UREQ0001")
        people.grant_role(session, user_id="UADV0001", role="advisor")
        hidden = open_confidential_request(
            session, intake.NewCase(requester_id="UREQ0001", subject="s", body="b")
        ).ref
        link = issue_login_link(session, user_id="UADV0001", config=config)
    app = FastAPI()
    for router in build_console(factory, config):
        app.include_router(router)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        token = link.split("token=", 1)[1]
        client.post("/console/login", data={"token": token})
        forbidden: list[float] = []
        unknown: list[float] = []
        for _ in range(ROUNDS):  # alternated, so that drift on a shared machine hits both alike
            forbidden.append(_median_ms(lambda: client.get(f"/api/v1/cases/{hidden}"), 1))
            unknown.append(_median_ms(lambda: client.get("/api/v1/cases/SES-C-0000Z-0000Z"), 1))
    engine.dispose()
    hidden_ms, unknown_ms = statistics.median(forbidden), statistics.median(unknown)
    return [
        Row(
            "case_audit",
            "hidden case, API read (median)",
            hidden_ms,
            "ms",
            unknown_ms,
            "reference never issued",
            "ratio within 1 ± 0.1",
        )
    ]


def _anchor_rows(root: Path) -> list[Row]:
    medians = {}
    for anchored in (False, True):
        url = f"sqlite:///{root / f'anchor-{anchored}.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        vault = Vault.from_keyring(Keyring.generate(), anchor_path=root / "anchor.json" if anchored else None)
        factory = make_session_factory(engine, vault=vault)
        with session_scope(factory) as session:
            people.ensure_person(session, user_id="UREQ0001")
            people.grant_role(session, user_id="UADV0001", role="advisor")
            ref = intake.open_case(
                session, intake.NewCase(requester_id="UREQ0001", subject="s", body="b")
            ).ref

        def note(ref: str = ref, factory: object = factory) -> None:
            with session_scope(factory) as session:  # type: ignore[arg-type]
                lifecycle.add_note(session, lifecycle.Act(ref=ref, actor_id="UADV0001"), body="note")

        medians[anchored] = _median_ms(note, ROUNDS)
        engine.dispose()
    return [
        Row(
            "case_audit",
            "audited change, anchor moved (median)",
            medians[True],
            "ms",
            medians[False],
            "same change, no anchor",
            "report",
        )
    ]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        return _reference_rows(root) + _anchor_rows(root)
