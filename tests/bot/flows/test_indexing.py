"""Documents sent to the bot, end to end: signed events through the real server, files.info and the
download served by the fake Slack, a real index built beside the live one, and the advisor answering
from it — or, for anyone but an indexer and for every bad file, a clear refusal and an index unchanged."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import fake_slack as fs
from bench import makers
from bot.flows.indexing import error_text
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack.blocks import ids
from cases.services import people
from indexer import versions
from indexer.documents import ParseError
from indexer.lock import BuildLock
from indexer.pipeline import build, discover
from knowledge.live import LiveAdvisor
from tests.bot.conftest import SlackSender, blocks_text
from tests.indexer.conftest import build_tiny_corpus, site_config

INDEXER = "UIDX00001"
DM = "DIDX00001"
DIRECTIVE = "Directive sur la divulgation d'actes répréhensibles au Secrétariat"
QUESTION = f"Que prévoit l'article 5 de la {DIRECTIVE} ?"
BUILD_TIMEOUT = 180.0  # the new document's passages are encoded: seconds, more on a busy machine


@pytest.fixture(scope="module")
def built_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a live index of the tiny corpus (every vector shipped: no encoding)."""
    root = tmp_path_factory.mktemp("slack-indexing")
    build_tiny_corpus(root / "corpus")
    build(site_config(root))
    return root


