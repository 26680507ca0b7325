from knowledge.text import fold, tokens, words


def test_french_elisions_and_accents_fold_to_the_same_stem() -> None:
    assert tokens("l'employeur", "fr") == tokens("employeur", "fr")
    assert tokens("d’intérêts", "fr") == tokens("interets", "fr")
    assert tokens("Conflits d'intérêts", "fr") == tokens("conflits interets", "fr")


def test_section_numbers_survive_tokenisation() -> None:
    assert "10.11" in tokens("section 10.11 of the Lobbying Act", "en")
    assert "27" in tokens("article 27", "fr")


def test_stopwords_are_dropped_but_words_keeps_them() -> None:
    assert "le" not in tokens("le cadeau", "fr")
    assert words("Le cadeau") == ["le", "cadeau"]
    assert fold("Élévation") == "elevation"
