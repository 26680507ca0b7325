"""discover → parse → chunk → encode → write a new index version → swap it in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from indexer import versions
from indexer.chunking import chunk
from indexer.documents import ParsedDocument, ParseError
from indexer.faq import load_examples, load_scope
from indexer.parsers import justice_xml
from knowledge.embedding_cache import EmbeddingCache, ProgressFactory, _no_progress
from knowledge.encoders import load_encoder
from knowledge.passages import Example, Passage, ScopeQuestion
from knowledge.store import IndexData, build_bm25, write_index

log = logging.getLogger(__name__)

PARSERS: dict[str, Callable[[Path], ParsedDocument]] = {".xml": justice_xml.parse}


@dataclass(frozen=True)
class BuildConfig:
    source: Path
    index_dir: Path
    encoder: str
    cache_dirs: tuple[Path, ...] = ()
    cache_out: Path | None = None


@dataclass(frozen=True)
class BuildReport:
    version: str
    documents: int
    passages: int
    examples: int
    encoded_seconds: float
    seconds: float


def discover(source: Path) -> list[Path]:
    if not source.is_dir():
        raise ParseError(f"source folder not found: {source}")
    return sorted(p for p in source.rglob("*") if p.suffix.lower() in PARSERS and p.is_file())


@dataclass(frozen=True)
class Corpus:
    """Everything a build indexes, before encoding."""

    documents: list[ParsedDocument]
    passages: list[Passage]
    examples: list[Example]
    scope: list[ScopeQuestion]
    lexicon: str


def read_corpus(source: Path) -> Corpus:
    documents = [PARSERS[p.suffix.lower()](p) for p in discover(source)]
    if not documents:
        raise ParseError(f"no document to index in {source}")
    passages = [passage for doc in documents for passage in chunk(doc)]
    examples = load_examples(source / "faq", {p.section_id for p in passages})
    lexicon = source / "lexicon.tsv"
    return Corpus(documents, passages, examples, load_scope(source / "scope"),
                  lexicon.read_text(encoding="utf-8") if lexicon.exists() else "")


def encode_corpus(
    cache: EmbeddingCache, encoder_name: str, corpus: Corpus, progress: ProgressFactory = _no_progress
) -> tuple[IndexData, float]:
    """Vectors for passages (passage side) and for both question banks (query side: question to question)."""
    encoder = load_encoder(encoder_name)
    started = time.perf_counter()
    passage_vectors = cache.encode(encoder, [p.search_text() for p in corpus.passages], "passage", progress)
    example_vectors = cache.encode(encoder, [e.question for e in corpus.examples], "query", progress)
    scope_vectors = cache.encode(encoder, [q.question for q in corpus.scope], "query", progress)
    seconds = time.perf_counter() - started
    data = IndexData({}, corpus.passages, corpus.examples, passage_vectors, example_vectors,
                     build_bm25(corpus.passages, corpus.examples), corpus.lexicon, corpus.scope, scope_vectors)
    return data, seconds


def build(config: BuildConfig, progress: ProgressFactory = _no_progress) -> BuildReport:
    """Build a complete version beside the live one and make it live; on any error nothing changes."""
    started = time.perf_counter()
    corpus = read_corpus(config.source)
    documents, passages, examples = corpus.documents, corpus.passages, corpus.examples
    cache = EmbeddingCache.load(config.cache_dirs, config.encoder)
    data, encoded_seconds = encode_corpus(cache, config.encoder, corpus, progress)
    version = versions.new_version_id()
    data.manifest = {
        "version": version,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "encoder": config.encoder,
        "dim": int(data.passage_vectors.shape[1]) if len(passages) else 0,
        "source": str(config.source),
        "passages": len(passages),
        "examples": len(examples),
        "scope": len(corpus.scope),
        "documents": [
            {"doc": d.doc, "lang": d.lang, "title": d.title, "current_to": d.current_to, "source": d.kind}
            for d in documents
        ],
    }
    staging = versions.staging_dir(config.index_dir, version)
    try:
        write_index(staging, data)
        versions.publish(config.index_dir, version)
    except BaseException:
        versions.discard_staging(config.index_dir, version)
        raise
    if config.cache_out is not None:
        cache.save(config.cache_out)
    log.info("index %s built: %d documents, %d passages, %d examples", version, len(documents), len(passages), len(examples))
    return BuildReport(version, len(documents), len(passages), len(examples), encoded_seconds, time.perf_counter() - started)
