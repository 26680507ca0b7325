"""Text normalisation for keyword search: accent folding, French elisions, stemming, language detection."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*")
_STEMMERS = {"fr": "french", "en": "english"}

STOPWORDS = {
    "fr": frozenset(
        """a au aux avec ce ces cet cette dans de des du elle en et etre eux il ils je la le les leur
        leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses
        son sur ta te tes toi ton tu un une vos votre vous y est sont ai as avons avez ont etais etait
        suis es sommes etes sera seront serait ceci cela ca si tout tous toute toutes plus moins tres
        bien alors donc puis peut peux pouvons pouvez peuvent dois doit devons devez doivent faire fait
        quoi quel quelle quels quelles comment quand combien est-ce estce dont ou-est y-a il-y-a avoir
        etre cas lors selon sans sous entre chez vers afin ainsi aussi autre autres apres avant deja
        encore toujours jamais rien quelque chose mon mes ma notre nos son ses leur""".split()
    ),
    "en": frozenset(
        """a an and are as at be been being but by can could did do does doing for from had has have
        having he her hers him his how i if in into is it its itself me my myself no nor not of on or
        our ours out over own she should so some such than that the their theirs them then there these
        they this those to too under until up very was we were what when where which while who whom why
        will with would you your yours am any all also just may might must shall about after again
        against before below between both during each few further here more most off once only other
        same through above down s t don now get got thing things""".split()
    ),
}


def normalise(text: str) -> str:
    """NFKC, typographic apostrophes made straight, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Lowercase without accents: « intérêts » and « interets » are the same word to BM25."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS[lang])


def words(text: str) -> list[str]:
    """Folded words, elisions removed (« l'employeur » → « employeur »), stopwords kept."""
    return _TOKEN.findall(fold(_ELISION.sub("", normalise(text))))


def tokens(text: str, lang: str) -> list[str]:
    """Folded, stemmed content words for BM25 in one language."""
    stop = STOPWORDS[lang]
    kept = [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]
    return [str(t) for t in _stemmer(lang).stemWords(kept)]
