from knowledge.lexicon import Lexicon

TSV = "lang\teveryday\tlaw_terms\nfr\tbillet|billets|souper\tcadeau avantage\nen\tbrother-in-law\trelative\nfr\tl'employeur actuel\temployeur\n"


def test_everyday_words_expand_to_law_terms_in_the_same_language_only() -> None:
    lexicon = Lexicon.parse(TSV)
    assert lexicon.expand("Deux BILLETS pour un match ?", "fr") == "cadeau avantage"
    assert lexicon.expand("Deux billets pour un match ?", "en") == ""
    assert lexicon.expand("my brother-in-law's company", "en") == "relative"


def test_triggers_match_whole_words_with_elisions_and_accents_folded() -> None:
    lexicon = Lexicon.parse(TSV)
    assert lexicon.expand("les billetteries", "fr") == ""
    assert lexicon.expand("chez l’employeur actuel", "fr") == "employeur"
