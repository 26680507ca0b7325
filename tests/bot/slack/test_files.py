"""Finding a file from what a person pastes, and never handing the bot token to another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import fake_slack as fs
from bot.slack.files import MAX_REDIRECTS, SlackFile, SlackFileError, download, file_id_from
from tests.bot.local_http import Answer, LocalHTTP, redirect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://acme.slack.com/files/U0123ABCD/F0ABC12345/directive.pdf", "F0ABC12345"),
        ("<https://acme.slack.com/files/U0123ABCD/F0ABC12345/directive.pdf|directive.pdf>", "F0ABC12345"),
        ("https://files.slack.com/files-pri/T0001-F0ABC12345/directive.pdf", "F0ABC12345"),
        ("F0ABC12345", "F0ABC12345"),
        ("directive.pdf", None),
        ("https://example.org/F0ABC12345.pdf", None),
        ("", None),
    ],
)
def test_a_file_id_is_read_from_a_permalink_or_a_bare_id(text: str, expected: str | None) -> None:
    assert file_id_from(text) == expected


def test_a_url_private_on_another_host_is_refused_without_a_request(
    tmp_path: Path, fake_slack: fs.FakeSlack
) -> None:
    """Whoever could slip us such a URL would otherwise receive the bot token."""
    file = SlackFile("F0000001", "directive.pdf", 10, "https://evil.example.org/files-pri/directive.pdf")
    with pytest.raises(SlackFileError) as refused:
        download(file, tmp_path, token=fs.BOT_TOKEN, api_url=fake_slack.api_url, max_bytes=2**20)
    assert refused.value.code == "download_failed"
    assert not list(tmp_path.iterdir())
    assert not fake_slack.calls_to("file_download")


def test_without_the_bot_token_slack_answers_its_sign_in_page_which_is_refused(
    tmp_path: Path, fake_slack: fs.FakeSlack
) -> None:
    file_id = fake_slack.add_file("directive.pdf", b"%PDF-1.4 ...")
    [info] = [f for f, _ in fake_slack.files.values() if f["id"] == file_id]
    file = SlackFile.from_api(info)
    with pytest.raises(SlackFileError) as refused:
        download(file, tmp_path, token="xoxb-wrong", api_url=fake_slack.api_url, max_bytes=2**20)
    assert refused.value.code == "download_failed"
    assert not list(tmp_path.iterdir())
    assert download(
        file, tmp_path, token=fs.BOT_TOKEN, api_url=fake_slack.api_url, max_bytes=2**20
    ).read_bytes() == (b"%PDF-1.4 ...")


# --- redirects: each hop is checked before it is asked, and the token goes to Slack's hosts only ---


def _file(url: str) -> SlackFile:
    return SlackFile("F0000009", "directive.pdf", 12, url)


def test_a_redirect_to_another_host_is_refused_and_that_host_never_asked(tmp_path: Path) -> None:
    """The issue's case: Slack's file host answering a redirect to this machine's own server."""
    foreign = LocalHTTP({"/openapi.json": Answer(200, body=b'{"openapi": "3.1.0"}')})
    slack = LocalHTTP({"/files-pri/T1-F0000009/directive.pdf": redirect(f"{foreign.url}/openapi.json")})
    with foreign, slack, pytest.raises(SlackFileError) as refused:
        download(
            _file(f"{slack.url}/files-pri/T1-F0000009/directive.pdf"),
            tmp_path,
            token=fs.BOT_TOKEN,
            api_url=f"{slack.url}/api/",
            max_bytes=2**20,
        )
    assert refused.value.code == "download_failed" and refused.value.values["error"] == "untrusted host"
    assert foreign.hits == []
    assert not list(tmp_path.iterdir())


def test_a_redirect_within_slacks_host_is_followed_with_the_token(tmp_path: Path) -> None:
    routes = {
        "/files-pri/T1-F0000009/directive.pdf": redirect("/files-edge/F0000009"),
        "/files-edge/F0000009": Answer(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ..."),
    }
    with LocalHTTP(routes) as slack:
        saved = download(
            _file(f"{slack.url}/files-pri/T1-F0000009/directive.pdf"),
            tmp_path,
            token=fs.BOT_TOKEN,
            api_url=f"{slack.url}/api/",
            max_bytes=2**20,
        )
    assert saved.read_bytes() == b"%PDF-1.4 ..."
    assert [h.authorization for h in slack.hits] == [f"Bearer {fs.BOT_TOKEN}"] * 2


def test_redirects_are_followed_a_few_times_only(tmp_path: Path) -> None:
    slack = LocalHTTP({"/loop": redirect("/loop")})
    with slack, pytest.raises(SlackFileError) as refused:
        download(
            _file(f"{slack.url}/loop"),
            tmp_path,
            token=fs.BOT_TOKEN,
            api_url=f"{slack.url}/api/",
            max_bytes=2**20,
        )
    assert refused.value.values["error"] == "too many redirects"
    assert len(slack.hits) == MAX_REDIRECTS + 1
