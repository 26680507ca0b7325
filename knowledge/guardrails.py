"""Pure checks made before and after search: decisional independence, question validity.

Members of administrative tribunals must decide their cases alone. A question asking how to
decide, rule on or weigh the evidence of a specific case is declined, whatever the language mix;
questions about their own ethics or process (recusal, bias, outside activities) are answered.
"""

from __future__ import annotations

import re

from knowledge.errors import InvalidQuestion
from knowledge.search.hybrid import Scope
from knowledge.text import fold, normalise, words

# Asking for the decision itself, in French or English (accents folded, so patterns have none).
_EVIDENCE = r"(?:evidence|exhibits?|testimon(?:y|ies)|proof|expert|report|documents?|credibility|preuves?|pieces?|temoignages?|rapport|expertise|credibilite)"
_PARTY = (
    r"(?:appellant|applicant|complainant|claimant|grievor|respondent|offender|employer|union|party|parties|"
    r"demandeur|demanderesse|plaignante?|appelante?|intimee?|employeur|syndicat|partie|parties|fonctionnaire|"
    r"delinquant|detenu)"
)
_STRONG = [
    # how should I decide / rule / find …
    r"\bhow (?:should|do|would|could|can|must|shall) (?:i|we) (?:decide|rule|adjudicate|determine the outcome)\b",
    r"\b(?:should|must|do|would|can) (?:i|we) (?:rule|decide|find) (?:for|against|in favou?r|that|whether|on)\b",
    r"\b(?:weigh|weight|assess|evaluate|appreciate)(?:ing)?\b.{0,40}\b" + _EVIDENCE + r"\b",
    r"\bhow much weight\b",
    r"\b(?:should|do|can|must|would) (?:i|we) (?:believe|trust|accept|reject|disregard|exclude|admit|allow) (?:[a-z-]+ ){0,4}"
    + _EVIDENCE
    + r"\b",
    r"\bcredib(?:le|ility)\b.{0,40}\b" + _PARTY + r"|\b" + _PARTY + r"\b.{0,60}\bcredib(?:le|ility)\b",
    r"\b(?:who|which party) (?:should|will|would) (?:win|prevail|succeed)\b",
    r"\b(?:what|which) (?:decision|ruling|outcome|remedy|sanction|penalty) (?:should|must|would|do) (?:i|we)\b",
    r"\b(?:outcome|merits) of (?:the|this|my|a) (?:case|appeal|complaint|grievance|hearing|file|matter|dispute)",
    # comment trancher / statuer / décider …
    r"\b(?:trancher|statuer|decider|me prononcer|rendre ma decision|rendre une decision)\b.{0,40}\b(?:en faveur|contre|sur (?:le|la|l|ce|cette) (?:dossier|affaire|litige|demande|plainte|grief|appel|requete|objection)|du dossier|de l affaire|de la demande|de la plainte|du grief|de l appel|du litige)",
    r"\bcomment (?:devrais-je|dois-je|pourrais-je|je devrais|je dois) (?:trancher|statuer|decider|me prononcer)\b",
    r"\bcomment (?:trancher|statuer|decider)\b",
    r"\b(?:apprecier|evaluer|soupeser|ponderer|peser|analyser)\b.{0,40}\b" + _EVIDENCE + r"\b",
    r"\bquel poids\b",
    r"\b" + _PARTY + r"\b.{0,60}\b(?:credible|croire|fiable|ment)\b|\bcredibilite\b.{0,40}\b" + _PARTY,
    r"\b(?:croire|ecarter|retenir|accepter|exclure|admettre|recevoir|rejeter)\b (?:[a-z-]+ ){0,4}"
    + _EVIDENCE
    + r"\b",
    r"\b(?:donner raison|accueillir|rejeter|faire droit|accorder gain de cause)\b.{0,30}\b(?:"
    + _PARTY[3:-1]
    + r"|grief|plainte|appel|demande|requete)",
    r"\b(?:quelle|quel) (?:decision|issue|sanction|reparation|mesure) (?:devrais-je|dois-je|je devrais|je dois|faut-il|me recommandez-vous|recommandez-vous)\b",
    r"\b(?:qui|quelle partie) (?:devrait|va|doit) (?:gagner|l emporter|avoir gain de cause)\b",
]
# Verbs of deciding that are also verbs of ethics (« accepter un cadeau »): they count only when
# the question is not about the member's own ethics.
_WEAK = [
    r"\b(?:should|must|do|would|shall) (?:i|we) (?:grant|deny|dismiss|allow|uphold|reject|quash|overturn|award|order|release|refuse|revoke|suspend|cancel)\b",
    r"\b(?:devrais-je|dois-je|je devrais|je dois|faut-il) (?:accorder|refuser|rejeter|accueillir|annuler|ordonner|liberer|revoquer|suspendre)\b",
]
# An adjudicator speaking of a matter before them, and asking what to do in it.
_ADJUDICATING = re.compile(
    r"\b(?:i m hearing|i am hearing|i m deciding|i am deciding|i sit on|i m on (?:a|the) [a-z ]{0,20}panel|"
    r"before me|in front of me|my (?:hearing|file|case|panel)|(?:board|tribunal|panel|division) member|member of the [a-z ]{0,40}"
    r"(?:board|tribunal|division|commission)|presiding|je siege|j entends|je suis saisie?|dont je suis saisie?|devant moi|"
    r"(?:que|qu) j (?:entends|instruis|preside)|je preside|mon (?:audience|dossier)|je suis (?:membre|commissaire|decideur|"
    r"decideuse|arbitre|vice-president|president) (?:a|au|de|du|d)\b|au tribunal|a la (?:commission|section|division)|"
    r"at the (?:tribunal|board)|on the (?:tribunal|board|panel)|membre (?:du|de la|d un|d une) (?:tribunal|commission|section|division|formation)|j ai (?:un|une) (?:grief|dossier|appel|plainte|affaire))"
)
_ASKING_WHAT_TO_DO = re.compile(
    r"\b(?:should (?:i|we)|shall (?:i|we)|must (?:i|we)|do (?:i|we) (?:grant|find|accept|allow|dismiss|order|award|believe)|"
    r"would you|what s the right call|right call|how much (?:should|do|would)|which (?:one|report|version|witness|expert)|"
    r"devrais-je|je devrais|dois-je|je dois|est-ce que je (?:dois|devrais)|devrions-nous|on devrait|faut-il|lequel|laquelle|"
    r"combien (?:je|devrais|dois|accorder)|tu en penses quoi|t en penses quoi|vous en pensez quoi|thoughts)\b"
)
_STRONG_RE = [re.compile(p) for p in _STRONG]
_RECUSAL = re.compile(r"\b(?:recus\w*|apprehension of bias|crainte (?:raisonnable )?de partialite)")
_WEAK_RE = [re.compile(p) for p in _WEAK]
_OWN_ETHICS = re.compile(
    r"\b(?:gifts?|cadeaux?|invitations?|hospitality|tickets?|billets?|recus\w*|conflicts?|conflits?|"
    r"interets?|interests?|job|emploi|offre d emploi|employment offer|lobby\w*|ethics|ethique|bias|partialite|"
    r"my union|mon syndicat|union membership|member of (?:a|my|the) union|membre (?:de|du|d un) (?:mon )?syndicat|"
    r"recuse|me retirer|withdraw|step aside|testify|temoigner|subpoena\w*|assignation|board of directors|conseil d administration|(?:au|le|du|un|d un|mon) ca|"
    r"resign|demissionner|my term|mon mandat|political|politique|candidat\w*|declare|declarer|disclose|divulguer|"
    r"outside activit\w*|activites? exterieures?|consulting|consultation privee|arbitre prive|private arbitrat\w*)\b"
)
# The pending matter: without it, « comment décider si je dois me récuser » is an ethics question.
_CASE = re.compile(
    r"\b(?:case|appeal|hearing|complaint|grievance|file|matter|dispute|evidence|testimony|witness|party|parties|"
    r"applicant|appellant|complainant|claimant|grievor|respondent|before me|pending|parole|offender|"
    r"dossier|affaire|appel|audience|plainte|grief|litige|preuve|temoin|temoignage|partie|parties|demandeur|"
    r"demanderesse|plaignant|plaignante|appelant|appelante|intime|devant moi|en cours|instance|requete|decision|"
    r"prestations|liberation)s?\b"
)


