"""The engine’s own sentences, in French and English. The answer is always in the question’s language.

Held like every catalogue of the project (bot/i18n, cases/i18n): key first, then "fr" (the default)
and "en", with `str.format` placeholders; tests/test_catalogues.py checks both languages are there.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "according_to": {
        "fr": "{citation} :",
        "en": "{citation}:",
    },
    "part_heading": {
        "fr": "{label} — {citation} :",
        "en": "{label} — {citation}:",
    },
    "part.condition": {
        "fr": "Condition",
        "en": "Condition",
    },
    "part.exception": {
        "fr": "Exception",
        "en": "Exception",
    },
    "part.deadline": {
        "fr": "Délai",
        "en": "Deadline",
    },
    "part.list": {
        "fr": "Liste",
        "en": "List",
    },
    "part.see_also": {
        "fr": "Voir aussi",
        "en": "See also",
    },
    "part.rule": {
        "fr": "Règle",
        "en": "Rule",
    },
    "see_also": {
        "fr": "Voir aussi : {citations}.",
        "en": "See also: {citations}.",
    },
    "not_advice": {
        "fr": "Extrait cité du corpus, qui n’est pas la version officielle des lois ; ce n’est pas un avis. Pour votre situation, un conseiller du secrétariat peut vous répondre.",
        "en": "Quoted from the corpus, which is not the official version of the laws; this is not advice. For your situation, an advisor of the secretariat can answer you.",
    },
    "abstain": {
        "fr": "Le corpus indexé ne contient pas de disposition qui réponde à cette question. Je préfère ne rien inventer : posez-la à un conseiller du secrétariat, qui pourra ouvrir un dossier.",
        "en": "The indexed corpus has no provision that answers this question. Rather than guess, ask an advisor of the secretariat, who can open a case.",
    },
    "refuse": {
        "fr": "Je ne peux pas vous conseiller sur la façon de trancher une affaire dont vous êtes saisi : votre indépendance décisionnelle exige que la décision sur le fond vous appartienne entièrement. Le secrétariat peut en revanche vous aider sur l’éthique, les conflits d’intérêts, la récusation et les questions de procédure, y compris de façon confidentielle.",
        "en": "I cannot advise you on how to decide a matter before you: your decisional independence requires that the decision on the merits be yours alone. The secretariat can help with ethics, conflicts of interest, recusal and process questions, confidentially if you wish.",
    },
    "not_held": {
        "fr": "« {named} » ne fait pas partie des textes que j’ai indexés : je ne peux pas en citer les règles, et je ne réponds pas à sa place à partir d’un autre texte. Un conseiller du secrétariat peut vous répondre et ouvrir un dossier.",
        "en": "“{named}” is not among the texts I have indexed: I cannot quote its rules, and I will not answer in its place from another text. An advisor of the secretariat can answer you and open a case.",
    },
    "not_held_office": {
        "fr": "Les textes que j’ai indexés ne comprennent pas les règles qui s’appliquent à votre situation (« {named} ») : je ne réponds pas à partir d’autres textes. Un conseiller du secrétariat peut vous répondre et ouvrir un dossier.",
        "en": "The texts I have indexed do not include the rules that apply to your situation (“{named}”): I will not answer from other texts. An advisor of the secretariat can answer you and open a case.",
    },
    "unsupported": {
        "fr": "Je réponds en français ou en anglais seulement ; voici ma réponse en français.",
        "en": "I answer in French or English only; here is my answer in English.",
    },
    "and": {
        "fr": " ; ",
        "en": "; ",
    },
    "invalid.empty": {
        "fr": "La question est vide. Écrivez votre question en français ou en anglais.",
        "en": "The question is empty. Write your question in French or English.",
    },
    "invalid.too_long": {
        "fr": "La question est trop longue (plus de {limit} caractères). Résumez-la, ou ouvrez un dossier auprès d’un conseiller pour une situation détaillée.",
        "en": "The question is too long (over {limit} characters). Summarise it, or open a case with an advisor for a detailed situation.",
    },
    "invalid.no_words": {
        "fr": "Je ne trouve aucun mot dans cette question. Écrivez-la en français ou en anglais.",
        "en": "I cannot find any words in this question. Write it in French or English.",
    },
    "index_missing": {
        "fr": "Aucun index n’est disponible. Construisez-le avec : ses index build",
        "en": "No index is available. Build it with: ses index build",
    },
    "index_corrupt": {
        "fr": "L’index est illisible ou incomplet. Reconstruisez-le avec : ses index build",
        "en": "The index is unreadable or incomplete. Rebuild it with: ses index build",
    },
}


def message(key: str, lang: str, **values: object) -> str:
    """The sentence `key` in `lang` (French for any other language), formatted with `values`."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["fr"]).format(**values)
