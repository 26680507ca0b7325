"""A query's cost is bounded: distinct keyword terms and encoder tokens, the question served first."""

from __future__ import annotations

import re

from knowledge import Advisor
from knowledge.search.budget import bounded_terms, fit
from knowledge.text import tokens

QUESTION = "Un fournisseur m'offre deux billets pour un match : puis-je les accepter ?"


def _law_words(advisor: Advisor, count: int) -> list[str]:
    """Distinct long words of the French passages, in order: terms the keyword index knows."""
    seen: dict[str, None] = {}
    for passage in advisor.searcher.data.passages:
        if passage.lang == "fr":
            seen.update((w, None) for w in re.findall(r"[a-zéèêàç]{7,}", passage.text.lower()))
        if len(seen) >= count:
            break
    return list(seen)[:count]


def _count_words(text: str) -> int:
    return len(text.split())


def test_terms_keep_their_weights_until_the_budget_then_stop_at_the_first_distinct_ones() -> None:
    groups = [
        (["cadeau", "fournisseur", "cadeau"], 3),
        (["avantage"], 1),
        (["emploi", "cadeau", "contrat"], 2),
    ]
    assert sorted(bounded_terms(groups, 10)) == sorted(
        ["cadeau"] * 3
        + ["fournisseur"] * 3
        + ["cadeau"] * 3
        + ["avantage"]
        + ["emploi", "cadeau", "contrat"] * 2
    )
    assert sorted(bounded_terms(groups, 3)) == sorted(
        ["cadeau"] * 6 + ["fournisseur"] * 3 + ["avantage"] + ["cadeau"] * 2
    )


def test_fit_keeps_a_text_that_fits_and_cuts_a_longer_one_after_a_word() -> None:
    assert fit("deux mots", 5, _count_words) == "deux mots"
    assert fit("un deux trois quatre cinq", 3, _count_words) == "un deux trois"
    assert fit("un deux", 0, _count_words) == ""


def test_fit_cuts_inside_a_first_word_that_alone_is_too_long() -> None:
    assert fit("x" * 50 + " y", 10, len) == "x" * 10


def test_text_past_the_budgets_changes_nothing_in_the_ranking(advisor: Advisor) -> None:
    """A follow-up's context beyond the term and token budgets is not read: the same hits, the same
    scores, whatever follows. Without the budgets the extra words would weigh on both signals."""
    config = advisor.config
    words = _law_words(advisor, 400)
    context = " ".join(words[:150])
    known = set(tokens(f"{QUESTION} {context}", "fr"))  # more of these would weigh them more
    more = " ".join([w for w in words[150:] if not set(tokens(w, "fr")) & known][:30])
    assert len(set(tokens(context, "fr"))) > config.max_query_terms
    assert advisor.searcher.encoder.query_tokens(context) > config.max_query_tokens
    assert len(f"{context} {more}") <= config.max_question_chars  # the context is read that far
    within = advisor.search(QUESTION, k=10, context=context)
    beyond = advisor.search(QUESTION, k=10, context=f"{context} {more}")
    assert beyond == within


def test_an_ordinary_follow_up_is_searched_whole(advisor: Advisor) -> None:
    """Within the budgets nothing is cut: the context still moves the ranking."""
    plain = advisor.search("et si la valeur est inférieure à 200 $ ?", k=5)
    followed = advisor.search(
        "et si la valeur est inférieure à 200 $ ?", k=5, context="Un fournisseur m'offre un cadeau."
    )
    assert followed != plain
