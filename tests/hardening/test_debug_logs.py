"""At DEBUG, `ses serve`'s log holds no Slack message body: slack_sdk prints every request and response
whole at that level (the answer, a notice, the question's echo), and those lines keep only their fact."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from bench import fake_slack as fs
from cases.migrate import upgrade
from tests.hardening.serve_process import ServeProcess, server_env, wait_inbox_drained

CANARY = "Zébulon Tartempion soumissionne au contrat 4471 : puis-je accepter son cadeau ?"


def _post(url: str, body: str, content_type: str) -> None:
    headers = {"Content-Type": content_type, **fs.sign(body)}
    assert httpx.post(f"{url}/slack/events", content=body, headers=headers, timeout=10).status_code == 200


def test_debug_logs_withhold_every_slack_payload(tmp_path: Path, data_dir: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'ses.db'}"
    upgrade(database_url)
    log_file = tmp_path / "ses.log"
    fake = fs.FakeSlack().start()
    env = server_env(
        data_dir=data_dir,
        database_url=database_url,
        fake=fake,
        SES_LOG_LEVEL="DEBUG",
        SES_LOG_FILE=str(log_file),
    )
    server = ServeProcess(env, tmp_path / "serve.log")
    try:
        server.start()
        mention = fs.mention(CANARY, channel="CDEBUG001")
        _post(server.url, json.dumps(fs.event_body(mention)), "application/json")
        command = fs.command_form(CANARY, channel="CDEBUG002", response_url=fake.response_url("debug"))
        _post(server.url, command, "application/x-www-form-urlencoded")
        [answer] = fake.wait_for("chat.postMessage", timeout=60)
        [responded] = fake.wait_for("response_url", timeout=60)
        wait_inbox_drained(database_url)
    finally:
        server.stop()
        fake.stop()
    logged = log_file.read_text(encoding="utf-8") + server.tail(100_000)
    assert "DEBUG" in logged and "(payload withheld)" in logged, "slack_sdk's DEBUG lines are there, withheld"
    bodies = [answer.params["text"], responded.params["text"], json.dumps(answer.params["blocks"])[:200]]
    for secret in ("Tartempion", "Zébulon", "4471", *(b[:60] for b in bodies)):
        assert secret not in logged, secret
