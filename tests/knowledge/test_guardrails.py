"""Decisional independence: merits questions are refused in FR, EN and mixed; ethics questions are not.
The gate's verdict from its signals: merits first, then texts not held, then off-topic questions."""

import math
from dataclasses import replace

import pytest

from knowledge.catalogue import Named, Resolution
from knowledge.config import SearchConfig
from knowledge.errors import InvalidQuestion
from knowledge.guardrails import MERITS as DECLINE
from knowledge.guardrails import (
    NO_EVIDENCE,
    NOT_HELD,
    OFF_TOPIC,
    Reading,
    Signals,
    added_text_evidence,
    answering_text,
    asks_for_merits,
    check_question,
    read,
    verdict,
)
from knowledge.scope import Assessment

MERITS = [
    "Comment devrais-je trancher le grief dont je suis saisi ?",
    "Dans l'appel que j'entends, dois-je donner raison à l'employeur ou au fonctionnaire ?",
    "Comment apprécier la preuve contradictoire dans le dossier de Mme Roy ?",
    "Le témoin principal de la plaignante est-il crédible selon vous ?",
    "How should I rule on the complaint before me next week?",
    "Should I dismiss the appeal given the evidence filed by the respondent?",
    "How much weight should I give to the expert's testimony in this hearing?",
    "Is the grievor's witness credible in the case I am hearing?",
    "Dans mon dossier, should I rule in favour of the appellant?",
    "How do I weigh la preuve du plaignant in the grievance?",
    "I'm on the panel for a refugee claim; the claimant's story changed twice. Should we find her not credible?",
    "Je siège à la Section de la protection des réfugiés : dois-je accorder l'asile à ce demandeur ?",
    "At the Board I have a dismissal grievance where the employer proved theft. Should I substitute a suspension?",
    "Membre du tribunal ici : le rapport de l'expert et celui du médecin traitant se contredisent, lequel je retiens ?",
    # without the usual words: proportionality, sufficiency, reading of a rule, remedy, drafting, mixed
    "For the carrier whose appeal I'm hearing, is a $40,000 penalty disproportionate?",
    "Dans le dossier de radiation que j'entends, une suspension de deux mois est-elle proportionnée ?",
    "Do the photos filed suffice to prove cohabitation in the sponsorship file I'm deciding?",
    "La lettre de l'employeur suffit-elle à prouver l'inconduite dans mon dossier d'AE ?",
    'Should "suitable employment" be read narrowly in the appeal before me?',
    "Quelle lecture du mot « résidence » dois-je retenir pour ma décision ?",
    "What damages should I award the complainant in the pay case I'm adjudicating?",
    "Quel quantum accorder pour la perte de salaire dans le grief que je tranche ?",
    "Write the reasons for my decision refusing the refugee claim.",
    "Rédige mes motifs : j'accueille l'appel en partie.",
    "Is the grievor telling the truth about the missing tools? I heard him Tuesday.",
    "Dans mon appel à la SAI, est-ce que le mariage est authentique, oui ou non ?",
    "I have to rule tomorrow: was the employer's notice reasonable in this dismissal?",
    "In my file the claimant says she was sick, but there's no note. Enough to excuse the late filing?",
    "Mon dossier au TSS : la prestataire a-t-elle prouvé sa disponibilité, selon toi ?",
    "Au tribunal, l'intimé conteste la compétence : est-ce que je maintiens la requête ou pas ?",
    "Help me choose between the two medical opinions for the appeal I heard.",
    "Le rapport de l'enquêteur doit-il être retenu dans mon dossier même s'il n'a pas témoigné ?",
    "Should the surveillance video be excluded at my hearing since it was filed late?",
    "Je donne gain de cause à l'employeur ou pas ? Le congédiement me semble sévère.",
    "Membre de la SAR : l'appelante a-t-elle avec raison peur de retourner dans son pays, d'après le dossier ?",
    # a matter under deliberation, and which outcome should prevail
    "Notre formation est divisée sur l'issue d'une affaire en délibéré : quelle position devrait l'emporter ?",
    "The decision is under reserve and the panel is split: which side should prevail?",
    "Je délibère encore : la plaignante mérite-t-elle une indemnité ?",
    "We're deliberating on the refugee claim; which account is more plausible?",
    "Au grief, le rapport de l'inspecteur peut-il fonder ma conclusion de faute grave ?",
]
ETHICS = [
    "Dois-je me récuser si mon ancien cabinet représente une partie devant le tribunal ?",
    "Should I recuse myself from a hearing where my brother-in-law is a witness?",
    "Puis-je rester membre de mon syndicat pendant mon mandat au tribunal ?",
    "I have been subpoenaed as a witness in a civil case, what are my obligations?",
    "Est-ce que je peux accepter un cadeau d'une partie après l'audience ?",
    "Can I accept an invitation to speak at a conference organised by a law firm?",
    "Je siège au tribunal : dois-je me retirer du dossier si l'appelant était mon client ?",
    "I sit on the labour board. Should I stay a member of my union?",
    "I'm a tribunal member and my term ends next month: can I finish my reserved decisions?",
    "Should I file a complaint with the Integrity Commissioner about my manager?",
    "Dois-je déclarer l'offre d'emploi ferme que j'ai reçue pendant le dossier de subvention ?",
    # an adjudicator's own ethics, in the words of deciding: answered
    "I have to decide an appeal next week and the appellant's lawyer is my sister. What should I do?",
    "Je dois rendre ma décision lundi, mais je détiens des actions de l'intimée. Que faire ?",
    "A party mailed me a gift card after I ruled in its favour. Can I keep it?",
    "After my term at the tribunal, can I appear before it for a client right away?",
    "Is a reasonable apprehension of bias enough for me to step aside from the hearing?",
    "J'ai reçu une offre d'emploi d'un cabinet qui plaide devant moi ; est-ce suffisant pour me retirer ?",
    "Can I be a paid consultant for a law firm while I sit on the board?",
    "Je préside la campagne de charité de notre organisme et je sollicite ceux qui font affaire avec nous, ou pas ?",
    "Sous quelle forme dois-je présenter ma plainte de représailles au commissaire ?",
    "Does the Act apply in my case if I only sit part-time?",
    # someone the member knows appears before them: a recusal question, in the words of deciding
    "Une amie de longue date comparaît comme témoin dans le dossier que j'entends jeudi. Que dois-je faire ?",
    "My neighbour is the appellant in a file assigned to me. What should I do?",
    "I know one of the parties personally and the hearing is next week; should I tell the chair?",
    # sitting on a committee or a board of directors is governance, not adjudication
    "Je siège au comité d'audit d'une société d'État : dois-je déclarer mes placements ?",
    "I sit on the selection committee for a contract; should I sign a declaration before reading the bids?",
]


