"""Which language a question is in: French and English are answered, others are told so."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from knowledge.text import STOPWORDS, words

SUPPORTED = ("fr", "en")
_MIN_WORDS_FOR_FOREIGN = 4  # below this, lingua guesses; a short query is taken as French or English
_CANDIDATES = (
    Language.FRENCH,
    Language.ENGLISH,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.ITALIAN,
    Language.GERMAN,
)


@dataclass(frozen=True)
class Detected:
    lang: str  # the language to answer in: "fr" or "en"
    detected: str  # ISO 639-1 code of what was detected, e.g. "es"

    @property
    def supported(self) -> bool:
        return self.detected in SUPPORTED


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CANDIDATES).with_preloaded_language_models().build()


def _iso(language: Language) -> str:
    code: IsoCode639_1 = language.iso_code_639_1
    return str(code.name).lower()


def detect(text: str, default: str = "fr") -> Detected:
    """Detect the question's language; French unless the text is clearly something else.

    Mixed French/English questions go to whichever of the two is more likely. Short texts
    (« LCI art 27 ») are never declared foreign: lingua only guesses on a few words.
    """
    found = words(text)
    if not found:
        return Detected(default, default)
    confidences = _detector().compute_language_confidence_values(text)
    best = _iso(confidences[0].language)
    if best in SUPPORTED:
        return Detected(best, best)
    hinted = _stopword_lang(text)
    by_code = {_iso(c.language): c.value for c in confidences}
    ours = max(SUPPORTED, key=lambda code: by_code.get(code, 0.0))
    if len(found) < _MIN_WORDS_FOR_FOREIGN:
        lang = hinted or (ours if by_code.get(ours, 0.0) > 0.1 else default)
        return Detected(lang, lang)
    if confidences[0].value >= 0.6:
        return Detected(default, best)
    if hinted is not None:
        return Detected(hinted, hinted)
    if by_code.get(ours, 0.0) > 0.25:
        return Detected(ours, ours)
    return Detected(default, best)


def _stopword_lang(text: str) -> str | None:
    tally = {lang: sum(w in STOPWORDS[lang] for w in words(text)) for lang in SUPPORTED}
    top = max(tally, key=lambda lang: tally[lang])
    others = [v for k, v in tally.items() if k != top]
    return top if tally[top] >= 2 and tally[top] > 2 * max(others) else None
