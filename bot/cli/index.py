"""`ses index build|ensure|status|add|remove|list|versions|rollback|embed-cache`: index versions of the corpus.

Exit codes: 0 done; 2 refused (a bad file, a missing index or version); 3 another build is running.
Progress goes to stderr: bars with rate and ETA on a terminal, plain lines otherwise (CI, logs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.cli._common import emit, fail
from bot.settings import Settings
from indexer import manage, versions
from indexer.documents import KINDS, DocumentMeta, ParseError
from indexer.lock import BuildInProgress, holder
from indexer.pipeline import BuildReport, build, encode_corpus, read_corpus
from knowledge import KnowledgeError
from knowledge.embedding_cache import EmbeddingCache, Progress
from knowledge.store import live_version_dir, read_index

REFUSED, BUSY = 2, 3


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

    add = commands.add_parser(
        "add", help="add or replace documents (PDF, DOCX, HTML, Markdown, text, Justice XML)"
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument("--title", help="the document's title (default: read from the file)")
    add.add_argument("--lang", choices=("fr", "en"), help="its language (default: detected)")
    add.add_argument("--kind", choices=KINDS, help="what it is (default: guessed from the title)")
    add.add_argument("--url", help="where the public can read it")
    add.add_argument("--effective-date", metavar="YYYY-MM-DD", help="when it took effect")
    add.add_argument(
        "--doc", help="its id (default: from the file name); the same id links FR and EN versions"
    )
    add.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="NAME",
        help="another name people use for it, e.g. an acronym (repeatable); questions naming it find it",
    )
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)

    remove = commands.add_parser("remove", help="remove an added document and build a version without it")
    remove.add_argument("doc", metavar="DOC")
    remove.add_argument("--lang", choices=("fr", "en"), help="only this language version")
    remove.add_argument("--json", action="store_true")
    remove.set_defaults(handler=run_remove)

    listing = commands.add_parser("list", help="documents of the live version, with their metadata")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    listed = commands.add_parser("versions", help="index versions on disk, the live one marked")
    listed.add_argument("--json", action="store_true")
    listed.set_defaults(handler=run_versions)

    rollback = commands.add_parser("rollback", help="make the previous version (or VERSION) live again")
    rollback.add_argument("version", nargs="?", metavar="VERSION")
    rollback.set_defaults(handler=run_rollback)

    commands.add_parser(
        "embed-cache", help="re-encode the bundled corpus and rewrite its shipped embedding cache"
    ).set_defaults(handler=run_embed_cache)


# --- progress --------------------------------------------------------------------------------------


def tqdm_progress(total: int, label: str) -> Callable[[int], None]:
    """A progress bar with rate and ETA on stderr, closed when it reaches its total."""
    unit = "doc" if label == "documents" else label.split()[-1].removesuffix("s")
    bar = tqdm(total=total, desc=label, unit=unit, file=sys.stderr, dynamic_ncols=True)

    def step(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return step


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def line_progress(total: int, label: str, every: float = 5.0) -> Progress:
    """Plain lines for logs and CI: the start, then at most one every `every` seconds, and the end."""
    started = time.monotonic()
    state = {"done": 0, "printed": started}
    print(f"{label}: 0/{total}", file=sys.stderr, flush=True)

    def step(n: int) -> None:
        state["done"] += n
        now = time.monotonic()
        done = state["done"]
        if done < total and now - state["printed"] < every:
            return
        state["printed"] = now
        rate = done / max(now - started, 1e-6)
        eta = (total - done) / rate if rate else 0.0
        print(
            f"{label}: {done}/{total} ({100 * done // max(total, 1)}%), {rate:.1f}/s, "
            f"{'done in ' + _clock(now - started) if done >= total else 'ETA ' + _clock(eta)}",
            file=sys.stderr,
            flush=True,
        )

    return step


def progress_for_terminal(total: int, label: str) -> Progress:
    if sys.stderr.isatty() and not os.environ.get("CI"):
        return tqdm_progress(total, label)
    return line_progress(total, label)


# --- commands --------------------------------------------------------------------------------------


def shipped_cache(settings: Settings) -> Path:
    return settings.corpus_dir / "embeddings"


def _refused(command: str, exc: Exception) -> int:
    print(f"ses index {command}: {exc}", file=sys.stderr)
    return BUSY if isinstance(exc, BuildInProgress) else REFUSED


def _summary(report: BuildReport) -> str:
    pruned = f", {len(report.pruned)} old versions pruned" if report.pruned else ""
    return (
        f"index {report.version}: {report.documents} documents, {report.passages} passages, "
        f"{report.examples} exemples/examples, {report.encoded} encoded, {report.seconds:.1f} s{pruned}"
    )


def _report_dict(report: BuildReport) -> dict[str, Any]:
    return {
        "version": report.version,
        "documents": report.documents,
        "passages": report.passages,
        "examples": report.examples,
        "encoded": report.encoded,
        "seconds": round(report.seconds, 2),
        "pruned": list(report.pruned),
    }


def run_build(args: argparse.Namespace, settings: Settings) -> int:
    try:
        report = build(settings.indexer_config(args.source), progress=progress_for_terminal)
    except (ParseError, BuildInProgress) as exc:
        return _refused("build", exc)
    print(_summary(report))
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
        "building": holder(settings.index_dir),
    }
    if args.json:
        emit(status)
    else:
        print(f"version {status['version']} ({status['built_at']}), encoder {status['encoder']}")
        print(
            f"{len(status['documents'])} documents, {status['passages']} passages, {status['examples']} examples"
        )
        building = status["building"]
        if building:
            print(f"build in progress (started by {building.get('user')}, at {building.get('started_at')})")
    return 0


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        meta = DocumentMeta(
            doc=args.doc or "",
            title=args.title or "",
            lang=args.lang or "",
            kind=args.kind or "",
            url=args.url or "",
            effective_date=args.effective_date or "",
            aliases=tuple(" ".join(a.split()) for a in args.alias),
        )
        report = manage.add_documents(
            settings.indexer_config(),
            settings.intake_config(),
            args.paths,
            meta,
            progress=progress_for_terminal,
        )
    except (ParseError, BuildInProgress) as exc:
        return _refused("add", exc)
    if args.json:
        emit({**_report_dict(report.build), "added": [a.to_dict() for a in report.added]})
        return 0
    for added in report.added:
        what = {
            "article": "articles",
            "section": "sections",
            "numbered": "numbered paragraphs",
            "page": "pages",
            "heading": "headed parts",
            "paragraph": "parts",
        }.get(added.structure, "parts")
        print(
            f"{'replaced' if added.replaced else 'added'}: {added.title} ({added.doc}, {added.lang}, {added.kind}): "
            f"{added.provisions} {what}, {added.passages} passages"
        )
    print(_summary(report.build))
    return 0


def run_remove(args: argparse.Namespace, settings: Settings) -> int:
    try:
        report = manage.remove_document(
            settings.indexer_config(), args.doc, args.lang, progress=progress_for_terminal
        )
    except (ParseError, BuildInProgress) as exc:
        return _refused("remove", exc)
    if args.json:
        emit({**_report_dict(report), "removed": args.doc})
    else:
        print(f"removed: {args.doc}")
        print(_summary(report))
    return 0


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    try:
        version, documents = manage.live_documents(settings.index_dir)
    except KnowledgeError as exc:
        return fail(exc)
    if args.json:
        emit({"version": version, "documents": documents})
        return 0
    for d in sorted(documents, key=lambda d: (d.get("origin", ""), d["title"].casefold())):
        extra = f", {d['effective_date']}" if d.get("effective_date") else ""
        print(
            f"{d['doc']:<24} {d['lang']}  {d.get('kind', ''):<10} {d.get('origin', ''):<6} {d['title']}{extra}"
        )
    return 0


def run_versions(args: argparse.Namespace, settings: Settings) -> int:
    listed = versions.describe(settings.index_dir)
    if args.json:
        emit(
            {
                "live": versions.live_version(settings.index_dir),
                "versions": listed,
                "building": holder(settings.index_dir),
            }
        )
        return 0
    for v in listed:
        print(
            f"{'*' if v['live'] else ' '} {v['version']}  {v['built_at']}  {v['encoder']}  "
            f"{v['documents']} documents, {v['passages']} passages"
        )
    return 0


def run_rollback(args: argparse.Namespace, settings: Settings) -> int:
    try:
        version = manage.rollback(settings.index_dir, args.version)
    except (KnowledgeError, BuildInProgress) as exc:
        return _refused("rollback", exc)
    print(f"index {version} live / actif")
    return 0


def run_embed_cache(args: argparse.Namespace, settings: Settings) -> int:
    """Encodes only texts the shipped cache lacks (keys are text hashes), then keeps exactly the current texts."""
    cache = EmbeddingCache.load([shipped_cache(settings)], settings.encoder)
    encode_corpus(cache, settings.encoder, read_corpus(settings.corpus_dir), progress=progress_for_terminal)
    path = cache.save(shipped_cache(settings))
    print(f"{path}: {len(cache.used)} vectors")
    return 0
