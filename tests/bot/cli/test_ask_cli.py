"""`ses index`, `ses ask`, `ses search`, `ses eval` as a user runs them: real processes, real index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import build_small_corpus

SES = [sys.executable, "-m", "bot.cli"]


def ses(
    *args: str, data_dir: Path, stdin: str | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SES_", "SLACK_"))}
    env.update(SES_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1", **settings)
    return subprocess.run([*SES, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    source = build_small_corpus(root / "corpus")
    result = ses("index", "build", "--source", str(source), data_dir=root / "data")
    assert result.returncode == 0, result.stderr
    return root / "data"


def test_index_status_json_describes_the_live_version(data_dir: Path) -> None:
    result = ses("index", "status", "--json", data_dir=data_dir)
    status = json.loads(result.stdout)
    assert status["encoder"] == "e5-small"
    assert {d["doc"] for d in status["documents"]} == {"C-36.65", "L-12.4"}
    assert status["passages"] > 100
    assert status["version"] in status["versions"]


def test_ask_json_contract(data_dir: Path) -> None:
    result = ses(
        "ask", "Que prévoit l'article 23 de la Loi sur les conflits d'intérêts ?", "--json", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "lang", "answer", "citations", "abstained", "refused", "parts"}
    assert answer["lang"] == "fr"
    assert (answer["citations"][0]["doc"], answer["citations"][0]["section"]) == ("C-36.65", "23")
    rule = answer["parts"][0]
    assert (rule["kind"], rule["doc"], rule["section"], rule["pinpoint"]) == (
        "rule",
        "C-36.65",
        "23",
        "art. 23",
    )
    assert "200 $" in rule["quote"] and rule["url"].endswith("/article-23.html")


def test_ask_jsonl_answers_every_line_once_including_bad_ones(data_dir: Path) -> None:
    lines = [
        json.dumps({"id": "a", "question": "Can I accept a gift from a lobbyist?"}),
        json.dumps({"id": "b", "question": ""}),
        "not json",
        json.dumps({"id": "c", "question": "Comment dois-je trancher le grief dont je suis saisi ?"}),
    ]
    result = ses("ask", "--jsonl", data_dir=data_dir, stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", "b", None, "c"]
    assert out[0]["lang"] == "en" and out[0]["citations"]
    assert out[1]["error"] == "empty" and "vide" in out[1]["message"] + "empty"
    assert out[2]["error"] == "bad_line"
    assert out[3]["refused"] is True


def test_search_jsonl_returns_k_ranked_hits_one_per_section(data_dir: Path) -> None:
    result = ses(
        "search",
        "--jsonl",
        "--k",
        "10",
        data_dir=data_dir,
        stdin=json.dumps({"id": "q1", "question": "lobbyist monthly return"}) + "\n",
    )
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["id"] == "q1"
    assert len(row["hits"]) == 10
    assert len({(h["doc"], h["section"]) for h in row["hits"]}) == 10
    assert set(row["hits"][0]) == {"doc", "section", "lang", "score", "citation"}
    scores = [h["score"] for h in row["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_eval_prints_the_three_modes_side_by_side(data_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {
                "id": "t-001",
                "lang": "en",
                "category": "lookup",
                "question": "Lobbying Act section 5",
                "answerable": True,
                "gold": [{"doc": "L-12.4", "section": "5"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = ses("eval", str(questions), "--json", data_dir=data_dir)
    report = json.loads(result.stdout)
    assert set(report) == {"hybrid", "keyword", "dense"}
    assert report["hybrid"]["en"]["recall@1"] == 1.0
    assert report["hybrid"]["en"]["facts"] is None, "no facts given, none scored"
    assert 0 < report["hybrid"]["en"]["length_median"] == report["hybrid"]["en"]["length_max"] <= 2000


def test_eval_scores_added_documents_on_a_throw_away_index(data_dir: Path, tmp_path: Path) -> None:
    """`--add` builds the corpus plus the documents beside the live index, which stays as it was."""
    added = Path(__file__).parents[2] / "data" / "added" / "documents" / "code-ethique-administrateurs.html"
    questions = tmp_path / "q.jsonl"
    row = {
        "id": "a-001",
        "lang": "fr",
        "category": "situational",
        "question": "Selon le code des administrateurs de la Société des parcs, quelle est la valeur maximale d'un cadeau ?",
        "answerable": True,
        "gold": [{"doc": "code-ethique-administrateurs", "section": "13"}],
    }
    questions.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    before = ses("index", "status", "--json", data_dir=data_dir).stdout
    corpus = str(data_dir.parent / "corpus")
    live = ses("eval", str(questions), "--json", data_dir=data_dir, SES_CORPUS_DIR=corpus)
    assert json.loads(live.stdout)["hybrid"]["fr"]["recall@5"] == 0.0  # the live index does not hold it
    result = ses(
        "eval", str(questions), "--json", "--add", str(added), data_dir=data_dir, SES_CORPUS_DIR=corpus
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hybrid"]["fr"]["recall@1"] == 1.0
    assert "5 documents" in result.stderr  # two laws in two languages, and the code
    assert ses("index", "status", "--json", data_dir=data_dir).stdout == before
    refused = ses("eval", str(questions), "--add", str(tmp_path / "none.pdf"), data_dir=data_dir)
    assert refused.returncode == 2 and "not found" in refused.stderr


def test_ask_says_why_nothing_is_quoted_and_how_to_index_a_missing_text(data_dir: Path) -> None:
    question = "Under the Treasury Board Directive on Travel, what is the meal allowance?"
    answer = json.loads(ses("ask", question, "--json", data_dir=data_dir).stdout)
    assert {"question", "lang", "answer", "citations", "abstained", "refused"} <= set(answer)
    assert (answer["abstained"], answer["reason"], answer["named_text"]) == (
        True,
        "not_held",
        "Treasury Board Directive on Travel",
    )
    assert answer["citations"] == []
    printed = ses("ask", question, data_dir=data_dir).stdout
    assert 'To index it: ses index add FILE --alias "Treasury Board Directive on Travel"' in printed
    refused = json.loads(
        ses("ask", "How should I rule on the grievance I heard?", "--json", data_dir=data_dir).stdout
    )
    assert (refused["refused"], refused["reason"]) == (True, "merits")


def test_eval_curve_prints_abstention_against_false_abstention_per_threshold(
    data_dir: Path, tmp_path: Path
) -> None:
    rows = [
        (
            "c-001",
            "en",
            "unanswerable",
            "What's the daily per diem for part-time members on a hearing day?",
            [],
        ),
        (
            "c-002",
            "fr",
            "unanswerable",
            "Selon le Code d'éthique de la Ville de Laval, puis-je accepter un repas ?",
            [],
        ),
        (
            "c-003",
            "en",
            "situational",
            "Can I accept hockey tickets from a lobbyist?",
            [{"doc": "C-36.65", "section": "11"}],
        ),
        (
            "c-004",
            "en",
            "decisional_independence",
            "Is a 30-day suspension proportionate in the appeal I'm deciding?",
            [],
        ),
    ]
    questions = tmp_path / "c.jsonl"
    questions.write_text(
        "".join(
            json.dumps(
                {"id": i, "lang": lang, "category": c, "question": q, "answerable": bool(g), "gold": g}
            )
            + "\n"
            for i, lang, c, q, g in rows
        ),
        encoding="utf-8",
    )
    result = ses("eval", str(questions), "--curve", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    curves = json.loads(result.stdout)
    assert set(curves) == {"off_topic_probability", "off_topic_margin", "merits_probability"}
    [configured] = [r for r in curves["off_topic_probability"] if r["configured"]]
    assert (configured["abstention"], configured["false_abstention"]) == (1.0, 0.0)
    assert (configured["refusal"], configured["false_refusal"]) == (1.0, 0.0)
    # a margin so low that the per-diem question is answered: the text not held is still named
    assert min(r["abstention"] for r in curves["off_topic_margin"]) == 0.5
    table = ses("eval", str(questions), "--curve", data_dir=data_dir).stdout
    assert "off_topic_probability" in table and " *" in table


def test_a_missing_index_says_how_to_build_it_in_the_question_language(tmp_path: Path) -> None:
    result = ses("ask", "Can I accept a gift?", data_dir=tmp_path / "empty")
    assert result.returncode == 2
    assert "ses index build" in result.stderr and "No index" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_too_long_question_gets_a_clear_error(data_dir: Path) -> None:
    result = ses("ask", "cadeau " * 800, data_dir=data_dir)
    assert result.returncode == 2
    assert "trop longue" in result.stderr


def test_rollback_returns_to_the_previous_version(data_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy, symlinks=True)
    source = build_small_corpus(tmp_path / "corpus")
    before = json.loads(ses("index", "status", "--json", data_dir=copy).stdout)["version"]
    assert ses("index", "build", "--source", str(source), data_dir=copy).returncode == 0
    after = json.loads(ses("index", "status", "--json", data_dir=copy).stdout)["version"]
    assert after != before
    assert ses("index", "rollback", data_dir=copy).returncode == 0
    assert json.loads(ses("index", "status", "--json", data_dir=copy).stdout)["version"] == before
