"""The staff's local documents: a managed folder under SES_DATA_DIR, indexed with the bundled corpus.

Each document is stored as `<doc>.<lang><ext>` with its metadata beside it (`<file>.meta.json`: what
the person gave — title, kind, URL, effective date — plus who added it, when, from which file name),
and its FAQ file when staff gave one (`<file>.faq.jsonl`, see indexer/faq.py).
Changes are made as a `Change`: files are moved aside rather than deleted until the build that
publishes them succeeds, and put back when it fails, so the folder always matches a live version.
The last copy of each replaced or removed document is kept in `.previous/`, so an add can be undone.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from indexer.documents import DocumentMeta, ParsedDocument
from indexer.faq import FAQ_SUFFIX
from indexer.pipeline import META_SUFFIX, discover, read_meta, sidecar

INCOMING = ".incoming"
PREVIOUS = ".previous"


@dataclass(frozen=True)
class LocalDocument:
    path: Path
    meta: DocumentMeta
    info: dict[str, Any]


class LocalDocuments:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def documents(self) -> list[LocalDocument]:
        if not self.directory.is_dir():
            return []
        out = []
        for path in discover(self.directory):
            info = json.loads(sidecar(path).read_text(encoding="utf-8")) if sidecar(path).exists() else {}
            out.append(LocalDocument(path, read_meta(path), info))
        return out

    def find(self, doc: str, lang: str | None = None) -> list[LocalDocument]:
        return [d for d in self.documents() if d.meta.doc == doc and (lang is None or d.meta.lang == lang)]

    def incoming(self) -> Path:
        """A fresh folder for files being checked (inside the managed folder: moves stay on one disk)."""
        path = self.directory / INCOMING
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def clean_incoming(self) -> None:
        """Leftovers of an add killed half-way; call under the build lock."""
        shutil.rmtree(self.directory / INCOMING, ignore_errors=True)

    def change(self) -> Change:
        return Change(self)

    def previous(self, doc: str, lang: str) -> list[Path]:
        """The last replaced or removed copy of a document (its file and metadata), if kept."""
        folder = self.directory / PREVIOUS
        return sorted(folder.glob(f"{doc}.{lang}.*")) if folder.is_dir() else []


@dataclass
class Change:
    """Adds and removals that stand only if the `with` block ends without an exception."""

    store: LocalDocuments
    _added: list[Path] = field(default_factory=list)
    _aside: list[tuple[Path, Path]] = field(default_factory=list)  # (where it was, where it waits)
    _restored: list[tuple[Path, Path]] = field(default_factory=list)  # (where it was kept, where it is now)

    def _trash(self) -> Path:
        path = self.store.directory / INCOMING / "replaced"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _set_aside(self, path: Path) -> None:
        for file in (path, sidecar(path), faq_sidecar(path)):
            if file.exists():
                waiting = self._trash() / file.name
                file.rename(waiting)
                self._aside.append((file, waiting))

    def remove(self, document: LocalDocument) -> None:
        self._set_aside(document.path)

    def restore(self, doc: str, lang: str) -> None:
        """Bring back the copy kept in `.previous/` (undoing a replacement)."""
        for kept in self.store.previous(doc, lang):
            original = self.store.directory / kept.name
            kept.rename(original)
            self._restored.append((kept, original))

    def put(
        self,
        staged: Path,
        parsed: ParsedDocument,
        meta: DocumentMeta,
        info: dict[str, Any],
        faq: Path | None = None,
    ) -> Path:
        """Move a checked file (and its FAQ file) into place as `<doc>.<lang><ext>`, replacing that
        document's previous file."""
        for previous in self.store.find(parsed.doc, parsed.lang):
            self._set_aside(previous.path)
        self.store.directory.mkdir(parents=True, exist_ok=True)
        target = self.store.directory / f"{parsed.doc}.{parsed.lang}{staged.suffix.lower()}"
        stored = {
            **meta.to_dict(),
            "doc": parsed.doc,
            "lang": parsed.lang,
            **info,
            "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "sha256": parsed.content_hash,
        }
        sidecar(target).write_text(json.dumps(stored, ensure_ascii=False, indent=1), encoding="utf-8")
        self._added.append(sidecar(target))
        if faq is not None:
            faq.rename(faq_sidecar(target))
            self._added.append(faq_sidecar(target))
        staged.rename(target)
        self._added.append(target)
        return target

    def __enter__(self) -> Change:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            for path in self._added:
                path.unlink(missing_ok=True)
            for kept, restored in reversed(self._restored):
                restored.rename(kept)
            for original, waiting in reversed(self._aside):
                waiting.rename(original)
        else:
            self._keep_previous()
        shutil.rmtree(self.store.directory / INCOMING, ignore_errors=True)

    def _keep_previous(self) -> None:
        """Replaced and removed files become the `.previous/` copy of their document (one per doc and language)."""
        folder = self.store.directory / PREVIOUS
        keys = {
            Path(original.name.removesuffix(META_SUFFIX).removesuffix(FAQ_SUFFIX)).stem
            for original, _ in self._aside
        }
        for key in keys:
            for old in folder.glob(f"{key}.*") if folder.is_dir() else []:
                old.unlink()
        for original, waiting in self._aside:
            folder.mkdir(parents=True, exist_ok=True)
            waiting.replace(folder / original.name)


def faq_sidecar(path: Path) -> Path:
    return path.with_name(path.name + FAQ_SUFFIX)


__all__ = ["META_SUFFIX", "Change", "LocalDocument", "LocalDocuments", "faq_sidecar"]
