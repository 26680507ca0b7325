"""One index version on disk: passages, FAQ examples, their vectors, BM25 and FAISS structures, a manifest.

Layout of `<index_dir>/versions/<version>/`:
  manifest.json         format, version, encoder, build time, documents, counts
  passages.jsonl        one Passage per line, in vector order
  examples.jsonl        one Example per line, in vector order
  passages.npy / examples.npy     float32 vectors (L2-normalised)
  passages.faiss        the approximate passage index, when the version has more passages than
                        `SearchConfig.ann_threshold`; manifest["dense"] says which kind (exact when absent)
  lexicon.tsv           the query-expansion lexicon it was built with
  scope.jsonl / scope.npy   off-topic, merits and own-ethics questions, for the guardrails
  bm25/<kind>-<lang>/   bm25s indexes; ids in manifest["bm25"][...]
`<index_dir>/current` is a symlink to the live version (swapped atomically by the indexer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.encoders import Vectors
from knowledge.errors import IndexCorrupt, IndexMissing
from knowledge.passages import LANGS, Example, Passage, ScopeQuestion
from knowledge.search.bm25 import BM25
from knowledge.search.dense import EXACT, DenseIndex, DenseSpec
from knowledge.text import tokens

FORMAT = 1
CURRENT = "current"
PASSAGE_INDEX = "passages.faiss"


@dataclass(frozen=True)
class DocumentInfo:
    """A document of a version, as its manifest lists it (keys a newer indexer adds are ignored)."""

    doc: str
    lang: str
    title: str
    current_to: str = ""
    source: str = ""
    kind: str = ""  # law, regulation, directive, guideline, code, faq
    url: str = ""
    file: str = ""
    origin: str = ""  # "corpus" (bundled) or "local" (added by staff)
    effective_date: str = ""
    content_hash: str = ""
    provisions: int = 0
    passages: int = 0
    aliases: tuple[str, ...] = ()  # other names: the long title, names staff gave (`ses index add --alias`)
    acronyms: tuple[str, ...] = ()  # « LCI », "COIA": derived from the title and aliases at build time

    @classmethod
    def from_manifest(cls, entry: dict[str, Any]) -> DocumentInfo:
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in entry.items() if k in names
        }
        return cls(**values)


@dataclass
class IndexData:
    manifest: dict[str, Any]
    passages: list[Passage]
    examples: list[Example]
    passage_vectors: Vectors
    example_vectors: Vectors
    bm25: dict[str, tuple[BM25, list[int]]] = field(default_factory=dict)
    lexicon: str = ""  # the lexicon.tsv the version was built with, so a version is self-contained
    scope: list[ScopeQuestion] = field(default_factory=list)
    scope_vectors: Vectors | None = None
    passage_index: DenseIndex | None = None  # saved if approximate; exact is rebuilt from the vectors

    @property
    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo.from_manifest(d) for d in self.manifest["documents"]]


def bm25_key(kind: str, lang: str) -> str:
    return f"{kind}-{lang}"


def example_tokens(example: Example) -> list[str]:
    return tokens(example.question, example.lang)


def passage_tokens(passage: Passage) -> list[str]:
    return tokens(passage.search_text(), passage.lang)


def build_bm25(passages: list[Passage], examples: list[Example]) -> dict[str, tuple[BM25, list[int]]]:
    """One BM25 per kind and language: a question is matched in its own language's statistics."""
    out: dict[str, tuple[BM25, list[int]]] = {}
    for lang in LANGS:
        ids = [i for i, p in enumerate(passages) if p.lang == lang]
        out[bm25_key("passages", lang)] = (BM25.build([passage_tokens(passages[i]) for i in ids]), ids)
        ids = [i for i, e in enumerate(examples) if e.lang == lang]
        out[bm25_key("examples", lang)] = (BM25.build([example_tokens(examples[i]) for i in ids]), ids)
    return out


