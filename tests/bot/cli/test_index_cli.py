"""`ses index add|remove|list|versions|rollback|build` as staff run them: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import makers
from indexer.lock import BuildLock
from tests.indexer.conftest import build_tiny_corpus

SES = [sys.executable, "-m", "bot.cli"]


class Ses:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("SES_", "SLACK_", "CI"))}
        self.env.update(
            SES_DATA_DIR=str(root / "data"),
            SES_CORPUS_DIR=str(root / "corpus"),
            HF_HUB_OFFLINE="1",
            SES_INDEX_ALLOWED_DIRS=json.dumps([str(root / "inbox")]),
            SES_MAX_UPLOAD_MB="2",
        )

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*SES, *args], capture_output=True, text=True, env=self.env, timeout=300)

    def json(self, *args: str) -> dict[str, Any]:
        result = self(*args, "--json")
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data


@pytest.fixture(scope="module")
def ses(tmp_path_factory: pytest.TempPathFactory) -> Ses:
    root = tmp_path_factory.mktemp("index-cli")
    build_tiny_corpus(root / "corpus")
    (root / "inbox").mkdir()
    makers.directive_pdf(root / "inbox" / "directive-divulgation.pdf")
    makers.privacy_html(root / "inbox" / "privacy-code.html")
    runner = Ses(root)
    result = runner("index", "build")
    assert result.returncode == 0, result.stderr
    return runner


def test_build_prints_plain_progress_lines_when_not_on_a_terminal(ses: Ses) -> None:
    result = ses("index", "build")
    assert result.returncode == 0, result.stderr
    assert "documents: 2/2 (100%)" in result.stderr
    assert "\r" not in result.stderr  # no bar redrawing in logs
    assert result.stdout.startswith("index ") and "0 encoded" in result.stdout


def test_add_list_versions_remove_and_rollback(ses: Ses) -> None:
    before = ses.json("index", "versions")
    added = ses.json(
        "index",
        "add",
        str(ses.root / "inbox" / "directive-divulgation.pdf"),
        "--kind",
        "directive",
        "--url",
        "https://example.org/directive",
        "--effective-date",
        "2024-04-01",
        "--alias",
        "DDAS",
        "--alias",
        "directive sur les divulgations",
    )
    (entry,) = added["added"]
    assert (
        entry["doc"] == "directive-divulgation"
        and entry["structure"] == "article"
        and entry["provisions"] == 7
    )
    assert entry["title"] == "Directive sur la divulgation d'actes répréhensibles au Secrétariat"
    assert added["encoded"] == entry["passages"]

    listed = ses.json("index", "list")
    assert listed["version"] == added["version"]
    document = next(d for d in listed["documents"] if d["doc"] == "directive-divulgation")
    assert (
        document["kind"],
        document["url"],
        document["effective_date"],
        document["origin"],
        document["lang"],
    ) == ("directive", "https://example.org/directive", "2024-04-01", "local", "fr")
    assert document["aliases"] == ["DDAS", "directive sur les divulgations"]
    assert "DDAS" in document["acronyms"]

    status = ses.json("index", "status")
    assert status["version"] == added["version"] and status["building"] is None
    assert {d["doc"] for d in status["documents"]} == {"C-36.65", "directive-divulgation"}

    listed_versions = ses.json("index", "versions")
    assert listed_versions["live"] == added["version"]
    assert [v["version"] for v in listed_versions["versions"] if v["live"]] == [added["version"]]

    removed = ses.json("index", "remove", "directive-divulgation")
    assert "directive-divulgation" not in {d["doc"] for d in ses.json("index", "list")["documents"]}
    assert removed["encoded"] == 0

    assert ses("index", "rollback", str(added["version"])).returncode == 0
    assert ses.json("index", "list")["version"] == added["version"]
    assert ses("index", "rollback", str(before["live"])).returncode == 0


def test_refused_files_exit_2_with_a_clear_message_and_no_traceback(ses: Ses) -> None:
    live = ses.json("index", "versions")["live"]
    lying = ses.root / "inbox" / "rapport.pdf"
    lying.write_text("<html><body><p>Pas un PDF</p></body></html>", encoding="utf-8")
    big = ses.root / "inbox" / "big.txt"
    big.write_bytes(b"Article 1 - Objet\n" + b"x" * (3 * 2**20))
    for path, message in (
        (lying, "content is HTML"),
        (big, "over the 2 MB limit"),
        (Path("/etc/hostname"), "outside the folders"),
    ):
        result = ses("index", "add", str(path))
        assert result.returncode == 2, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr
    assert ses("index", "remove", "C-36.65").returncode == 2
    assert ses.json("index", "versions")["live"] == live


def test_a_second_build_exits_3_and_says_who_is_building(ses: Ses) -> None:
    with BuildLock(ses.root / "data" / "index", user="alice"):
        result = ses("index", "add", str(ses.root / "inbox" / "privacy-code.html"))
    assert result.returncode == 3
    assert "build in progress (started by alice" in result.stderr