def asks_for_merits(question: str) -> bool:
    """True when the question asks the bot how to decide, rule on, or weigh the evidence of a case."""
    text = fold(normalise(question)).replace("'", " ")
    adjudicating = _ADJUDICATING.search(text)
    if not (adjudicating or _CASE.search(text)):
        return False
    if _RECUSAL.search(text):
        return False  # deciding whether to sit at all is the member's own ethics, which we help with
    if any(p.search(text) for p in _STRONG_RE):
        return True
    if _OWN_ETHICS.search(text):
        return False
    return any(p.search(text) for p in _WEAK_RE) or bool(adjudicating and _ASKING_WHAT_TO_DO.search(text))


def check_question(question: str, max_chars: int) -> str:
    """The question, normalised, or InvalidQuestion with a code the edges localise."""
    text = normalise(question or "")
    if not text:
        raise InvalidQuestion("empty")
    if len(text) > max_chars:
        raise InvalidQuestion("too_long", limit=max_chars)
    if not words(text):
        raise InvalidQuestion("no_words")
    return text


def off_topic(scope: Scope, referenced: bool, min_margin: float) -> bool:
    """The corpus does not answer: the question sits nearer to questions it does not answer
    (travel, leave, pay…) than to the FAQ bank. An explicit citation is always in scope."""
    return not referenced and scope["off_topic"] > 0 and scope["faq"] - scope["off_topic"] < min_margin


def merits_by_neighbours(scope: Scope, min_margin: float) -> bool:
    """Nearer to questions asking how to decide a case than to any question we answer — the FAQ and
    adjudicators' questions about their own ethics. Catches phrasings the patterns do not know."""
    return scope["merits"] > 0 and scope["merits"] - max(scope["faq"], scope["own_ethics"]) > min_margin