@pytest.mark.parametrize("question", MERITS)
def test_merits_questions_are_refused(question: str) -> None:
    assert asks_for_merits(question)


@pytest.mark.parametrize("question", ETHICS)
def test_ethics_and_process_questions_of_adjudicators_are_answered(question: str) -> None:
    assert not asks_for_merits(question)


@pytest.mark.parametrize(
    ("question", "code"), [("", "empty"), ("   ", "empty"), ("x" * 5000, "too_long"), ("🎉🎉🎉", "no_words")]
)
def test_unusable_questions_raise_a_coded_error(question: str, code: str) -> None:
    with pytest.raises(InvalidQuestion) as caught:
        check_question(question, max_chars=2000)
    assert caught.value.code == code


def test_markup_and_sql_are_just_text() -> None:
    question = "<script>alert(1)</script> '; DROP TABLE cases; -- cadeau"
    assert check_question(question, max_chars=2000) == question


NOTHING_NAMED = Resolution()


def _signals(
    reading: Reading | None = None,
    assessment: Assessment | None = None,
    named: Resolution = NOTHING_NAMED,
    referenced: bool = False,
    evidence: float = NO_EVIDENCE,
) -> Signals:
    return Signals(reading or Reading(False, False, False, False), assessment, named, referenced, evidence)


OFF = Assessment(off_topic=0.97, merits=0.01, nearest_answered=0.88, nearest_off_topic=0.90)
ANSWERED = Assessment(off_topic=0.05, merits=0.02, nearest_answered=0.93, nearest_off_topic=0.86)
CONFIG = SearchConfig()


def test_the_verdict_follows_merits_then_texts_not_held_then_topic() -> None:
    unknown = Resolution((), Named("Code of Conduct for Members of the Legislature"))
    merits = Reading(True, True, True, False)
    assert verdict(_signals(merits, OFF, unknown), CONFIG) == DECLINE
    assert verdict(_signals(None, OFF, unknown), CONFIG) == NOT_HELD
    assert verdict(_signals(None, OFF), CONFIG) == OFF_TOPIC
    assert verdict(_signals(None, ANSWERED), CONFIG) is None


def test_a_named_held_text_or_a_cited_section_is_never_off_topic() -> None:
    assert verdict(_signals(None, OFF, Resolution(("F-11",))), CONFIG) is None
    assert verdict(_signals(None, OFF, referenced=True), CONFIG) is None


def test_an_answered_bank_question_much_nearer_than_any_off_topic_one_keeps_the_question() -> None:
    near = replace(OFF, nearest_answered=OFF.nearest_off_topic + CONFIG.off_topic_margin + 0.01)
    assert verdict(_signals(None, near), CONFIG) is None
    assert verdict(_signals(None, OFF), replace(CONFIG, off_topic_probability=0.99)) is None


