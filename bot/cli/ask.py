"""`ses ask`, `ses search`, `ses eval`: the knowledge engine from the command line."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.cli._common import emit, error_message, fail, open_advisor, read_jsonl_stdin
from bot.settings import Settings
from indexer.manage import build_scratch
from knowledge import Advisor, Answer, KnowledgeError
from knowledge.calibration import curves, format_curves, observe
from knowledge.evaluation import evaluate_modes, read_questions
from knowledge.search.hybrid import MODES, Hit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help="answer a question with cited provisions")
    ask.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument(
        "--jsonl", action="store_true", help="read {id, question} lines on stdin, write one answer per line"
    )
    ask.add_argument("--context", help="an earlier question this one follows up on")
    ask.set_defaults(handler=run_ask)

    search = sub.add_parser("search", help="ranked provisions for a question, one per (document, section)")
    search.add_argument("question", nargs="?")
    search.add_argument("--k", type=int, default=10)
    search.add_argument("--mode", choices=MODES, default="hybrid")
    search.add_argument("--json", action="store_true")
    search.add_argument("--jsonl", action="store_true")
    search.set_defaults(handler=run_search)

    ev = sub.add_parser(
        "eval", help="score a question file: hybrid, keyword-only and dense-only side by side"
    )
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true")
    where = ev.add_mutually_exclusive_group()
    where.add_argument(
        "--add",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="score against a throw-away index: the bundled corpus plus these documents (files or folders, "
        "with their .faq.jsonl files); the live index is not touched",
    )
    where.add_argument(
        "--index",
        type=Path,
        metavar="DIR",
        help="score against this index (a folder with `current`, or a version)",
    )
    ev.add_argument(
        "--curve",
        action="store_true",
        help="instead: abstention vs false abstention and refusal vs false refusal as each guardrail threshold moves",
    )
    ev.set_defaults(handler=run_eval)


def _hit_dict(hit: Hit, advisor: Advisor, lang: str) -> dict[str, Any]:
    passage = advisor.searcher.passages_of((hit.doc, hit.section), lang)[0]
    return {
        "doc": passage.doc,
        "section": hit.section,
        "lang": passage.lang,
        "score": round(hit.score, 6),
        "citation": passage.citation,
    }


_ADD_HINT = {
    "fr": 'Pour l\'indexer : ses index add FICHIER --alias "{named}"',
    "en": 'To index it: ses index add FILE --alias "{named}"',
}


def _print_answer(answer: Answer) -> None:
    print(answer.text)
    for citation in answer.citations:
        print(f"\n— {citation.citation}\n  {citation.url}")
    if answer.reason == "not_held" and answer.named_text and not answer.named_office:
        print(f"\n{_ADD_HINT.get(answer.lang, _ADD_HINT['fr']).format(named=answer.named_text)}")


def _batch(settings: Settings, one: Any) -> int:
    """Models load once; each input line gets exactly one output line, errors included."""
    try:
        advisor = open_advisor(settings)
    except KnowledgeError as exc:
        return fail(exc)
    for obj, raw in read_jsonl_stdin():
        if obj is None or "id" not in obj or not isinstance(obj.get("question"), str):
            emit(
                {
                    "id": obj.get("id") if obj else None,
                    "error": "bad_line",
                    "message": "ligne invalide : il faut un objet JSON avec id et question / "
                    "invalid line: a JSON object with id and question is needed",
                    "line": raw[:200],
                }
            )
            continue
        try:
            emit({"id": obj["id"], **one(advisor, obj["question"])})
        except KnowledgeError as exc:
            emit({"id": obj["id"], "error": exc.code, "message": error_message(exc, obj["question"])})
    return 0


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.jsonl:
        return _batch(settings, lambda advisor, q: advisor.ask(q).to_dict())
    if args.question is None:
        print("ses ask: donnez une question, ou --jsonl / give a question, or --jsonl", file=sys.stderr)
        return 2
    try:
        answer = open_advisor(settings).ask(args.question, context=args.context)
    except KnowledgeError as exc:
        return fail(exc, args.question)
    if args.json:
        emit(answer.to_dict())
    else:
        _print_answer(answer)
    return 0


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    def one(advisor: Advisor, question: str) -> dict[str, Any]:
        from knowledge.language import detect  # deferred: lingua loads only when `ses search` runs

        lang = detect(question).lang
        hits = advisor.search(question, k=args.k, mode=args.mode)
        return {"question": question, "lang": lang, "hits": [_hit_dict(h, advisor, lang) for h in hits]}

    if args.jsonl:
        return _batch(settings, one)
    if args.question is None:
        print("ses search: donnez une question, ou --jsonl / give a question, or --jsonl", file=sys.stderr)
        return 2
    try:
        result = one(open_advisor(settings), args.question)
    except KnowledgeError as exc:
        return fail(exc, args.question)
    if args.json:
        emit(result)
    else:
        for rank, hit in enumerate(result["hits"], start=1):
            print(f"{rank:2d}. {hit['score']:.4f}  {hit['citation']}")
    return 0


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    try:
        questions = read_questions(Path(args.file))
        with tempfile.TemporaryDirectory(prefix="ses-eval-") as scratch:
            advisor = _eval_advisor(args, settings, Path(scratch))
            if args.curve:
                tables = curves(observe(advisor, questions), advisor.config)
                emit(tables) if args.json else print(format_curves(tables))
                return 0
            reports = evaluate_modes(advisor, questions)
    except (OSError, ValueError) as exc:  # ParseError is a ValueError: a document --add refused
        print(f"ses eval: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        return fail(exc)
    if args.json:
        emit(reports)
        return 0
    print(format_table(reports))
    return 0


def _eval_advisor(args: argparse.Namespace, settings: Settings, scratch: Path) -> Advisor:
    """The engine `ses eval` scores: the live index, another one (--index), or the bundled corpus plus
    documents built into `scratch` (--add), their vectors kept in SES_DATA_DIR/embeddings/eval."""
    if args.index is not None:
        index = args.index
        return Advisor.open(index) if (index / "current").exists() else Advisor.open_version(index)
    if not args.add:
        return open_advisor(settings)
    config = settings.indexer_config()
    cache = settings.data_dir / "embeddings" / "eval"
    config = replace(config, cache_dirs=(*config.cache_dirs, cache), cache_out=cache)
    report = build_scratch(config, settings.intake_config(), args.add, scratch)
    print(
        f"ses eval: index of {config.source} + {len(args.add)} path(s): {report.documents} documents, "
        f"{report.passages} passages, {report.encoded} encoded",
        file=sys.stderr,
    )
    return Advisor.open(scratch / "index")


def _cell(value: float | int | None) -> str:
    """Shares with three decimals, lengths (characters) as whole numbers."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def format_table(reports: dict[str, dict[str, Any]]) -> str:
    modes = list(reports)
    rows = []
    for lang in ("fr", "en", "all"):
        for metric in ("recall@1", "recall@5", "mrr@10", "facts", "length_median", "length_max"):
            rows.append(
                (
                    f"{metric} {lang} (n={reports[modes[0]][lang]['n']})",
                    [reports[m][lang][metric] for m in modes],
                )
            )
    for metric in ("abstention", "false_abstention", "refusal", "false_refusal"):
        rows.append((metric, [reports[m][metric] for m in modes]))
    width = max(len(r[0]) for r in rows) + 2
    lines = ["".ljust(width) + "".join(m.rjust(10) for m in modes)]
    for label, values in rows:
        lines.append(label.ljust(width) + "".join(_cell(v).rjust(10) for v in values))
    return "\n".join(lines)
