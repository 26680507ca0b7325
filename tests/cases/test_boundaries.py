"""`cases` stands alone: it never imports the Slack edge nor the search engine."""

from __future__ import annotations

import ast
from pathlib import Path

import cases

FORBIDDEN = ("bot", "knowledge", "indexer", "slack_bolt", "slack_sdk")


def test_cases_imports_neither_bot_nor_knowledge() -> None:
    root = Path(cases.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(root)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_cases_never_reads_the_environment() -> None:
    root = Path(cases.__file__).parent
    readers = [
        p.relative_to(root)
        for p in root.rglob("*.py")
        if "os.environ" in p.read_text(encoding="utf-8") or "getenv" in p.read_text(encoding="utf-8")
    ]
    assert readers == []


def test_only_the_vault_handles_keys_and_ciphers() -> None:
    """Every key and cipher stays in `cases.vault`; services get sealed bytes and a DataKey handle."""
    root = Path(cases.__file__).parent
    users = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "cryptography" in p.read_text(encoding="utf-8") and p.parent.name != "vault"
    )
    assert users == []
