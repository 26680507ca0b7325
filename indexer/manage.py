"""What staff do to the index, from the CLI or from Slack: add or replace documents, remove one,
roll back. Each holds the build lock from its first change to the switch, and leaves the local
documents folder and the live version as they were when anything fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from indexer import versions
from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.faq import MAX_FAQ_BYTES, load_staff_faq, staff_faq_file
from indexer.intake import IntakeConfig, check_file, copy_limited
from indexer.local import LocalDocuments, faq_sidecar
from indexer.lock import BuildLock
from indexer.parsers import document_id
from indexer.pipeline import (
    BuildConfig,
    BuildReport,
    build,
    build_locked,
    discover,
    parse_document,
    read_meta,
)
from knowledge.embedding_cache import ProgressFactory, no_progress
from knowledge.errors import KnowledgeError
from knowledge.store import live_version_dir, read_index

__all__ = [
    "AddReport",
    "AddedDocument",
    "Undo",
    "add_documents",
    "build_scratch",
    "live_documents",
    "remove_document",
    "rollback",
    "undo_add",
]


@dataclass(frozen=True)
class AddedDocument:
    doc: str
    lang: str
    title: str
    kind: str
    file: str
    structure: str  # what its provisions are: article, section, numbered, heading, page, paragraph
    provisions: int
    passages: int
    replaced: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Undo:
    """What `undo_add` needs of an add, small enough to outlive the process (a Slack button's value)."""

    version: str  # the version the add built
    previous: str | None  # the version live before it
    documents: tuple[tuple[str, str, bool], ...]  # (doc, lang, replaced) of each added document

    def to_dict(self) -> dict[str, Any]:
        return {"v": self.version, "p": self.previous, "d": [list(d) for d in self.documents]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Undo:
        documents = tuple((str(doc), str(lang), bool(replaced)) for doc, lang, replaced in data["d"])
        previous = data.get("p")
        return cls(str(data["v"]), str(previous) if previous else None, documents)


@dataclass(frozen=True)
class AddReport:
    build: BuildReport
    added: tuple[AddedDocument, ...]

    @property
    def undo(self) -> Undo:
        return Undo(
            self.build.version, self.build.previous, tuple((a.doc, a.lang, a.replaced) for a in self.added)
        )


def _local(config: BuildConfig) -> LocalDocuments:
    if config.local_dir is None:
        raise ValueError("BuildConfig.local_dir is not set: no folder for local documents")
    return LocalDocuments(config.local_dir)


def _bundled_ids(source: Path) -> set[str]:
    return {document_id(p, read_meta(p)) if p.suffix.lower() != ".xml" else p.stem for p in discover(source)}


def add_documents(
    config: BuildConfig,
    intake: IntakeConfig,
    files: Sequence[Path],
    meta: DocumentMeta | None = None,
    *,
    user: str | None = None,
    progress: ProgressFactory = no_progress,
) -> AddReport:
    """Check, copy into the local documents folder, and build a version with them (bundled corpus included).

    `meta` applies to every file; a title or an id only makes sense for one. Raises ParseError (the file
    is refused; nothing changed) or BuildInProgress.
    """
    meta = meta or DocumentMeta()
    if not files:
        raise ParseError("no file to add")
    if len(files) > 1 and (meta.title or meta.doc or meta.aliases):
        raise ParseError("a title, aliases or a document id apply to one file: add the files one by one")
    checked = [check_file(path, intake) for path in files]
    local = _local(config)
    with BuildLock(config.index_dir, user=user):
        local.clean_incoming()
        try:
            staged = _stage(config, intake, local, files, checked, meta)
        except BaseException:
            local.clean_incoming()
            raise
        replaced = {(p.doc, p.lang): bool(local.find(p.doc, p.lang)) for _, p in staged}
        with local.change() as change:
            for (copy, parsed), original in zip(staged, files, strict=True):
                given = DocumentMeta.from_dict(
                    {**meta.to_dict(), "doc": parsed.doc, "lang": parsed.lang, "file": original.name}
                )
                faq = faq_sidecar(copy)
                change.put(copy, parsed, given, {"added_by": user or ""}, faq if faq.exists() else None)
            report = build_locked(config, progress)
    counts = {(d["doc"], d["lang"]): d for d in report.manifest_documents}
    added = tuple(
        AddedDocument(
            p.doc,
            p.lang,
            p.title,
            p.kind,
            p.file,
            p.structure,
            len(p.provisions),
            int(counts[(p.doc, p.lang)]["passages"]),
            replaced[(p.doc, p.lang)],
        )
        for _, p in staged
    )
    return AddReport(report, added)


def _stage(
    config: BuildConfig,
    intake: IntakeConfig,
    local: LocalDocuments,
    files: Sequence[Path],
    checked: Sequence[Path],
    meta: DocumentMeta,
) -> list[tuple[Path, ParsedDocument]]:
    """Copy each file into the incoming folder and parse the copy (what is checked is what is stored)."""
    incoming = local.incoming()
    bundled = _bundled_ids(config.source)
    staged: list[tuple[Path, ParsedDocument]] = []
    for number, (original, path) in enumerate(zip(files, checked, strict=True)):
        copy = incoming / f"{number}-{path.name}"
        copy_limited(path, copy, intake.max_bytes)
        given = {**meta.to_dict(), "doc": meta.doc or document_id(original, meta), "file": original.name}
        parsed = parse_document(copy, intake.max_bytes, DocumentMeta.from_dict(given))
        faq = staff_faq_file(path)
        if faq is not None:  # checked here, so a bad entry refuses the add before anything changes
            load_staff_faq(faq, parsed.doc, parsed.lang, [p.label for p in parsed.provisions])
            copy_limited(faq, faq_sidecar(copy), MAX_FAQ_BYTES)
        if parsed.doc in bundled:
            raise ParseError(
                f"{original.name}: id {parsed.doc} is a document of the bundled corpus; "
                "rename the file or give another id",
                code="bundled",
                name=original.name,
            )
        if any((parsed.doc, parsed.lang) == (p.doc, p.lang) for _, p in staged):
            raise ParseError(f"{original.name}: two files would both be {parsed.doc} ({parsed.lang})")
        staged.append((copy, parsed))
    return staged


def remove_document(
    config: BuildConfig,
    doc: str,
    lang: str | None = None,
    *,
    user: str | None = None,
    progress: ProgressFactory = no_progress,
) -> BuildReport:
    """Remove a local document (both languages unless `lang`) and build a version without it."""
    local = _local(config)
    with BuildLock(config.index_dir, user=user):
        local.clean_incoming()
        found = local.find(doc, lang)
        if not found:
            if doc in _bundled_ids(config.source):
                raise ParseError(f"{doc} belongs to the bundled corpus; only added documents can be removed")
            raise ParseError(f"no added document {doc}{f' ({lang})' if lang else ''}")
        with local.change() as change:
            for document in found:
                change.remove(document)
            return build_locked(config, progress)


def undo_add(
    config: BuildConfig,
    report: AddReport | Undo,
    *,
    user: str | None = None,
    progress: ProgressFactory = no_progress,
) -> str:
    """Take back an `add_documents`: its files go, the files it replaced come back. When nothing was
    built since, the version live before the add is made live again (instant); otherwise a new version
    is built. Returns the version live afterwards."""
    undo = report.undo if isinstance(report, AddReport) else report
    local = _local(config)
    with BuildLock(config.index_dir, user=user):
        local.clean_incoming()
        with local.change() as change:
            for doc, lang, replaced in undo.documents:
                for document in local.find(doc, lang):
                    change.remove(document)
                if replaced:
                    change.restore(doc, lang)
            previous = undo.previous
            if previous and versions.live_version(config.index_dir) == undo.version:
                try:
                    versions.activate(config.index_dir, previous)
                    return previous
                except KnowledgeError:  # pruned since: build what the folder now holds
                    pass
            return build_locked(config, progress).version


def rollback(index_dir: Path, version: str | None = None, *, user: str | None = None) -> str:
    """Switch back to `version` (default: the one before the live one); waits for no build, refuses during one."""
    with BuildLock(index_dir, user=user):
        return versions.rollback(index_dir, version)


def build_scratch(
    config: BuildConfig,
    intake: IntakeConfig,
    paths: Sequence[Path],
    directory: Path,
    progress: ProgressFactory = no_progress,
) -> BuildReport:
    """A throw-away index in `directory`: the corpus of `config` plus the documents at `paths` (files, or
    folders of them, each with its FAQ file if it has one), as `add` would index them. The live index and
    the local documents folder are not touched (`ses eval --add` scores a question file against it)."""
    local = directory / "documents"
    local.mkdir(parents=True)
    files = [f for p in paths for f in (discover(p) if p.is_dir() else [p])]
    if not files:
        raise ParseError("no document to add")
    for number, path in enumerate(check_file(f, intake) for f in files):
        target = local / path.name if not (local / path.name).exists() else local / f"{number}-{path.name}"
        copy_limited(path, target, intake.max_bytes)
        faq = staff_faq_file(path)
        if faq is not None:
            copy_limited(faq, faq_sidecar(target), MAX_FAQ_BYTES)
    return build(replace(config, index_dir=directory / "index", local_dir=local, keep_versions=1), progress)


def live_documents(index_dir: Path) -> tuple[str, list[dict[str, Any]]]:
    """The live version's id and its documents with their metadata (manifest entries)."""
    data = read_index(live_version_dir(index_dir))
    return str(data.manifest["version"]), list(data.manifest["documents"])