def write_index(directory: Path, data: IndexData) -> None:
    """Write a complete version into an empty directory (the indexer swaps it in afterwards)."""
    directory.mkdir(parents=True, exist_ok=False)
    _write_jsonl(directory / "passages.jsonl", [p.to_dict() for p in data.passages])
    _write_jsonl(directory / "examples.jsonl", [e.__dict__ for e in data.examples])
    (directory / "lexicon.tsv").write_text(data.lexicon, encoding="utf-8")
    _write_jsonl(directory / "scope.jsonl", [o.__dict__ for o in data.scope])
    np.save(directory / "scope.npy", _vectors_or_empty(data.scope_vectors, data.passage_vectors))
    np.save(directory / "passages.npy", data.passage_vectors.astype(np.float32))
    np.save(directory / "examples.npy", data.example_vectors.astype(np.float32))
    ids = {}
    for key, (bm25, row_ids) in data.bm25.items():
        bm25.save(directory / "bm25" / key)
        ids[key] = row_ids
    dense = DenseSpec()
    if data.passage_index is not None and data.passage_index.spec.kind != EXACT:
        dense = data.passage_index.spec
        data.passage_index.save(directory / PASSAGE_INDEX)
    manifest = {**data.manifest, "format": FORMAT, "bm25": ids, "dense": dense.to_manifest()}
    (directory / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def live_version_dir(index_dir: Path) -> Path:
    current = index_dir / CURRENT
    if not current.exists():
        raise IndexMissing(f"no index in {index_dir}")
    return current.resolve()


def read_index(directory: Path) -> IndexData:
    """Load a version; any missing or inconsistent file is IndexCorrupt, never a traceback for the user."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise IndexCorrupt(f"{directory}: index format {manifest.get('format')!r}, expected {FORMAT}")
        passages = [Passage.from_dict(json.loads(line)) for line in _lines(directory / "passages.jsonl")]
        examples = [Example(**json.loads(line)) for line in _lines(directory / "examples.jsonl")]
        dense = DenseSpec.from_manifest(manifest.get("dense"))
        approximate = dense.kind != EXACT
        passage_index = DenseIndex.load(directory / PASSAGE_INDEX, dense) if approximate else None
        # an approximate index holds its own copy of the vectors: leave these on disk until read
        passage_vectors = np.load(
            directory / "passages.npy", allow_pickle=False, mmap_mode="r" if approximate else None
        )
        example_vectors = np.load(directory / "examples.npy", allow_pickle=False)
        lexicon = (directory / "lexicon.tsv").read_text(encoding="utf-8")
        scope = [ScopeQuestion(**json.loads(line)) for line in _lines(directory / "scope.jsonl")]
        scope_vectors = np.load(directory / "scope.npy", allow_pickle=False)
        bm25 = {
            key: (BM25.load(directory / "bm25" / key, len(row_ids)), list(row_ids))
            for key, row_ids in manifest["bm25"].items()
        }
    except IndexCorrupt:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:  # RuntimeError: FAISS read
        raise IndexCorrupt(f"{directory}: {exc}") from exc
    if (len(passage_vectors), len(example_vectors), len(scope_vectors)) != (
        len(passages),
        len(examples),
        len(scope),
    ):
        raise IndexCorrupt(f"{directory}: vectors and records disagree in number")
    if passage_index is not None and passage_index.size != len(passages):
        raise IndexCorrupt(f"{directory}: the passage index and the passages disagree in number")
    return IndexData(
        manifest,
        passages,
        examples,
        passage_vectors,
        example_vectors,
        bm25,
        lexicon,
        scope,
        scope_vectors,
        passage_index,
    )


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _vectors_or_empty(vectors: Vectors | None, like: Vectors) -> Vectors:
    if vectors is not None:
        return vectors.astype(np.float32)
    return np.zeros((0, like.shape[1] if like.ndim == 2 else 0), dtype=np.float32)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
