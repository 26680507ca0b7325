"""Indexer fixtures: a tiny corpus whose vectors are all shipped, documents made from corpus texts,
their vectors encoded once per session, and a throw-away copy of a built index per test.

The tiny corpus (the Conflict of Interest Act, FR and EN, and the lexicon) has no FAQ bank on
purpose: the shipped cache lags behind the FAQ writers, and a build that has to encode a thousand
questions would cost minutes. With it, a build never runs the encoder unless a test adds a document.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import makers
from bot.settings import REPO_ROOT
from indexer import versions
from indexer.chunking import chunk
from indexer.intake import IntakeConfig
from indexer.parsers import parse_file
from indexer.pipeline import BuildConfig, build
from knowledge.embedding_cache import EmbeddingCache
from knowledge.encoders import load_encoder

SHIPPED = REPO_ROOT / "corpus" / "embeddings"
ENCODER = "e5-small"


def build_tiny_corpus(target: Path) -> Path:
    for lang in ("fr", "en"):
        (target / "federal" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / "corpus" / "federal" / lang / "C-36.65.xml", target / "federal" / lang)
    if (REPO_ROOT / "corpus" / "lexicon.tsv").exists():
        shutil.copy(REPO_ROOT / "corpus" / "lexicon.tsv", target)
    (target / "embeddings").mkdir(exist_ok=True)
    (target / "embeddings" / f"{ENCODER}.npz").symlink_to(SHIPPED / f"{ENCODER}.npz")
    return target


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real files of each format, made from corpus texts the tiny index does not hold."""
    out = tmp_path_factory.mktemp("documents")
    return {
        "directive.pdf": makers.directive_pdf(out / "directive-divulgation.pdf"),
        "guide.pdf": makers.guide_pdf(out / "guide-access.pdf"),
        "code.docx": makers.code_docx(out / "code-ethique.docx"),
        "privacy.html": makers.privacy_html(out / "privacy-code.html"),
    }


@pytest.fixture(scope="session")
def vectors(tmp_path_factory: pytest.TempPathFactory, documents: dict[str, Path]) -> Path:
    """A cache holding the vectors of those documents' passages, encoded once for the whole session."""
    directory = tmp_path_factory.mktemp("vectors")
    cache = EmbeddingCache(ENCODER)
    texts = []
    for path in documents.values():
        parsed = parse_file(path)
        texts += [p.search_text() for p in chunk(parsed)]
    cache.encode(load_encoder(ENCODER), texts, "passage")
    cache.save(directory)
    return directory


@dataclass(frozen=True)
class Site:
    """A data directory with a live index: corpus, index versions, local documents, caches."""

    root: Path
    config: BuildConfig
    intake: IntakeConfig

    @property
    def index_dir(self) -> Path:
        return self.config.index_dir

    @property
    def local_dir(self) -> Path:
        assert self.config.local_dir is not None
        return self.config.local_dir

    def snapshot(self) -> tuple[str | None, str, list[str], list[str]]:
        """What must not change when an operation is refused: live version, its manifest, versions, local files."""
        live = versions.live_version(self.index_dir)
        manifest = (self.index_dir / "current" / "manifest.json").read_text(encoding="utf-8") if live else ""
        local = (
            sorted(str(p.relative_to(self.local_dir)) for p in self.local_dir.rglob("*"))
            if self.local_dir.exists()
            else []
        )
        return live, manifest, versions.versions(self.index_dir), local

    def documents(self) -> list[dict[str, object]]:
        manifest = json.loads((self.index_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
        docs: list[dict[str, object]] = manifest["documents"]
        return docs


def site_config(root: Path, vectors: Path | None = None, **overrides: object) -> BuildConfig:
    values: dict[str, object] = {
        "source": root / "corpus",
        "index_dir": root / "index",
        "encoder": ENCODER,
        "cache_dirs": (SHIPPED, *([vectors] if vectors else []), root / "embeddings"),
        "cache_out": root / "embeddings",
        "local_dir": root / "documents",
    }
    values.update(overrides)
    return BuildConfig(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    build_tiny_corpus(root / "corpus")
    build(site_config(root))
    return root


@pytest.fixture
def site(tmp_path: Path, built_site: Path, vectors: Path, documents: dict[str, Path]) -> Iterator[Site]:
    """A private copy of the built site; files may be added from the session's documents and tmp_path."""
    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    intake = IntakeConfig(allowed_dirs=(tmp_path, next(iter(documents.values())).parent), max_bytes=5 * 2**20)
    yield Site(root, site_config(root, vectors), intake)