def test_an_added_text_that_matches_better_than_the_bundled_ones_keeps_the_question() -> None:
    """Staff added a per-diem directive: its questions read like off-topic ones, its passages answer them."""
    kept = replace(_signals(None, OFF, evidence=0.03), added_text="per-diem")
    assert verdict(kept, CONFIG) is None and answering_text(kept, CONFIG) == "per-diem"
    lost = replace(_signals(None, OFF, evidence=-0.02), added_text="per-diem")
    assert verdict(lost, CONFIG) == OFF_TOPIC and answering_text(lost, CONFIG) is None
    assert answering_text(replace(kept, assessment=ANSWERED), CONFIG) is None, "in scope anyway: no detour"


def test_added_text_evidence_compares_the_best_passages_of_unknown_and_known_texts() -> None:
    known = {"C-36.65", "P-33.35"}
    score, doc = added_text_evidence([("C-36.65", 0.86), ("per-diem", 0.89), ("P-33.35", 0.85)], known)
    assert score == pytest.approx(0.03) and doc == "per-diem"
    assert added_text_evidence([("per-diem", 0.84), ("C-36.65", 0.86)], known)[0] == pytest.approx(-0.02)
    assert added_text_evidence([("C-36.65", 0.86)], known) == (-math.inf, "")


def test_the_classifier_declines_only_an_adjudicator_deciding_a_matter_outside_own_ethics() -> None:
    merits = Assessment(off_topic=0.0, merits=0.95, nearest_answered=0.9, nearest_off_topic=0.8)
    deciding = Reading(merits=False, adjudicating=True, deciding=True, own_ethics=False)
    assert verdict(_signals(deciding, merits), CONFIG) == DECLINE
    assert verdict(_signals(replace(deciding, own_ethics=True), merits), CONFIG) is None
    assert verdict(_signals(replace(deciding, deciding=False), merits), CONFIG) is None, "a salary question"
    assert verdict(_signals(replace(deciding, adjudicating=False), merits), CONFIG) is None
    about_a_case = replace(deciding, adjudicating=False, matter=True)
    assert verdict(_signals(about_a_case, merits), CONFIG) == DECLINE, "« la preuve suffit-elle ? » in a file"
    process = Assessment(off_topic=0.0, merits=0.1, nearest_answered=0.9, nearest_off_topic=0.8)
    assert verdict(_signals(deciding, process), CONFIG) is None, "« dois-je prêter serment ? »"


def test_an_adjudicator_asking_what_to_do_is_left_to_the_classifier_not_refused_by_wording() -> None:
    oath = read("Comme nouveau membre à la Commission, dois-je suivre une formation ?")
    assert oath.adjudicating and oath.deciding and not oath.merits


def test_wording_of_a_pending_matter_in_other_words() -> None:
    assert read("I'm on a five-member panel hearing a dismissal grievance; should we reinstate?").adjudicating
    assert read("Pouvez-vous m'aider à choisir entre les deux versions des faits ?").deciding
    assert read("Was the dismissal a disguised disciplinary measure or not?").deciding
    assert not read("Le témoin n'a pas de billet médical, je reporte l'audience ?").own_ethics
    assert read("Dans quelle salle a lieu l'audience ?").matter


def test_reading_separates_deciding_from_own_ethics() -> None:
    assert read("Je dois trancher demain : la suspension est-elle excessive ?") == Reading(
        True, True, True, False
    )
    own = read("I have to rule next week and I own shares in the respondent: what are my obligations?")
    assert own.own_ethics and not own.merits


@pytest.mark.parametrize(
    "question",
    [
        "Who's the new chair of the National Capital Commission?",
        "Qui est la nouvelle sous-ministre de l'Emploi ?",
        "Who was appointed Commissioner of Official Languages yesterday?",
        "Le président du conseil a-t-il été reconduit pour un autre mandat ?",
        "Has anyone been named to the vacant seat on our board?",
    ],
)
def test_who_holds_an_office_now_is_news_the_texts_never_carry(question: str) -> None:
    reading = read(question)
    assert reading.news
    assert verdict(_signals(reading, ANSWERED), CONFIG) == OFF_TOPIC


@pytest.mark.parametrize(
    "question",
    [
        "Who appoints the Commissioner of Lobbying?",
        "Who is the Conflict of Interest Act binding on?",
        "Qui est visé par l'interdiction de cinq ans ?",
        "Who is a designated public office holder?",
    ],
)
def test_questions_about_offices_the_texts_define_are_not_news(question: str) -> None:
    assert not read(question).news
