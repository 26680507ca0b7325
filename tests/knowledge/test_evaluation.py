from knowledge.evaluation import EvalQuestion, Outcome, first_hit_rank, score


def _q(qid: str, lang: str, category: str, gold: set[tuple[str, str]]) -> EvalQuestion:
    return EvalQuestion(qid, lang, category, "q", category in ("lookup", "situational"), frozenset(gold))


def test_ranks_ignore_subsections_prefixes_and_french_regulation_stems() -> None:
    question = _q("1", "fr", "lookup", {("SOR-2005-373", "8")})
    assert first_hit_rank(Outcome(question, [("C-36.65", "1"), ("DORS-2005-373", "8(1)")], False, False)) == 2


def test_scores_follow_the_eval_readme() -> None:
    outcomes = [
        Outcome(_q("1", "fr", "lookup", {("C-36.65", "11")}), [("C-36.65", "11")], False, False),
        Outcome(
            _q("2", "fr", "situational", {("C-36.65", "23")}), [("X", "1"), ("C-36.65", "23")], True, False
        ),
        Outcome(_q("3", "en", "situational", {("C-36.65", "6")}), [("X", "1")] * 10, False, False),
        Outcome(_q("4", "en", "unanswerable", set()), [], True, False),
        Outcome(_q("5", "fr", "decisional_independence", set()), [], False, True),
    ]
    report = score(outcomes)
    assert {k: report["fr"][k] for k in ("n", "recall@1", "recall@5", "mrr@10")} == {
        "n": 2,
        "recall@1": 0.5,
        "recall@5": 1.0,
        "mrr@10": 0.75,
    }
    assert report["en"]["recall@5"] == 0.0
    assert (report["abstention"], report["false_abstention"]) == (1.0, round(1 / 3, 4))
    assert (report["refusal"], report["false_refusal"]) == (1.0, 0.0)


def test_facts_contained_and_lengths_are_per_language_over_answered_questions() -> None:
    question = EvalQuestion("1", "fr", "situational", "q", True, frozenset(), ("200 $", "trente jours"))
    shown = "Il incombe d’en faire état dans les Trente  jours si la valeur excède 200 $."
    outcomes = [
        Outcome(question, [], False, False, shown),
        Outcome(
            EvalQuestion("2", "fr", "situational", "q", True, frozenset(), ("200 $",)),
            [],
            False,
            False,
            "x" * 10,
        ),
        Outcome(
            EvalQuestion("3", "fr", "situational", "q", True, frozenset()),
            [],
            True,
            False,
            "abstention " * 50,
        ),
    ]
    report = score(outcomes)["fr"]
    assert report["facts"] == 0.5, "case and spaces aside, every fact must be there; no facts, not scored"
    assert (report["length_median"], report["length_max"]) == (int((len(shown) + 10) / 2), len(shown))
