"""The map holds: one-way arrows between packages, and the rooms inside bot/ keep to their jobs.

Read from the source with `ast` (nothing is imported), so a new module is checked the day it lands.
Each rule names what it protects; a failure lists every offending import as `file:line module`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "cases", "knowledge", "indexer")


@dataclass(frozen=True)
class Import:
    path: Path  # relative to the repository
    line: int
    module: str  # what is imported, fully dotted ("cases.db", "cases.db.session_scope")
    in_function: bool
    type_checking: bool
    commented: bool  # a `#` comment on the import's line, or above its group of imports

    @property
    def importer(self) -> str:
        """The importing module's dotted name (a package's `__init__` is the package)."""
        parts = self.path.with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.module}"


def _imports(package: str) -> Iterator[Import]:
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        yield from _walk(ast.parse(source), path.relative_to(ROOT), lines, in_function=False, guarded=False)


def _walk(
    node: ast.AST, path: Path, lines: list[str], *, in_function: bool, guarded: bool
) -> Iterator[Import]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in child.names]
                if isinstance(child, ast.Import)
                else [f"{child.module}.{a.name}" for a in child.names]
                if child.level == 0 and child.module
                else []
            )
            commented = _commented(lines, child.lineno)
            for name in names:
                yield Import(path, child.lineno, name, in_function, guarded, commented)
        function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        checking = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
        yield from _walk(child, path, lines, in_function=in_function or function, guarded=guarded or checking)


def _commented(lines: list[str], lineno: int) -> bool:
    if "#" in lines[lineno - 1]:
        return True
    for line in reversed(lines[: lineno - 1]):
        text = line.strip()
        if text.startswith("#"):
            return True
        if text and not text.startswith(("from ", "import ")):
            return False
    return False


ALL = [imp for package in PRODUCT for imp in _imports(package)]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _offenders(importer: str, imported: tuple[str, ...], *, allow: tuple[str, ...] = ()) -> list[str]:
    return [
        str(imp)
        for imp in ALL
        if _within(imp.importer, importer)
        and any(_within(imp.module, target) for target in imported)
        and not any(_within(imp.importer, allowed) for allowed in allow)
    ]


# --- between packages: bot → cases, knowledge, indexer; indexer → knowledge; nothing back ----------


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("knowledge", ("bot", "cases", "indexer", "slack_bolt", "slack_sdk", "sqlalchemy")),
        ("indexer", ("bot", "cases", "slack_bolt", "slack_sdk")),
        ("cases", ("bot", "knowledge", "indexer", "slack_bolt", "slack_sdk")),
    ],
)
def test_dependencies_point_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    assert _offenders(package, forbidden) == []


def test_no_private_name_is_imported_from_outside_its_package() -> None:
    """`_name` modules and functions are their package's business (knowledge.embedding_cache._no_progress,
    cases.services._validate and indexer.parsers._common were imported from elsewhere)."""
    offenders = []
    for imp in ALL:
        parts = imp.module.split(".")
        for depth, part in enumerate(parts):
            owner = ".".join(parts[:depth])
            if part.startswith("_") and not part.startswith("__") and not _within(imp.importer, owner):
                offenders.append(str(imp))
                break
    assert offenders == []


def test_bench_builds_its_fixtures_without_importing_tests() -> None:
    assert [str(imp) for imp in _imports("bench") if _within(imp.module, "tests")] == []


def test_imports_inside_functions_say_why() -> None:
    """A deferred import is a choice (start-up cost, a heavy optional library): it carries its reason."""
    assert [str(imp) for imp in ALL if imp.in_function and not imp.commented] == []


# --- inside bot/ ----------------------------------------------------------------------------------


def test_bot_has_few_modules_at_its_root() -> None:
    """bot/ is grouped into rooms (slack/, http/, flows/, runtime/, cli/, i18n/); its root stays small."""
    assert len(list((ROOT / "bot").glob("*.py"))) <= 5


def _public_methods(node: ast.ClassDef) -> list[str]:
    return [
        f.name
        for f in node.body
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and not f.name.startswith("_")
    ]


def test_runtime_classes_stay_small() -> None:
    """What one process shares is split into collaborators with one job each (the advisor host, the
    work queue, the inbox, event claims, the database): none offers more than 10 public methods
    (the one `Runtime` they came from had 25)."""
    large = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({len(_public_methods(node))})"
        for path in sorted((ROOT / "bot" / "runtime").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and len(_public_methods(node)) > 10
    ]
    assert large == []


def test_only_the_gateway_opens_database_sessions() -> None:
    """bot/runtime/database.py is the bot's one door to the database: nothing else in bot/ builds
    engines or session scopes, so transactions and their error handling live in one place."""
    assert _offenders("bot", ("cases.db",), allow=("bot.runtime.database",)) == []
    uses = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if path.name != "database.py"
        and ("session_scope" in (text := path.read_text()) or "sessionmaker(" in text)
    ]
    assert uses == []


def test_listeners_do_not_import_each_other() -> None:
    """A listener module holds callbacks; what two listeners share lives in bot/flows or bot/slack.
    Only the `__init__` of a kind wires its callbacks (and bot/slack/listeners/__init__ the kinds)."""
    offenders = [
        str(imp)
        for imp in ALL
        if _within(imp.importer, "bot.slack.listeners")
        and _within(imp.module, "bot.slack.listeners")
        and imp.path.name != "__init__.py"
    ]
    assert offenders == []


def test_nothing_outside_the_cli_imports_the_cli() -> None:
    assert _offenders("bot", ("bot.cli",), allow=("bot.cli",)) == []


@pytest.mark.parametrize(
    ("room", "forbidden"),
    [
        # Block Kit builders are pure: data in, blocks out.
        ("bot.slack.blocks", ("bot.runtime", "bot.flows", "bot.slack.listeners", "bot.http", "cases.db")),
        # Flows are called by the edges, never the other way round.
        ("bot.flows", ("bot.slack.listeners", "bot.http", "bot.cli")),
        # The runtime is built first and knows no flow nor edge (bot.slack.replies gives it the pacer).
        ("bot.runtime", ("bot.flows", "bot.slack.listeners", "bot.slack.app", "bot.http", "bot.cli")),
        ("bot.slack", ("bot.http",)),
        # The console's services know no web framework.
        ("cases.services", ("cases.console", "fastapi", "starlette")),
    ],
)
def test_rooms_keep_to_their_jobs(room: str, forbidden: tuple[str, ...]) -> None:
    offenders = [
        str(imp)
        for imp in ALL
        if _within(imp.importer, room)
        and not imp.type_checking
        and any(_within(imp.module, target) for target in forbidden)
    ]
    assert offenders == []


def test_no_product_function_is_longer_than_80_lines() -> None:
    """A function that no longer fits on a screen hides what it does; split it (migrations excepted:
    Alembic writes them)."""
    long = [
        f"{path}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for package in PRODUCT
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > 80
    ]
    assert not long, long
