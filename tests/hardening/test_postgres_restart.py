"""PostgreSQL stopped and started again under a running `ses serve`: requests fail cleanly, then
recover by themselves, without restarting the server.

The shared PostgreSQL server must not be touched: the test runs its own throw-away instance
(initdb into a temporary folder, a free loopback port), as the `postgres` OS user when run as root,
since initdb refuses root. It is skipped, saying why, when that is impossible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from bench import fake_slack as fs
from bot.runtime.console import console_config
from cases import migrate
from cases.db import make_engine, make_session_factory, session_scope
from cases.services import people
from tests.bot.processes import SesServer, environment
from tests.hardening.conftest import sign_in_api, slack_settings

PG_BIN = Path(os.environ.get("SES_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PrivatePostgres:
    """A PostgreSQL cluster of this test's own on 127.0.0.1:<free port>, trust auth, fsync off."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.skip(f"no PostgreSQL binaries in {PG_BIN} (set SES_TEST_PG_BIN)")
        self.as_root = os.geteuid() == 0
        if self.as_root and shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot run initdb as the postgres user")
        self.root = Path(tempfile.mkdtemp(prefix="ses-private-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = fs.free_port()
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/ses"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)

    def init(self) -> None:
        done = self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"
        )
        if done.returncode != 0:
            pytest.skip(f"initdb failed: {done.stderr.strip()[:300]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "30", "start"
        )
        if done.returncode != 0:
            raise RuntimeError(f"private PostgreSQL did not start: {done.stderr}\n{self.tail()}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    pg = PrivatePostgres()
    try:
        pg.init()
        pg.start()
        admin = create_engine(pg.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE ses"))
        admin.dispose()
        migrate.upgrade(pg.url)
        yield pg
    finally:
        pg.destroy()


@pytest.mark.postgres
def test_requests_fail_cleanly_while_postgres_is_down_and_recover_by_themselves(
    tmp_path: Path, private_postgres: PrivatePostgres, fake_slack: fs.FakeSlack, small_index: Path
) -> None:
    """Against a real `ses serve` process: its pool, its engine processes, its signal handling."""
    data_dir = tmp_path / "data"
    shutil.copytree(small_index, data_dir / "index", symlinks=True)
    settings = slack_settings(data_dir, private_postgres.url, fake_slack)
    engine = make_engine(private_postgres.url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        people.ensure_person(session, user_id="UADVPG01", display_name="Ada", locale="en")
        people.grant_role(session, user_id="UADVPG01", role="advisor")
    user = sign_in_api(factory, console_config(settings), "UADVPG01")  # the key file the server reads
    engine.dispose()
    env = environment(
        SES_DATA_DIR=str(data_dir),
        SES_DATABASE_URL=private_postgres.url,
        SES_ASK_WORKERS="1",
        SLACK_BOT_TOKEN=fs.BOT_TOKEN,
        SLACK_SIGNING_SECRET=fs.SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
    )
    server = SesServer(["serve"], env, tmp_path / "logs")
    new_case = {"subject": "Gala", "body": "May I go to a supplier's gala?", "category": "gifts_hospitality"}
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, headers=user.all_headers, timeout=15) as http:
            assert http.post("/api/v1/cases", json=new_case).status_code == 201

            private_postgres.stop("fast")  # also ends every pooled connection
            ready = http.get("/readyz")
            assert ready.status_code == 503 and ready.json()["database"] == "unreachable"
            for attempt in range(3):  # pooled connections are dead: each request finds out, none crashes
                listed = http.get("/api/v1/cases")
                assert listed.status_code == 503, (attempt, listed.status_code, listed.text)
                assert listed.json()["error"] == "database_unavailable" and listed.json()["message"]
                assert "Traceback" not in listed.text and listed.headers.get("retry-after")
                created = http.post("/api/v1/cases", json=new_case)
                assert created.status_code == 503, created.text
            assert http.get("/healthz").status_code == 200  # the process is up and says so
            # questions do not need the database
            asked = http.post("/api/v1/ask", json={"question": "Puis-je accepter un cadeau ?"})
            assert asked.status_code == 200, asked.text

            private_postgres.start()
            deadline = time.monotonic() + 20
            while http.get("/readyz").status_code != 200:
                assert time.monotonic() < deadline, "the server did not see the database come back"
                time.sleep(0.2)
            listed = http.get("/api/v1/cases")
            assert listed.status_code == 200 and len(listed.json()) == 1, listed.text
            again = http.post("/api/v1/cases", json=new_case)
            assert again.status_code == 201, again.text
            assert len(http.get("/api/v1/cases").json()) == 2
        assert server.process.poll() is None, "the same process all along"
        assert "Traceback" not in server.output()
    finally:
        server.stop()
