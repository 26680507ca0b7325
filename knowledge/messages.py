"""The engine's own sentences, in French and English. The answer is always in the question's language."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "according_to": "{citation} :",
        "see_also": "Voir aussi : {citations}.",
        "not_advice": "Extrait cité du corpus, qui n’est pas la version officielle des lois ; ce n’est pas un avis. "
        "Pour votre situation, un conseiller du secrétariat peut vous répondre.",
        "abstain": "Le corpus indexé ne contient pas de disposition qui réponde à cette question. "
        "Je préfère ne rien inventer : posez-la à un conseiller du secrétariat, qui pourra ouvrir un dossier.",
        "refuse": "Je ne peux pas vous conseiller sur la façon de trancher une affaire dont vous êtes saisi : "
        "votre indépendance décisionnelle exige que la décision sur le fond vous appartienne entièrement. "
        "Le secrétariat peut en revanche vous aider sur l’éthique, les conflits d’intérêts, la récusation "
        "et les questions de procédure, y compris de façon confidentielle.",
        "not_held": "« {named} » ne fait pas partie des textes que j’ai indexés : je ne peux pas en citer les règles, "
        "et je ne réponds pas à sa place à partir d’un autre texte. Un conseiller du secrétariat peut vous répondre "
        "et ouvrir un dossier.",
        "not_held_office": "Les textes que j’ai indexés ne comprennent pas les règles qui s’appliquent à votre "
        "situation (« {named} ») : je ne réponds pas à partir d’autres textes. Un conseiller du secrétariat peut "
        "vous répondre et ouvrir un dossier.",
        "unsupported": "Je réponds en français ou en anglais seulement ; voici ma réponse en français.",
        "and": " ; ",
        "invalid.empty": "La question est vide. Écrivez votre question en français ou en anglais.",
        "invalid.too_long": "La question est trop longue (plus de {limit} caractères). Résumez-la, ou ouvrez un dossier "
        "auprès d’un conseiller pour une situation détaillée.",
        "invalid.no_words": "Je ne trouve aucun mot dans cette question. Écrivez-la en français ou en anglais.",
        "index_missing": "Aucun index n’est disponible. Construisez-le avec : ses index build",
        "index_corrupt": "L’index est illisible ou incomplet. Reconstruisez-le avec : ses index build",
    },
    "en": {
        "according_to": "{citation}:",
        "see_also": "See also: {citations}.",
        "not_advice": "Quoted from the corpus, which is not the official version of the laws; this is not advice. "
        "For your situation, an advisor of the secretariat can answer you.",
        "abstain": "The indexed corpus has no provision that answers this question. "
        "Rather than guess, ask an advisor of the secretariat, who can open a case.",
        "refuse": "I cannot advise you on how to decide a matter before you: your decisional independence "
        "requires that the decision on the merits be yours alone. The secretariat can help with ethics, "
        "conflicts of interest, recusal and process questions, confidentially if you wish.",
        "not_held": "“{named}” is not among the texts I have indexed: I cannot quote its rules, and I will not "
        "answer in its place from another text. An advisor of the secretariat can answer you and open a case.",
        "not_held_office": "The texts I have indexed do not include the rules that apply to your situation "
        "(“{named}”): I will not answer from other texts. An advisor of the secretariat can answer you and "
        "open a case.",
        "unsupported": "I answer in French or English only; here is my answer in English.",
        "and": "; ",
        "invalid.empty": "The question is empty. Write your question in French or English.",
        "invalid.too_long": "The question is too long (over {limit} characters). Summarise it, or open a case with "
        "an advisor for a detailed situation.",
        "invalid.no_words": "I cannot find any words in this question. Write it in French or English.",
        "index_missing": "No index is available. Build it with: ses index build",
        "index_corrupt": "The index is unreadable or incomplete. Rebuild it with: ses index build",
    },
}


def message(key: str, lang: str, **values: object) -> str:
    table = MESSAGES.get(lang, MESSAGES["fr"])
    return table[key].format(**values)
