"""Decisional independence: merits questions are refused in FR, EN and mixed; ethics questions are not."""

import pytest

from knowledge.errors import InvalidQuestion
from knowledge.guardrails import asks_for_merits, check_question

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
