"""`ses index build|ensure|status|rollback|embed-cache`: index versions of the corpus."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from bot.cli._common import emit, fail
from bot.settings import Settings
from indexer import versions
from indexer.documents import ParseError
from indexer.pipeline import BuildConfig, build, encode_corpus, read_corpus
from knowledge import KnowledgeError
from knowledge.embedding_cache import EmbeddingCache
from knowledge.store import live_version_dir, read_index


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    index = sub.add_parser("index", help="build and manage index versions")
    commands = index.add_subparsers(dest="index_command", required=True)
    build_cmd = commands.add_parser("build", help="build a new version from a corpus folder and make it live")
    build_cmd.add_argument("--source", type=Path, help="corpus folder (default: the bundled corpus)")
    build_cmd.set_defaults(handler=run_build)
    commands.add_parser("ensure", help="build from the bundled corpus only if no index exists").set_defaults(
        handler=run_ensure
    )
    status = commands.add_parser("status", help="the live version: documents, passages, encoder, build time")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)
    commands.add_parser("rollback", help="make the previous version live again").set_defaults(handler=run_rollback)
    commands.add_parser(
        "embed-cache", help="re-encode the bundled corpus and rewrite its shipped embedding cache"
    ).set_defaults(handler=run_embed_cache)


def tqdm_progress(total: int, label: str) -> Callable[[int], None]:
    """A progress bar with rate and ETA on stderr, closed when it reaches its total."""
    bar = tqdm(total=total, desc=label, unit="text", file=sys.stderr, dynamic_ncols=True)

    def step(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return step


def shipped_cache(settings: Settings) -> Path:
    return settings.corpus_dir / "embeddings"


def _config(settings: Settings, source: Path | None) -> BuildConfig:
    return BuildConfig(
        source=source or settings.corpus_dir,
        index_dir=settings.index_dir,
        encoder=settings.encoder,
        cache_dirs=(shipped_cache(settings), settings.data_dir / "embeddings"),
        cache_out=settings.data_dir / "embeddings",
    )


def run_build(args: argparse.Namespace, settings: Settings) -> int:
    try:
        report = build(_config(settings, args.source), progress=tqdm_progress)
    except ParseError as exc:
        print(f"ses index build: {exc}", file=sys.stderr)
        return 2
    print(
        f"index {report.version}: {report.documents} documents, {report.passages} passages, "
        f"{report.examples} exemples/examples, {report.seconds:.1f} s"
    )
    return 0


def run_ensure(args: argparse.Namespace, settings: Settings) -> int:
    if versions.live_version(settings.index_dir) is not None:
        print(f"index {versions.live_version(settings.index_dir)} présent / present")
        return 0
    args.source = None
    return run_build(args, settings)


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    try:
        data = read_index(live_version_dir(settings.index_dir))
    except KnowledgeError as exc:
        return fail(exc)
    manifest = data.manifest
    status = {
        "version": manifest["version"],
        "built_at": manifest["built_at"],
        "encoder": manifest["encoder"],
        "documents": manifest["documents"],
        "passages": manifest["passages"],
        "examples": manifest["examples"],
        "versions": versions.versions(settings.index_dir),
    }
    if args.json:
        emit(status)
    else:
        print(f"version {status['version']} ({status['built_at']}), encoder {status['encoder']}")
        print(f"{len(status['documents'])} documents, {status['passages']} passages, {status['examples']} examples")
    return 0


def run_rollback(args: argparse.Namespace, settings: Settings) -> int:
    try:
        version = versions.rollback(settings.index_dir)
    except KnowledgeError as exc:
        print(f"ses index rollback: {exc}", file=sys.stderr)
        return 2
    print(f"index {version} live / actif")
    return 0


def run_embed_cache(args: argparse.Namespace, settings: Settings) -> int:
    """Encodes only texts the shipped cache lacks (keys are text hashes), then keeps exactly the current texts."""
    cache = EmbeddingCache.load([shipped_cache(settings)], settings.encoder)
    encode_corpus(cache, settings.encoder, read_corpus(settings.corpus_dir), progress=tqdm_progress)
    path = cache.save(shipped_cache(settings))
    print(f"{path}: {len(cache.used)} vectors")
    return 0
