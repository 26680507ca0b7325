"""discover → parse → chunk → encode → write a new index version → swap it in.

A build reads the corpus folder (the bundled laws, or `--source`) and the staff's local documents
folder, encodes only the texts its embedding caches lack, writes a complete version beside the live
one and switches the `current` pointer. One build at a time (indexer.lock); what a killed build left
behind is removed by the next one; old versions beyond `keep_versions` are pruned.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from indexer import versions
from indexer.chunking import chunk
from indexer.documents import DocumentMeta, ParsedDocument, ParseError
from indexer.faq import load_examples, load_scope, load_staff_faq, staff_faq_file
from indexer.lock import BuildLock
from indexer.parsers import EXTENSIONS, parse_file
from knowledge.catalogue import document_acronyms, issuer_acronyms
from knowledge.config import SearchConfig
from knowledge.embedding_cache import EmbeddingCache, ProgressFactory, no_progress, text_key
from knowledge.encoders import Encoder, Vectors, load_encoder
from knowledge.passages import Example, Passage, ScopeQuestion
from knowledge.search.calibration import cross_lingual_gaps
from knowledge.search.dense import DenseIndex
from knowledge.store import IndexData, build_bm25, write_index

logger = logging.getLogger(__name__)

META_SUFFIX = ".meta.json"
# folders of a corpus that hold no document, and files that describe the corpus rather than belong to it
_NOT_DOCUMENTS = frozenset({"faq", "scope", "embeddings"})
_NOT_DOCUMENT_NAMES = ("manifest", "readme", "license", "licence", "notice", "changelog")
DEFAULT_MAX_BYTES = 50 * 2**20
OPENING = 3  # provisions read for the bodies a document names (its purpose and scope articles)


@dataclass(frozen=True)
class BuildConfig:
    source: Path
    index_dir: Path
    encoder: str
    cache_dirs: tuple[Path, ...] = ()
    cache_out: Path | None = None
    local_dir: Path | None = None  # documents added by staff (`ses index add`), indexed with the source
    keep_versions: int = 5
    max_bytes: int = DEFAULT_MAX_BYTES
    search: SearchConfig = field(default_factory=SearchConfig)  # its ann_threshold picks the dense index kind


@dataclass(frozen=True)
class BuildReport:
    version: str
    documents: int
    passages: int
    examples: int
    encoded_seconds: float
    seconds: float
    encoded: int = 0  # texts the encoder actually ran on (the rest came from the caches)
    pruned: tuple[str, ...] = ()
    manifest_documents: tuple[dict[str, Any], ...] = ()
    previous: str | None = None  # the version that was live before this one


def _is_document(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    if any(part.startswith(".") or part in _NOT_DOCUMENTS for part in relative.parts[:-1]):
        return False
    name = path.name.lower()
    return (
        path.suffix.lower() in EXTENSIONS
        and not name.startswith(".")
        and not name.startswith(_NOT_DOCUMENT_NAMES)
        and path.is_file()
    )


def discover(source: Path) -> list[Path]:
    if not source.is_dir():
        raise ParseError(f"source folder not found: {source}")
    return sorted(p for p in source.rglob("*") if _is_document(p, source))


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + META_SUFFIX)


def read_meta(path: Path) -> DocumentMeta:
    """The metadata written beside a document (`<file>.meta.json`), or none."""
    side = sidecar(path)
    if not side.exists():
        return DocumentMeta()
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParseError(f"{side.name}: not readable JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ParseError(f"{side.name}: expected a JSON object")
    return DocumentMeta.from_dict(data)


@dataclass(frozen=True)
class Corpus:
    """Everything a build indexes, before encoding."""

    documents: list[ParsedDocument]
    passages: list[Passage]
    examples: list[Example]
    scope: list[ScopeQuestion]
    lexicon: str
    origins: list[str] = field(default_factory=list)  # per document: "corpus" or "local"


def parse_document(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, meta: DocumentMeta | None = None
) -> ParsedDocument:
    size = path.stat().st_size
    if size > max_bytes:
        raise ParseError(
            f"{path.name}: {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit",
            code="too_big",
            name=path.name,
        )
    return parse_file(path, meta if meta is not None else read_meta(path))


def read_corpus(
    source: Path,
    local_dir: Path | None = None,
    progress: ProgressFactory = no_progress,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Corpus:
    found = [(p, "corpus") for p in discover(source)]
    if local_dir is not None and local_dir.is_dir():
        found += [(p, "local") for p in discover(local_dir)]
    step = progress(len(found), "documents")
    documents, origins = [], []
    staff: list[Example] = []
    seen: dict[tuple[str, str], Path] = {}
    for path, origin in found:
        doc = parse_document(path, max_bytes)
        if (doc.doc, doc.lang) in seen:
            raise ParseError(
                f"{path.name}: document id {doc.doc} ({doc.lang}) is already {seen[(doc.doc, doc.lang)].name}"
            )
        seen[(doc.doc, doc.lang)] = path
        documents.append(doc)
        origins.append(origin)
        faq = staff_faq_file(path)
        if faq is not None:
            staff += load_staff_faq(faq, doc.doc, doc.lang, [p.label for p in doc.provisions])
        step(1)
    if not documents:
        raise ParseError(f"no document to index in {source}")
    passages = [passage for doc in documents for passage in chunk(doc)]
    examples = load_examples(source / "faq", {p.section_id for p in passages}) + staff
    lexicon = source / "lexicon.tsv"
    return Corpus(
        documents,
        passages,
        examples,
        load_scope(source / "scope"),
        lexicon.read_text(encoding="utf-8") if lexicon.exists() else "",
        origins,
    )


class _CachedOnly:
    """Stands for the encoder when every text is cached: loading the model would only cost seconds."""

    def __init__(self, name: str, dim: int) -> None:
        self.name = name
        self.dim = dim

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        raise RuntimeError(f"encoder not loaded: {len(texts)} texts were expected in the cache")

    encode_passages = encode_queries

    def query_tokens(self, text: str) -> int:  # noqa: ARG002 — the Encoder protocol's signature
        raise RuntimeError("encoder not loaded: only cached vectors are read while building")


def _texts(corpus: Corpus) -> list[tuple[str, list[str]]]:
    return [
        ("passage", [p.search_text() for p in corpus.passages]),
        ("query", [e.question for e in corpus.examples]),
        ("query", [q.question for q in corpus.scope]),
    ]


def _encoder_for(cache: EmbeddingCache, encoder_name: str, corpus: Corpus) -> Encoder:
    missing = any(text_key(kind, t) not in cache for kind, texts in _texts(corpus) for t in texts)
    if missing or not len(cache) or not corpus.passages:
        return load_encoder(encoder_name)
    dim = len(cache.encode(_CachedOnly(encoder_name, 0), [corpus.passages[0].search_text()], "passage")[0])
    return _CachedOnly(encoder_name, dim)


def encode_corpus(
    cache: EmbeddingCache, encoder_name: str, corpus: Corpus, progress: ProgressFactory = no_progress
) -> tuple[IndexData, float]:
    """Vectors for passages (passage side) and for both question banks (query side: question to question)."""
    encoder = _encoder_for(cache, encoder_name, corpus)
    started = time.perf_counter()
    (_, passages), (_, examples), (_, scope) = _texts(corpus)
    passage_vectors = cache.encode(encoder, passages, "passage", progress)
    example_vectors = cache.encode(encoder, examples, "query", progress)
    scope_vectors = cache.encode(encoder, scope, "query", progress)
    seconds = time.perf_counter() - started
    data = IndexData(
        {},
        corpus.passages,
        corpus.examples,
        passage_vectors,
        example_vectors,
        build_bm25(corpus.passages, corpus.examples),
        corpus.lexicon,
        corpus.scope,
        scope_vectors,
    )
    return data, seconds


def document_entry(doc: ParsedDocument, origin: str, passages: int) -> dict[str, Any]:
    """One document of a version's manifest. `doc`, `lang`, `title`, `current_to` and `source` (the kind,
    "act" for a law, as before) are read by the Slack App Home and must stay."""
    return {
        "doc": doc.doc,
        "lang": doc.lang,
        "title": doc.title,
        "current_to": doc.current_to,
        "source": "act" if doc.kind == "law" else doc.kind,
        "kind": doc.kind,
        "url": doc.url,
        "file": doc.file,
        "format": doc.format,
        "origin": origin,
        "effective_date": doc.effective_date,
        "content_hash": doc.content_hash,
        "structure": doc.structure,
        "provisions": len(doc.provisions),
        "passages": passages,
        "aliases": [a for a in (doc.long_title, *doc.aliases) if a],
        "acronyms": sorted(
            document_acronyms([doc.title, *doc.aliases])
            | issuer_acronyms(
                [doc.title, doc.context], (b.text for p in doc.provisions[:OPENING] for b in p.blocks)
            )
        ),
    }


def build(
    config: BuildConfig, progress: ProgressFactory = no_progress, user: str | None = None
) -> BuildReport:
    """Build a complete version beside the live one and make it live; on any error nothing changes.

    Raises BuildInProgress when another build holds the lock.
    """
    with BuildLock(config.index_dir, user=user):
        return build_locked(config, progress)


def build_locked(config: BuildConfig, progress: ProgressFactory = no_progress) -> BuildReport:
    """`build` for a caller that already holds the build lock (`ses index add` holds it across its copy)."""
    started = time.perf_counter()
    versions.clean_stale(config.index_dir)
    previous = versions.live_version(config.index_dir)
    corpus = read_corpus(config.source, config.local_dir, progress, config.max_bytes)
    documents, passages, examples = corpus.documents, corpus.passages, corpus.examples
    cache = EmbeddingCache.load(config.cache_dirs, config.encoder)
    known = len(cache)
    data, encoded_seconds = encode_corpus(cache, config.encoder, corpus, progress)
    version = versions.new_version_id()
    per_doc = Counter((p.doc, p.lang) for p in passages)
    entries = [
        document_entry(d, origin, per_doc[(d.doc, d.lang)])
        for d, origin in zip(documents, corpus.origins, strict=True)
    ]
    data.manifest = {
        "version": version,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "encoder": config.encoder,
        "dim": int(data.passage_vectors.shape[1]) if len(passages) else 0,
        "source": str(config.source),
        "passages": len(passages),
        "examples": len(examples),
        "scope": len(corpus.scope),
        "documents": entries,
        "cross_lingual": cross_lingual_gaps(passages, data.passage_vectors, examples, data.example_vectors),
    }
    _check_vectors(data)
    data.passage_index = DenseIndex.build(data.passage_vectors, config.search.ann_threshold)
    staging = versions.staging_dir(config.index_dir, version)
    try:
        write_index(staging, data)
        versions.publish(config.index_dir, version)
    except BaseException:
        versions.discard_staging(config.index_dir, version)
        raise
    if config.cache_out is not None:
        cache.save(config.cache_out)
    pruned = versions.prune(config.index_dir, config.keep_versions)
    logger.info(
        "index %s built: %d documents, %d passages, %d examples",
        version,
        len(documents),
        len(passages),
        len(examples),
    )
    return BuildReport(
        version,
        len(documents),
        len(passages),
        len(examples),
        encoded_seconds,
        time.perf_counter() - started,
        len(cache) - known,
        tuple(pruned),
        tuple(entries),
        previous,
    )


def _check_vectors(data: IndexData) -> None:
    """Every vector of a version comes from one encoder: same width everywhere, and unit length."""
    widths = {
        m.shape[1]
        for m in (data.passage_vectors, data.example_vectors, data.scope_vectors)
        if m is not None and m.ndim == 2 and len(m)
    }
    if len(widths) > 1:
        raise ParseError(
            f"vectors of different widths {sorted(widths)}: refusing to mix encoders in one version"
        )
    if len(data.passage_vectors) and not np.allclose(
        np.linalg.norm(data.passage_vectors, axis=1), 1.0, atol=1e-2
    ):
        raise ParseError("passage vectors are not unit length: the embedding cache is damaged")