@pytest.fixture(scope="module")
def directive(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real PDF whose text the index does not hold."""
    return makers.directive_pdf(tmp_path_factory.mktemp("directive") / "directive.pdf").read_bytes()


@pytest.fixture
def bot_settings(bot_settings: Settings, built_data: Path, tmp_path: Path) -> Settings:
    data = tmp_path / "site"
    shutil.copytree(built_data, data, symlinks=True)
    return bot_settings.model_copy(
        update={"data_dir": data, "corpus_dir": data / "corpus", "max_upload_mb": 1}
    )


@pytest.fixture
def runtime(bot_settings: Settings) -> Iterator[Runtime]:
    """The advisor follows the live version as the server's does (checked on every question here)."""
    advisor = LiveAdvisor(bot_settings.index_dir, check_every=0, background=False)
    rt = Runtime(bot_settings, advisor=advisor)
    with rt.db.session() as session:
        people.grant_role(session, user_id=INDEXER, role="indexer")
    yield rt
    rt.close()


def share(slack: SlackSender, file_id: str, *, user: str = INDEXER, channel: str = DM) -> dict[str, Any]:
    """The message event Slack sends when `user` drops a file in their DM with the bot."""
    event = fs.message("", user=user, channel=channel, subtype="file_share", files=[{"id": file_id}])
    assert slack.event(event).status_code == 200
    return event


def in_thread(channel: str, thread_ts: str) -> Any:
    return lambda c: c.params.get("channel") == channel and c.params.get("thread_ts") == thread_ts


def status_texts(fake: fs.FakeSlack) -> list[str]:
    return [str(c.params.get("text")) for c in fake.calls if c.method in ("chat.postMessage", "chat.update")]


def wait_status(fake: fs.FakeSlack, fragment: str, timeout: float = BUILD_TIMEOUT) -> str:
    found = fake.wait_for(
        "chat.update", timeout=timeout, where=lambda c: fragment in str(c.params.get("text"))
    )
    return str(found[0].params["text"])


def undo_button(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    [button] = [e for b in blocks if b.get("block_id") == ids.INDEX_ACTIONS_BLOCK for e in b["elements"]]
    assert button["action_id"] == ids.INDEX_UNDO
    return dict(button)


def local_documents(settings: Settings) -> list[str]:
    """The documents staff added, as the next build would index them."""
    return (
        [p.name for p in discover(settings.local_documents_dir)]
        if settings.local_documents_dir.is_dir()
        else []
    )


def ask(slack: SlackSender, fake: fs.FakeSlack, question: str) -> str:
    event = fs.message(question, user=INDEXER, channel=DM)
    slack.event(event)
    [answer] = fake.wait_for("chat.postMessage", where=in_thread(DM, event["ts"]), timeout=60)
    return blocks_text(answer.params["blocks"])


def test_an_indexer_adds_a_pdf_by_dm_sees_progress_gets_answers_from_it_and_undoes_it(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, directive: bytes
) -> None:
    index_dir = bot_settings.index_dir
    before = versions.live_version(index_dir)
    assert f"{DIRECTIVE}, art. 5" not in ask(slack, fake_slack, QUESTION)

    file_id = fake_slack.add_file("directive-divulgation.pdf", directive)
    event = share(slack, file_id)
    received = fake_slack.wait_for("chat.postMessage", where=in_thread(DM, event["ts"]))[0]
    assert "Document reçu" in received.params["text"]

    [result] = fake_slack.wait_for(
        "chat.postMessage",
        timeout=BUILD_TIMEOUT,
        where=lambda c: in_thread(DM, event["ts"])(c) and "index_undo" in json.dumps(c.params.get("blocks")),
    )
    [info] = fake_slack.calls_to("files.info")
    assert info.params["file"] == file_id
    [download] = fake_slack.calls_to("file_download")
    assert (download.params["file"], download.params["authorization"]) == (file_id, f"Bearer {fs.BOT_TOKEN}")
    progress = status_texts(fake_slack)
    assert any("Téléchargement de *directive-divulgation.pdf*" in text for text in progress)
    assert any("Lecture des documents" in text for text in progress)
    assert any("Encodage des passages" in text for text in progress)
    assert any("Indexation terminée" in text for text in progress)

    text = blocks_text(result.params["blocks"])
    live = versions.live_version(index_dir)
    assert live is not None and live != before and live in text
    assert DIRECTIVE in text and "7 articles" in text and "`directive-divulgation`" in text
    assert "passages" in text
    button = undo_button(result.params["blocks"])
    assert not list(bot_settings.uploads_dir.iterdir()), "the upload folder is removed once indexed"
    assert local_documents(bot_settings) == ["directive-divulgation.fr.pdf"]

    assert f"{DIRECTIVE}, art. 5" in ask(slack, fake_slack, QUESTION)

    message = {
        "type": "message",
        "ts": fs.new_ts(),
        "thread_ts": event["ts"],
        "blocks": result.params["blocks"],
    }
    slack.action(
        {"action_id": ids.INDEX_UNDO, "value": button["value"]}, user=INDEXER, channel=DM, message=message
    )
    [undone] = fake_slack.wait_for(
        "chat.update",
        timeout=BUILD_TIMEOUT,
        where=lambda c: c.params.get("ts") == message["ts"] and "Ajout annulé" in str(c.params.get("text")),
    )
    assert before is not None and versions.live_version(index_dir) == before
    assert before in blocks_text(undone.params["blocks"]) and "`directive-divulgation` (fr)" in blocks_text(
        undone.params["blocks"]
    )
    assert "index_undo" not in json.dumps(undone.params["blocks"])
    assert local_documents(bot_settings) == []
    assert f"{DIRECTIVE}, art. 5" not in ask(slack, fake_slack, QUESTION)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr-CA", "Seules les personnes chargées de l'indexation peuvent ajouter des documents"),
        ("en-US", "Only the people in charge of indexing can add documents"),
    ],
)
def test_someone_without_the_indexer_role_is_refused_in_their_language_and_nothing_is_downloaded(
    slack: SlackSender,
    fake_slack: fs.FakeSlack,
    bot_settings: Settings,
    directive: bytes,
    locale: str,
    expected: str,
) -> None:
    fake_slack.locales["UBOB0001"] = locale
    before = versions.live_version(bot_settings.index_dir)
    file_id = fake_slack.add_file("directive.pdf", directive)
    event = share(slack, file_id, user="UBOB0001", channel="DBOB0001")
    [refusal] = fake_slack.wait_for("chat.postMessage", where=in_thread("DBOB0001", event["ts"]))
    assert expected in refusal.params["text"]
    slack.wait_handled()
    assert not fake_slack.calls_to("files.info") and not fake_slack.calls_to("file_download")
    assert versions.live_version(bot_settings.index_dir) == before


