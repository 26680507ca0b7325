"""Pure checks made before and after search: decisional independence, texts the index does not hold,
questions the corpus does not answer, question validity.

Members of administrative tribunals must decide their cases alone. A question asking how to
decide, rule on or weigh the evidence of a specific case is declined, whatever the language mix;
questions about their own ethics or process (recusal, bias, outside activities) are answered.
Patterns read the question's wording; the topic classifier (`knowledge.scope`) reads its meaning;
each catches what the other misses, and each has its contrast (own ethics, "answered" questions).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from knowledge.catalogue import Resolution
from knowledge.config import SearchConfig
from knowledge.errors import InvalidQuestion
from knowledge.scope import Assessment
from knowledge.text import fold, normalise, words

# Asking for the decision itself, in French or English (accents folded, so patterns have none).
_EVIDENCE = r"(?:evidence|exhibits?|testimon(?:y|ies)|proof|expert|report|documents?|credibility|hearsay|statements?|preuves?|pieces?|temoignages?|rapport|expertise|credibilite|oui-dire|declarations?)"
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
    r"\b(?:who|(?:which|what) (?:[a-z-]+ )?)(?:should|will|would) (?:win|prevail|succeed|carry the day)\b",
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
    r"\b(?:qui|quel(?:le)? [a-z-]+) (?:devrait|va|doit) (?:gagner|l emporter|avoir gain de cause)\b",
    # write the decision: reasons, analysis, findings
    r"\b(?:draft|write|redige|rediger|redigez|ecris|ecrire|ecrivez|prepare)(?: up|-moi|-nous)?\b(?: [a-z-]+){0,5} (?:reasons|motifs|analysis|"
    r"analyse|findings|conclusions)\b",
    r"\b(?:draft|write|redige|rediger|ecris|ecrire)(?: up|-moi|-nous)?\b(?: [a-z-]+){0,4} (?:decision|paragraph|paragraphe|section)\b.{0,80}\b(?:"
    r"dismiss|allow|grant|deny|reject|uphold|rejette|accueille|refuse|accorde|rejeter|accueillir|why i|pourquoi je)",
    # the remedy, sanction or amount to order
    r"\b(?:what|which|quel|quelle|quels|quelles)(?: [a-z-]+){0,2} (?:remedy|remedies|sanction|penalty|penalite|amende|fine|"
    r"award|damages|dommages|quantum|montant|indemnite|compensation|reparations?|mesures? de reparation)\b",
    r"\bquantum\b|\bhow much (?:should|to|do i|would|in damages)\b|\bcombien (?:accorder|ordonner|d indemnite)\b",
    # which reading of a rule to adopt
    r"\b(?:which|what|quelle|quel)(?: [a-z-]+){0,2} (?:reading|interpretation|lecture|construction)\b",
    r"\bhow (?:should|do i|would|to|must)\b(?: [a-z0-9().-]+){0,8} (?:be read|read|interpret|be interpreted|construe|be construed)\b",
    r"\b(?:s interpreter|interpreter|read|interpreted|construed)\b.{0,40}\b(?:strictly|liberally|broadly|narrowly|largement|"
    r"restrictivement|strictement)\b",
    r"\b(?:deux|two) (?:interpretations|lectures|readings)\b",
    r"\bcomment (?:dois-je |devrais-je |je dois |je devrais |faut-il )?(?:interpreter|lire)\b",
    # which account, witness or expert to believe or prefer
    r"\b(?:whose|which) (?:account|story|version|witness|expert|report|opinion|evidence)\b.{0,60}\b(?:believ\w*|credible|"
    r"prefer|carry|carries|accept|trust|rely|more weight|the day)\b",
    r"\b(?:auquel|auxquels|a laquelle|laquelle|lequel)\b.{0,40}\b(?:me fier|croire|je crois|retenir|je retiens|preferer|je prefere|plus plausible|plus credible|"
    r"plus fiable)\b",
    # an inference to draw from the evidence
    r"\b(?:adverse inference|negative inference|inference defavorable|conclusion defavorable|draw an inference|"
    r"tirer une (?:conclusion|inference))\b",
    # the outcome, in so many words
    r"\b(?:grant or deny|allow or dismiss|deny or grant|dismiss or allow|accueillir ou rejeter|accueille ou rejette|"
    r"gain de cause|reinstate\w* or|reintegration ou|terminat\w* or (?:a )?last-chance)\b",
    r"\b(?:should|must|would) (?:the|this|his|her|their) (?:appeal|grievance|complaint|claim|application|motion|request|"
    r"penalty|sanction|fine|suspension|finding)s? be (?:allowed|dismissed|granted|denied|upheld|reduced|overturned|"
    r"set aside|accepted|rejected|excused)\b",
    r"\b(?:appel|grief|plainte|demande|requete|recours|sanction|amende|preuve|expertise|rapport|temoignage|document|piece|"
    r"video|enregistrement)s?(?: [a-z-]+){0,4} (?:devrai(?:t|ent)(?:-(?:il|elle|ils|elles))?|doi(?:t|vent)(?:-(?:il|elle|ils|elles))?) "
    r"(?:etre|pas etre) (?:accueilli|rejete|admis|ecarte|reduit|annule|maintenu|confirme|retenu|exclu)e?s?\b",
    r"\b(?:should|must) (?:the|this|that|his|her|their)(?: [a-z-]+){0,2} (?:evidence|report|testimony|document|video|recording|"
    r"exhibit|statement)s? be (?:admitted|excluded|struck|disregarded|set aside|given weight)\b",
    r"\b(?:help me|aide-moi a|aidez-moi a) (?:decide|rule|choose|decider|trancher|choisir)\b",
    r"\b(?:should|do|would|can) (?:i|we) (?:overturn|substitute|reverse|vary|set aside)\b",
]
# Verbs of deciding that are also verbs of ethics (« accepter un cadeau »): they count only when
# the question is not about the member's own ethics.
_WEAK = [
    r"\b(?:should|must|do|would|shall) (?:i|we) (?:grant|deny|dismiss|allow|uphold|reject|quash|overturn|award|order|release|refuse|revoke|suspend|cancel)\b",
    r"\b(?:devrais-je|dois-je|je devrais|je dois|faut-il) (?:accorder|refuser|rejeter|accueillir|annuler|ordonner|liberer|revoquer|suspendre)\b",
]
# An adjudicator speaking of a matter before them, and asking what to do in it.
_ADJUDICATING = re.compile(
    r"\b(?:i m hearing|i am hearing|i m deciding|i am deciding|i m chairing|i am chairing|i sit on(?! (?:the |a |an )?(?:comite|conseil d administration|conseil|c a|ca|committee|board of directors|selection)\b)|i m on (?:a|the) [a-z -]{0,20}panel|"
    r"before me|in front of me|my (?:hearing|file|case|panel)|(?:board|tribunal|panel|division) member|member of the [a-z ]{0,40}"
    r"(?:board|tribunal|division|commission)|presiding|en delibere|je delibere|(?:i m|i am|we re|we are) deliberating|(?:the |our |my )?panel(?: is|s| s) (?:split|divided)|(?:la |notre )?formation est divisee|under (?:deliberation|reserve)|reserved (?:decision|judgment)|je siege(?! (?:sur|au|a|dans) (?:un |une |le |la |l |the |a |an )?(?:comite|conseil d administration|conseil|c a|ca|committee|board of directors|selection)\b)|j entends|je suis saisie?|dont je suis saisie?|devant moi|"
    r"(?:que|qu) j (?:entends|instruis|preside)|je preside|mon (?:audience|dossier)|je suis (?:membre|commissaire|decideur|"
    r"decideuse|arbitre|vice-president|president) (?:a|au|de|du|d)\b|au tribunal|a la (?:commission|section|division)|"
    r"at the (?:tribunal|board)|on the (?:tribunal|board|panel)|membre (?:du|de la|d un|d une) (?:tribunal|commission|section|division|formation)|j ai (?:un|une) (?:grief|dossier|appel|plainte|affaire)|"
    # deciding a matter now: "the file I'm ruling on", « décision à rendre vendredi », "on my desk"
    r"(?:i m|i am|im|we re|we are) (?:hearing|deciding|adjudicating|presiding|reviewing|ruling|writing|drafting)|"
    r"j (?:accueille|accorde|ordonne)|je (?:rejette|retiens|ecarte|maintiens|ordonne|annule)|i (?:grant|dismiss|uphold|quash)|"
    r"(?:je )?donne(?:r)? gain de cause|rule in (?:favou?r|for) of|"
    r"(?:i|we) (?:have|need|must|ve got|got) to (?:rule|decide|render|issue|write|sign)|i heard|(?:on|in) my (?:desk|docket)|"
    r"my (?:[a-z-]+ ){0,2}(?:decision|reasons|ruling)|je tranche|j instruis|que (?:je|j) (?:tranche|redige|instruis|entends)|"
    r"je dois (?:rendre|statuer|trancher|decider|ecrire|rediger)|decision a rendre|(?:ma|mes) (?:[a-z-]+ ){0,2}(?:decision|motifs)|"
    # a hearing the asker held or a ruling the asker owes
    r"(?:the|yesterday s|today s|this morning s) hearing (?:wrapped|ended|is over|finished|closed)|"
    r"l audience (?:est finie|est terminee|s est terminee|a pris fin)|i heard (?:both|the parties|them|the appeal|the case)|"
    r"j ai entendu (?:les parties|les deux parties|l appel|la cause)|(?:my|the) (?:call|ruling|decision) (?:is )?due|"
    r"(?:the|a) (?:penalty|sanction|fine|remedy) i (?:should|must|will|would|have to) (?:impose|order|award|give)|"
    r"(?:la|une) (?:sanction|penalite|amende) que je (?:dois|vais|devrais) (?:imposer|fixer|infliger)|"
    r"(?:i m|i am) writing it up|je (?:le |la )?redige|je siege seule?|(?:the|this) (?:grievance|appeal|complaint|case|file) is mine to decide|"
    r"(?:board|tribunal|panel) member question|(?:commissaire|membre|member|decideur|decideuse|arbitre) (?:de la |du |de l |a la |au |"
    r"of the |at the |on the )?(?:spr|sar|sai|cisr|irb|iad|rpd|rad|sst|tss|chrt|tcdp|cirb|ccri|fpslreb|crtespf|vrab|tacra|tatc|pbc|"
    r"clcc|citt|tcce)|(?:at|a) the (?:rad|rpd|iad|id|irb|sst|tss))\b"
)
# A matter the asker may only be a party to: « ma plainte », "my hearing", "at the IRB". With words of
# judging (« la preuve suffit-elle ») it is a merits question; with « dois-je » alone, a process one.
_MATTER = re.compile(
    r"\b(?:my (?:(?!of )[a-z-]+ ){0,3}(?:file|appeal|hearing|grievance|complaint|claim|record|arbitration|inquiry)|(?:in|on) this record|"
    r"my pending (?:[a-z-]+ ){0,2}(?:matter|case)|"
    r"(?:mon|ma|mes) (?:(?!d )[a-z-]+ ){0,2}(?:dossier|audience|grief|appel|affaire|plainte|arbitrage|enquete|conclusion|conclusions)|"
    r"(?:at|a|au|aux|devant) (?:the |la |l |le )?(?:irb|iad|rpd|rad|sst|tss|cisr|sai|spr|sar|chrt|tcdp|ccdp|cirb|ccri|fpslreb|"
    r"crtespf|vrab|tacra|tatc|pbc|clcc|citt|tcce|board|tribunal|commission|section|division))\b"
)
_ASKING_WHAT_TO_DO = re.compile(
    r"\b(?:should (?:i|we)|shall (?:i|we)|must (?:i|we)|do (?:i|we) (?:grant|find|accept|allow|dismiss|order|award|believe|let|admit|exclude|extend|reinstate)|"
    r"would you|what s the right call|right call|how much (?:should|do|would)|which (?:one|report|version|witness|expert|side|party|position|view|account)|quel(?:le)? (?:position|partie|these|cote)|"
    r"devrais-je|je devrais|dois-je|je dois|est-ce que je (?:dois|devrais)|devrions-nous|on devrait|faut-il|lequel|laquelle|"
    r"combien (?:je|devrais|dois|accorder)|tu en penses quoi|t en penses quoi|vous en pensez quoi|thoughts|"
    r"qu en penses-tu|qu en pensez-vous|tu penses que|vous pensez que|gut check|what would you do|would you|your call|"
    r"help me (?:decide|choose|rule|build|make|argue|justify)|(?:aide-moi|aidez-moi|m aider|nous aider) a (?:decider|trancher|"
    r"choisir|justifier)|or not|ou pas|ou non)\b"
)
# Judging the case before the member: is a sanction proportionate, is proof enough, is a party right…
_EVALUATION = re.compile(
    r"\b(?:proportion\w*|disproportion\w*|excessi\w*|demesure\w*|too (?:harsh|severe|lenient|high|low|much|little)|"
    r"trop (?:severe|clemente?|elevee?|faible|lourde?)|justifi\w*|warranted|unwarranted|well-founded|bien fonde\w*|"
    r"suffi\w*|enough|merite\w*|deserv\w*|fonder (?:ma|la|une) (?:conclusion|decision)|support (?:a|my|the) (?:finding|conclusion)|assez|solide|credib\w*|believ\w*|plausib\w*|vraisemblab\w*|truthful|telling the truth|dit vrai|"
    r"lying|ment|fiable|reliab\w*|admissib\w*|recevab\w*|mitigat\w*|attenu\w*|reasonable|raisonnable|acceptable|"
    r"correct|is (?:she|he|they) right|a-t-(?:il|elle) raison|good cause|just cause|motif valable|"
    r"burden|fardeau|balance of probabilit\w*|count as|compte comme|authenti\w*|genuine|bona fide|"
    r"avec raison|well-founded fear|crainte fondee|objectively|objectivement|"
    r"prouve\w*|proven|proved|establish\w*|etabli\w*|demontre\w*|oui ou non|yes or no|"
    r"selon (?:toi|vous)|d apres (?:toi|vous)|(?:ton|votre) avis|your (?:view|opinion|take)|what do you think|"
    r"be (?:admitted|accepted|excluded|allowed|granted|dismissed|reduced|increased|upheld|set aside|quashed|believed)|"
    r"(?:accueill|accord|rejet|admet|exclu|maint|retien|ecart|grant|allow|dismiss|admit|exclude|uphold|extend|proroge|"
    r"certif|reinstat|reintegr)\w*\b.{0,60}\b(?:or not|ou pas|ou non))\b"
)
# Who holds an office now, who was appointed: news the texts never carry.
_NEWS = re.compile(
    r"(?:^|[.?!:]\s*)(?:who s|who is|who was|who will be|qui est|c est qui|qui sera|qui remplace|who replaces|"
    r"who s replacing|who is replacing)\s+(?:the |le |la |l |our |notre )?(?:new|current|next|nouveau|nouvelle|actuel|"
    r"actuelle|prochain|prochaine)\b|\b(?:who|qui)\s+(?:was|has been|got|a ete|sera)\s+(?:appointed|named|picked|chosen|"
    r"nomme|nommee|choisi|choisie)\b|\b(?:a-t-(?:il|elle)|ont-ils)\s+ete\s+(?:nomme|nommee|renomme|renommee|reconduit|"
    r"reconduite|renouvele)|\bhas (?:anyone|someone|the government) (?:been )?(?:named|appointed|picked|announced)"
)
# What a decision orders: with the classifier's merits probability, naming it is asking for it.
_OUTCOME = re.compile(
    r"\b(?:remed(?:y|ies)|reinstat\w*|reintegr\w*|reparations?|damages|dommages|quantum|award|indemnit\w*|"
    r"sanctions?|penalt(?:y|ies)|penalites?|amendes?|fine|suspension|revocation|certification|"
    r"allow(?:ed)?|dismiss(?:ed)?|grant(?:ed)?|deny|denied|uphold|upheld|accueilli\w*|rejet\w*|"
    r"l issue|outcome|l emporter|prevail|gagner (?:sa|leur) cause|win (?:the|their|his|her) case)\b"
)
# « font affaire avec nous » is doing business, not a case.
_BUSINESS = re.compile(r"\b(?:font|fait|faire|faisant|fais) affaires?\b")
# Ethics phrases that borrow the words of judging: « crainte raisonnable de partialité », "reasonably be seen".
_NOT_JUDGING = re.compile(
    r"\b(?:reasonabl[ey] (?:apprehension|be seen|seen)|crainte raisonnable|raisonnablement)\b"
)
_STRONG_RE = [re.compile(p) for p in _STRONG]
_RECUSAL = re.compile(r"\b(?:recus\w*|apprehension of bias|crainte (?:raisonnable )?de partialite)")
_WEAK_RE = [re.compile(p) for p in _WEAK]
_OWN_ETHICS = re.compile(
    r"\b(?:gifts?|cadeaux?|invitations?|hospitality|tickets?|billets?(?! (?:medica|du medecin|de medecin))|recus\w*|conflicts?|conflits?|"
    r"conflicts? of interests?|conflits? d interets?|private interests?|interets? personnels?|"
    r"job offers?|offres? d emploi|employment offers?|new job|nouvel emploi|post-employment|apres-mandat|"
    r"lobby\w*|ethics|ethique|bias|partialite|"
    r"my union|mon syndicat|union membership|member of (?:a|my|the) union|membre (?:de|du|d un) (?:mon )?syndicat|"
    r"recuse|me retirer|withdraw|step aside|testify|temoigner|subpoena\w*|assignation|board of directors|conseil d administration|(?:au|le|du|un|d un|mon) ca|"
    r"resign|demissionner|my term|mon mandat|political|politique|candidat\w*|"
    # the member's own duties, independence, and whom to tell
    r"(?:my|mes) (?:obligations|duties|devoirs)|independance|independence|a qui|to whom|who (?:do|should) i (?:tell|report|notify|contact)|"
    r"comment (?:dois-je|devrais-je) reagir|how (?:should|do) i (?:react|respond)|"
    r"(?:do|must|should) i (?:declare|disclose)|(?:dois-je|je dois) (?:le |la |les )?(?:declarer|divulguer)|"
    r"outside activit\w*|activites? exterieures?|consulting|consultation privee|arbitre prive|private arbitrat\w*|"
    # the member's own interests, or someone close to them, in the matter: a conflict of interest
    r"(?:my|mes) (?:shares|stocks|actions|placements|investments)|i (?:own|hold) (?:shares|stocks)|"
    r"(?:j ai|je detiens) des (?:actions|placements)|"
    r"beau-frere|belle-soeur|soeur|frere|cousine?|neveu|niece|conjointe?|epouse?|mari|fils|fille|"
    r"brother|sister|in-law|cousin|nephew|niece|spouse|husband|wife|daughter|"
    r"former (?:client|partner|firm|employer|colleague)|ancien(?:ne)? (?:client|associe|cabinet|employeur|collegue)|ex-client|"
    # someone the member knows appears before them: friends, neighbours, acquaintances
    r"(?:ami(?:e|s|es)?|friends?|voisine?s?|neighbou?rs?)\b.{0,60}\b(?:compar\w*|appear\w*|represent\w*|partie|parties|"
    r"party|temoin|witness|plaid\w*|devant moi|before me)|(?:je connais|i know|i m friends with) (?:bien |personally |"
    r"personnellement )?(?:l une des parties|one of the parties|the (?:applicant|appellant|complainant|witness|party|grievor|"
    r"respondent)|la partie|le temoin|l appelante?|la plaignante|le plaignant))\b"
)
# The pending matter: without it, « comment décider si je dois me récuser » is an ethics question.
_CASE = re.compile(
    r"\b(?:case|appeal|hearing|complaint|grievance|file|matter|dispute|evidence|testimony|witness|party|parties|"
    r"applicant|appellant|complainant|claimant|grievor|respondent|before me|pending|parole|offender|"
    r"dossier|affaire|appel|audience|plainte|grief|litige|preuve|temoin|temoignage|partie|parties|demandeur|"
    r"demanderesse|plaignant|plaignante|appelant|appelante|intime|devant moi|en cours|instance|requete|decision|"
    r"prestations|liberation)s?\b"
)


@dataclass(frozen=True)
class Reading:
    """What the wording of a question says about who asks and what for."""

    merits: bool  # the patterns see a request to decide, weigh or draft
    adjudicating: bool  # the asker decides a matter, or speaks of a case before a tribunal
    deciding: bool  # it asks what to do, how to judge something, or names an outcome (« dois-je », "reinstatement?")
    own_ethics: bool  # the asker's own obligations: recusal, gifts, interests, relatives, activities
    news: bool = False  # who holds an office now, who was appointed
    matter: bool = False  # it speaks of a case, a hearing, a witness, evidence, a party


def read(question: str) -> Reading:
    text = _BUSINESS.sub("commerce", fold(normalise(question)).replace("'", " "))
    adjudicating = bool(_ADJUDICATING.search(text) or _MATTER.search(text))
    deciding = bool(
        _ASKING_WHAT_TO_DO.search(text)
        or _EVALUATION.search(_NOT_JUDGING.sub(" ", text))
        or _OUTCOME.search(text)
    )
    own_ethics = bool(_RECUSAL.search(text) or _OWN_ETHICS.search(text))
    return Reading(
        _asks_for_merits(text),
        adjudicating,
        deciding,
        own_ethics,
        bool(_NEWS.search(text)),
        bool(_CASE.search(text)),
    )


def asks_for_merits(question: str) -> bool:
    """True when the question asks the bot how to decide, rule on, or weigh the evidence of a case."""
    return read(question).merits


def _asks_for_merits(text: str) -> bool:
    adjudicating = _ADJUDICATING.search(text)
    if not (adjudicating or _CASE.search(text)):
        return False
    if _RECUSAL.search(text):
        return False  # deciding whether to sit at all is the member's own ethics, which we help with
    if any(p.search(text) for p in _STRONG_RE):
        return True
    if _OWN_ETHICS.search(text):
        return False
    if any(p.search(text) for p in _WEAK_RE):
        return True
    judging = _EVALUATION.search(_NOT_JUDGING.sub(" ", text))
    return bool(judging and (adjudicating or _MATTER.search(text)))


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


MERITS, NOT_HELD, OFF_TOPIC = "merits", "not_held", "off_topic"
NO_EVIDENCE = -math.inf


@dataclass(frozen=True)
class Signals:
    """Everything the gate looks at for one question, computed once (`Advisor.signals`)."""

    reading: Reading
    assessment: Assessment | None  # None: the version has no off-topic bank
    named: Resolution  # texts the question names, held or not
    referenced: bool  # it cites a section the index has (« art. 27 de la LCI »)
    added_evidence: float  # see `added_text_evidence`
    added_text: str = ""  # the text without example questions whose passage that is


def added_text_evidence(neighbours: list[tuple[str, float]], known: set[str]) -> tuple[float, str]:
    """How much better the question's best passage in a text the banks know nothing of (an added text
    without example questions) matches than its best passage in the texts they know, and that text;
    NO_EVIDENCE when no such text is among the nearest passages. `neighbours`: (document, cosine), best first."""
    unknown = [(score, doc) for doc, score in neighbours if doc not in known]
    if not unknown:
        return NO_EVIDENCE, ""
    others = [score for doc, score in neighbours if doc in known]
    best, doc = unknown[0]
    return best - (others[0] if others else -1.0), doc


def declines(signals: Signals, config: SearchConfig) -> bool:
    """A merits question: the patterns say so, or the classifier does for a question asking what to do or
    how to judge, from an adjudicator or about a case, that is not about the asker's own ethics (an
    adjudicator asking « dois-je prêter serment ? » is asking about process: the classifier tells)."""
    reading, assessment = signals.reading, signals.assessment
    by_topic = (
        assessment is not None
        and assessment.merits >= config.merits_probability
        and (reading.adjudicating or reading.matter)
        and reading.deciding
        and not reading.own_ethics
    )
    return reading.merits or by_topic


def off_topic(signals: Signals, config: SearchConfig) -> bool:
    """The corpus does not answer: it asks who holds an office now (news), or the classifier puts it
    among the off-topic questions, no question the corpus answers is much nearer than the nearest
    off-topic one, and no added text the banks know nothing of matches it better than the texts they
    know. A question naming a held text, or citing a section, is always in scope."""
    if signals.referenced or signals.named.held:
        return False
    if signals.reading.news:
        return True
    return _banks_say_off_topic(signals, config) and signals.added_evidence <= config.added_text_margin


def answering_text(signals: Signals, config: SearchConfig) -> str | None:
    """The added text that keeps a question the banks call off-topic (a per-diem directive for a per-diem
    question): the search looks there first, as for a text the question names."""
    rescued = _banks_say_off_topic(signals, config) and signals.added_evidence > config.added_text_margin
    return signals.added_text if rescued and signals.added_text else None


def _banks_say_off_topic(signals: Signals, config: SearchConfig) -> bool:
    assessment = signals.assessment
    return (
        assessment is not None
        and assessment.off_topic >= config.off_topic_probability
        and assessment.nearest_answered - assessment.nearest_off_topic < config.off_topic_margin
    )


def verdict(signals: Signals, config: SearchConfig) -> str | None:
    """MERITS (decline), NOT_HELD (the text named is not in the index), OFF_TOPIC (abstain), or None (answer)."""
    if declines(signals, config):
        return MERITS
    if signals.named.unknown is not None:
        return NOT_HELD
    if off_topic(signals, config):
        return OFF_TOPIC
    return None