def test_someone_without_the_role_cannot_undo(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings
) -> None:
    before = versions.live_version(bot_settings.index_dir)
    value = json.dumps({"v": before, "p": None, "d": [["C-36.65", "fr", False]]})
    slack.action({"action_id": ids.INDEX_UNDO, "value": value}, user="UBOB0001", channel="DBOB0001")
    [refusal] = fake_slack.wait_for("response_url")
    assert "Seules les personnes chargées de l'indexation peuvent annuler" in refusal.params["text"]
    slack.wait_handled()
    assert not fake_slack.calls_to("chat.update")
    assert versions.live_version(bot_settings.index_dir) == before


def test_a_file_over_the_size_limit_is_refused_before_downloading(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings
) -> None:
    before = versions.live_version(bot_settings.index_dir)
    file_id = fake_slack.add_file("rapport.pdf", b"%PDF-1.4 small", size=3 * 2**20)
    share(slack, file_id)
    text = wait_status(fake_slack, ":x:", timeout=30)
    assert "*rapport.pdf* dépasse la taille maximale de 1 Mo" in text
    assert "Rien n'a été modifié" in text
    assert not fake_slack.calls_to("file_download")
    assert versions.live_version(bot_settings.index_dir) == before


def test_a_file_no_parser_reads_is_refused_before_downloading(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    share(slack, fake_slack.add_file("budget.xlsx", b"PK\x03\x04 a spreadsheet"))
    text = wait_status(fake_slack, ":x:", timeout=30)
    assert "Je ne sais pas lire le type de *budget.xlsx*" in text
    assert not fake_slack.calls_to("file_download")


def test_a_file_bigger_than_announced_is_cut_off_while_downloading(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings
) -> None:
    """Slack's announced size is only a hint: the bytes are counted as they arrive."""
    file_id = fake_slack.add_file("gros.pdf", b"%PDF-1.4\n" + b"0" * (2 * 2**20), size=1000)
    share(slack, file_id)
    assert "dépasse la taille maximale" in wait_status(fake_slack, ":x:", timeout=30)
    assert not list(bot_settings.uploads_dir.iterdir())


def test_a_corrupt_pdf_gets_a_clear_error_in_english_and_the_index_is_unchanged(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, directive: bytes
) -> None:
    fake_slack.locales[INDEXER] = "en-US"
    index_dir = bot_settings.index_dir
    before = (versions.live_version(index_dir), versions.versions(index_dir))
    corrupt = bytearray(directive)
    corrupt[200:4000] = b"\x00" * 3800
    share(slack, fake_slack.add_file("corrupt.pdf", bytes(corrupt[: len(corrupt) // 2])))
    text = wait_status(fake_slack, ":x:", timeout=60)
    assert "*corrupt.pdf* is damaged or unreadable" in text and "Nothing was changed" in text
    assert (versions.live_version(index_dir), versions.versions(index_dir)) == before
    assert local_documents(bot_settings) == [] and not list(bot_settings.uploads_dir.iterdir())


def test_ses_index_with_a_permalink_answers_in_a_dm_and_explains_a_lying_extension(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings
) -> None:
    before = versions.live_version(bot_settings.index_dir)
    file_id = fake_slack.add_file(
        "note.pdf", b"Ceci est une note de service en texte brut, pas un PDF.\n" * 20
    )
    slack.command(f"index <https://test.slack.com/files/{INDEXER}/{file_id}/note.pdf>", user=INDEXER)
    [told] = fake_slack.wait_for("response_url")
    assert "message direct" in told.params["text"]
    [opened] = fake_slack.wait_for("conversations.open")
    assert opened.params["users"] == INDEXER
    text = wait_status(fake_slack, ":x:", timeout=30)
    assert "Le contenu de *note.pdf* ne correspond pas à son extension" in text
    assert fake_slack.calls_to("file_download")
    assert versions.live_version(bot_settings.index_dir) == before


def test_ses_index_by_someone_without_the_role_is_refused_privately(
    slack: SlackSender, fake_slack: fs.FakeSlack, directive: bytes
) -> None:
    file_id = fake_slack.add_file("directive.pdf", directive)
    slack.command(f"index {file_id}", user="UBOB0001")
    [refusal] = fake_slack.wait_for("response_url")
    assert "Seules les personnes chargées de l'indexation" in refusal.params["text"]
    slack.wait_handled()
    assert not fake_slack.calls_to("files.info") and not fake_slack.calls_to("conversations.open")


def test_ses_index_without_a_file_link_explains_how(slack: SlackSender, fake_slack: fs.FakeSlack) -> None:
    fake_slack.locales[INDEXER] = "en-GB"
    slack.command("index", user=INDEXER)
    [usage] = fake_slack.wait_for("response_url")
    assert "*/ses index <file link>*" in usage.params["text"]
    slack.wait_handled()
    assert not fake_slack.calls_to("files.info")


def test_a_build_already_running_is_reported_with_who_started_it(
    slack: SlackSender, fake_slack: fs.FakeSlack, bot_settings: Settings, directive: bytes
) -> None:
    with BuildLock(bot_settings.index_dir, user="alice"):
        share(slack, fake_slack.add_file("directive.pdf", directive))
        text = wait_status(fake_slack, ":x:", timeout=60)
    assert "Une autre indexation est en cours (lancée par alice" in text


def _home_text(slack: SlackSender, fake: fs.FakeSlack, user: str) -> str:
    slack.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user[1:]})
    [published] = fake.wait_for("views.publish", where=lambda c: c.params["user_id"] == user)
    return blocks_text(published.params["view"]["blocks"])


def test_the_home_tab_lists_the_index_for_indexers_and_admins_only(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime, bot_settings: Settings
) -> None:
    with runtime.db.session() as session:
        people.grant_role(session, user_id="UADMIN001", role="admin")
    live = versions.live_version(bot_settings.index_dir)
    assert live is not None
    for user in (INDEXER, "UADMIN001"):
        text = _home_text(slack, fake_slack, user)
        assert "L'index (équipe d'indexation)" in text and f"Version active {live}" in text
        assert "Loi sur les conflits d'intérêts" in text and "Conflict of Interest Act" in text
    assert "L'index (équipe d'indexation)" not in _home_text(slack, fake_slack, "UBOB0001")


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("password", "0-locked.pdf", "*locked.pdf* est protégé"),
        ("no_text_layer", "0-scan.pdf", "*scan.pdf* ne contient pas de texte"),
        ("empty", "/srv/data/uploads/slack-x/vide.docx", "*vide.docx* est vide"),
        ("unsupported", "plan.xlsx", "Je ne sais pas lire le type de *plan.xlsx*"),
        ("bundled", "0-C-36.65.pdf", "*C-36.65.pdf* porte le nom"),
        ("refused", "0-odd.pdf", "*odd.pdf* a été refusé : something new went wrong"),
    ],
)
def test_the_indexers_reasons_become_sentences_of_the_catalogue(code: str, name: str, expected: str) -> None:
    """The indexer names its working copy ("0-<name>") or full path; the user reads the name they sent."""
    names = ["locked.pdf", "scan.pdf", "vide.docx", "plan.xlsx", "C-36.65.pdf", "odd.pdf"]
    error = ParseError(f"{name}: something new went wrong", code=code, name=name)
    text = error_text(error, "fr", limit_mb=50, names=names)
    assert expected in text and text.endswith("Rien n'a été modifié : l'index est tel qu'il était.")
