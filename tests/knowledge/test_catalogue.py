"""The catalogue of held texts: which text, or which other government's office, a question names."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from knowledge.catalogue import Catalogue, acronyms_of, document_acronyms, issuer_acronyms, vocabulary


@dataclass(frozen=True)
class Doc:
    doc: str
    title: str
    kind: str = "law"
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()


HELD = [
    Doc("C-36.65", "Conflict of Interest Act"),
    Doc("C-36.65", "Loi sur les conflits d’intérêts"),
    Doc("L-12.4", "Lobbying Act"),
    Doc("L-12.4", "Loi sur le lobbying"),
    Doc("P-31.9", "Public Servants Disclosure Protection Act", aliases=("Whistleblower Protection Act",)),
    Doc("P-31.9", "Loi sur la protection des fonctionnaires divulgateurs d’actes répréhensibles"),
    Doc("P-33.01", "Public Service Employment Act"),
    Doc("P-33.01", "Loi sur l’emploi dans la fonction publique"),
    Doc("F-11", "Financial Administration Act", aliases=("FAA",)),
    Doc("F-5.5", "Federal Accountability Act"),
    Doc("SOR-2005-373", "Political Activities Regulations", kind="regulation"),
    Doc("DORS-2005-373", "Règlement concernant les activités politiques", kind="regulation"),
]
# Words of the held texts: a loose, lower-case mention of what they speak of names no unknown text.
WORDS = vocabulary(["cadeau cadeaux gifts tribunal members membres divulgateurs représailles ethics rules"])


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.from_documents(HELD, WORDS)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            "Selon le Code d'éthique des élus de la Ville de Sherbrooke, puis-je accepter un repas ?",
            "Code d'éthique des élus de la Ville de Sherbrooke",
        ),
        (
            "La Loi sur l'éthique et la déontologie en matière municipale s'applique-t-elle aux maires ?",
            "Loi sur l'éthique et la déontologie en matière municipale",
        ),
        (
            "Que dit la Directive sur la gestion des dépenses de voyages au sujet des repas ?",
            "Directive sur la gestion des dépenses de voyages",
        ),
        (
            "Under Ontario's Public Service of Ontario Act, can I campaign?",
            "Ontario's Public Service of Ontario Act",
        ),
        (
            "Does the Senate Ethics and Conflict of Interest Code cover staff?",
            "Senate Ethics and Conflict of Interest Code",
        ),
        ("What does the Criminal Code say about bribery?", "Criminal Code"),
        (
            "the IRB's Code of Conduct for Members: can I blog about my hearings?",
            "IRB's Code of Conduct for Members",
        ),
        ("Que prévoit l'art. 12 de la LEDP sur les dons ?", "LEDP"),
        (
            "Le Code régissant les conflits d'intérêts des députés oblige-t-il à déclarer un voyage ?",
            "Code régissant les conflits d'intérêts des députés",
        ),
        ("What does the Lobbyists' Code of Conduct say about gifts?", "Lobbyists' Code of Conduct"),
        ("Values and Ethics Code — do I tell my deputy head?", "Values and Ethics Code"),
        (
            "selon le code d'ethique d'hydro-quebec puis-je garder les billets",
            "code d'ethique d'hydro-quebec",
        ),
        ("Le Règlement sur l'éthique et la discipline dans la fonction publique du Québec ?", None),
    ],
)
def test_a_text_the_index_does_not_hold_is_named_as_written(
    catalogue: Catalogue, question: str, named: str | None
) -> None:
    found = catalogue.resolve(question)
    assert not found.held
    assert found.unknown is not None and not found.unknown.office
    assert found.unknown.text == (named or found.unknown.text)
    assert found.unknown.text in question


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("Selon la Loi sur les conflits d'intérêts, un ami peut-il m'offrir un cadeau ?", "C-36.65"),
        ("Under the federal Conflict of Interest Act, must I recuse myself?", "C-36.65"),
        ("En vertu de la Loi fédérale sur les conflits d'intérêts, dois-je me récuser ?", "C-36.65"),
        ("LCI art. 11 : c'est quoi un cadeau acceptable ?", "C-36.65"),
        ("COIA s. 23 — how long do I have to disclose?", "C-36.65"),
        ("la loi sur les lobbyistes vise-t-elle les OBNL ?", "L-12.4"),
        ("the lobbying law: do I have to register?", "L-12.4"),
        ("the whistleblower act - am I protected?", "P-31.9"),
        ("Does the disclosure protection act cover contractors?", "P-31.9"),
        ("PSEA s. 114: who gives permission?", "P-33.01"),
        ("La Loi sur l'emploi dans la fonction publique permet-elle de me présenter ?", "P-33.01"),
        ("FAA s. 119 indemnity for directors", "F-11"),
        ("Règlement sur les activités politiques : quel délai ?", "SOR-2005-373"),
        ("Political Activities Regulations: what goes in my request?", "SOR-2005-373"),
    ],
)
def test_a_held_text_is_recognised_by_title_acronym_alias_or_a_near_wording(
    catalogue: Catalogue, question: str, doc: str
) -> None:
    found = catalogue.resolve(question)
    assert doc in found.held
    assert found.unknown is None


@pytest.mark.parametrize(
    "question",
    [
        "Does the Act apply to part-time board members?",
        "Que dit la loi sur les cadeaux de plus de 200 $ ?",
        "My department's code of conduct says nothing: can I accept the gift?",
        "Le code de conduite de mon ministère interdit-il les cadeaux ?",
        "Notre politique interne est muette : dois-je me retirer ?",
        "Under the conflict of interest rules, can I keep my shares?",
        "Selon les règles sur l'après-mandat, combien de temps dois-je attendre ?",
        "Is there a code of conduct for tribunal members?",
        "Que prévoit la loi sur les divulgateurs pour les représailles ?",
        "Ma nomination par décret remonte à trois mois.",
        "Les activités politiques d'un sous-ministre sont-elles permises ?",
        "Le règlement du litige avec mon employeur me lie-t-il ?",
        "What does the code say about gifts?",
        "I want to act on behalf of a client before my old department.",
    ],
)
def test_generic_mentions_name_no_text(catalogue: Catalogue, question: str) -> None:
    found = catalogue.resolve(question)
    assert found.unknown is None, found.unknown


@pytest.mark.parametrize(
    "question",
    [
        "Je suis députée à l'Assemblée nationale : un lobbyiste peut-il m'inviter à souper ?",
        "Comme conseiller municipal à Sherbrooke, dois-je me retirer du vote ?",
        "I'm an MLA in Alberta. Can a company fly me to Calgary?",
        "As a Toronto city councillor, can I accept Leafs tickets?",
        "Je travaille pour la fonction publique de l'Ontario : puis-je faire campagne ?",
        "I'm a member of Ontario's Landlord and Tenant Board; may I mediate privately?",
    ],
)
def test_an_office_of_another_government_is_named(catalogue: Catalogue, question: str) -> None:
    found = catalogue.resolve(question)
    assert found.unknown is not None and found.unknown.office
    assert found.unknown.text in question


@pytest.mark.parametrize(
    "question",
    [
        "En Ontario, un sous-ministre peut-il siéger à un conseil d'administration ?",
        "In Manitoba, how long is the cooling-off period for deputy ministers?",
        "Vancouver lobbyist registry: must I register before meeting a councillor?",
        "La fonction publique québécoise permet-elle le cumul d'emplois ?",
        "What do the Alberta ethics rules say about gifts to public servants?",
    ],
)
def test_a_question_set_in_another_jurisdiction_is_not_answered_from_ours(
    catalogue: Catalogue, question: str
) -> None:
    found = catalogue.resolve(question)
    assert found.unknown is not None and found.unknown.text in question


def test_a_jurisdiction_whose_texts_staff_added_is_held() -> None:
    question = "Au Québec, quelle est la limite des cadeaux pour un administrateur ?"
    assert Catalogue.from_documents(HELD, WORDS).resolve(question).unknown is not None
    added = Doc("code-qc", "Code d'éthique des administrateurs publics du Québec", kind="code")
    assert Catalogue.from_documents([*HELD, added], WORDS).resolve(question).unknown is None


@pytest.mark.parametrize(
    "question",
    [
        "Je suis fonctionnaire fédérale et je veux me présenter comme conseillère municipale à Gatineau.",
        "I'm a federal public servant and I want to run in the Ontario provincial election.",
        "I'm a member of the Social Security Tribunal — can I accept a gift from a party?",
        "Un lobbyiste de l'Alberta m'a offert un cadeau, puis-je l'accepter ?",
        "A provincial government official wants to meet me: must he register?",
        "As a GIC appointee, can I run for city council?",
    ],
)
def test_federal_askers_and_other_governments_in_passing_are_not_offices(
    catalogue: Catalogue, question: str
) -> None:
    assert catalogue.resolve(question).unknown is None


def test_adding_a_text_makes_it_held_at_once() -> None:
    question = "Selon le Code d'éthique des administrateurs de la Société des ponts, quelle est la limite des cadeaux ?"
    before = Catalogue.from_documents(HELD, WORDS).resolve(question)
    assert before.unknown is not None and not before.held
    added = Doc("code-ponts", "Code d'éthique des administrateurs de la Société des ponts", kind="code")
    after = Catalogue.from_documents([*HELD, added], WORDS).resolve(question)
    assert after.held == ("code-ponts",) and after.unknown is None


def test_a_code_is_not_an_act_of_the_same_words(catalogue: Catalogue) -> None:
    found = catalogue.resolve("Under the Conflict of Interest Code, must I disclose my trips?")
    assert found.unknown is not None and not found.held


def test_aliases_given_by_staff_name_the_text() -> None:
    with_alias = Doc(
        "dir-cadeaux", "Directive 2024-03", kind="directive", aliases=("directive sur les cadeaux",)
    )
    found = Catalogue.from_documents([*HELD, with_alias]).resolve(
        "Selon la directive sur les cadeaux, quel montant ?"
    )
    assert found.held == ("dir-cadeaux",)


def test_acronyms_come_from_titles_and_given_aliases() -> None:
    assert "LCI" in acronyms_of("Loi sur les conflits d’intérêts")
    assert "COIA" in acronyms_of("Conflict of Interest Act")
    assert "PSDPA" in acronyms_of("Public Servants Disclosure Protection Act")
    assert "FAA" in document_acronyms(["Financial Administration Act", "FAA"])
    # FAA is also the Federal Accountability Act's acronym: the one staff gave wins
    assert Catalogue.from_documents(HELD).resolve("FAA s. 119").held == ("F-11",)


def test_administrative_instruments_answer_to_one_another_s_names() -> None:
    """An added policy guessed to be a guideline is still "the Policy on Outside Activities"; a code is a
    policy to some; but an act is never a code."""
    policy = Doc("policy-outside", "Policy on Outside Activities of Board Members", kind="guideline")
    catalogue = Catalogue.from_documents([*HELD, policy])
    assert catalogue.resolve(
        "Under the Policy on Outside Activities of Board Members, may I teach?"
    ).held == ("policy-outside",)
    assert catalogue.resolve("Does the Directive on Outside Activities of Board Members apply?").held == (
        "policy-outside",
    )
    assert catalogue.resolve("What does the Outside Activities Act say?").unknown is not None


REFERENCED = ["Canada Evidence Act", "Lobbyists' Code of Conduct", "Royal Canadian Mounted Police Act"]


@pytest.mark.parametrize(
    ("question", "not_held"),
    [
        ("Is the Lobbyists' Code of Conduct a regulation?", False),
        ("Does a breach of the Lobbyists' Code of Conduct lead to an investigation?", False),
        ("What does the Lobbyists' Code of Conduct say about gifts to officials?", True),
        ("Under the Lobbyists' Code of Conduct, may a lobbyist offer me dinner?", True),
        ("Can the Commissioner compel documents protected by the Canada Evidence Act?", False),
    ],
)
def test_a_text_the_held_ones_mention_is_missing_only_when_its_own_rules_are_asked(
    question: str, not_held: bool
) -> None:
    catalogue = Catalogue.from_documents(HELD, WORDS, REFERENCED)
    assert (catalogue.resolve(question).unknown is not None) is not_held


def test_an_acronym_with_its_noun_names_the_text() -> None:
    docs = [*HELD, Doc("A-1.5", "Loi sur le Service canadien d’appui aux tribunaux administratifs")]
    catalogue = Catalogue.from_documents(docs, WORDS, REFERENCED)
    assert catalogue.resolve("La Loi sur le SCDATA crée-t-elle un administrateur en chef ?").held == (
        "A-1.5",
    )
    assert catalogue.resolve("Does the RCMP Act cover civilian members?").unknown is None
    assert catalogue.resolve("Under the PSDPA Act, can I go to the media?").held == ("P-31.9",)


@pytest.mark.parametrize(
    "question",
    [
        "Can ATSSC executive directors act under authority delegated by the Chief Administrator?",
        "Can the Commissioner act on an anonymous tip?",
        "Is the old Post-Employment Code still in force?",
        "L'ancien code d'après-mandat s'applique-t-il encore ?",
        "Does the Treasury Board policy on this bind Crown corporations?",
        "Is the Conflict of Interest Act a Criminal Code statute?",
    ],
)
def test_verbs_former_texts_and_institutions_name_no_missing_text(question: str) -> None:
    catalogue = Catalogue.from_documents(HELD, vocabulary(["treasury board crown corporations"]), REFERENCED)
    assert catalogue.resolve(question).unknown is None


def test_a_title_heading_the_question_is_a_title_even_in_words_the_texts_use() -> None:
    catalogue = Catalogue.from_documents(HELD, vocabulary(["gestion dépenses voyages"]))
    found = catalogue.resolve("Directive sur la gestion des dépenses de voyages : faut-il une approbation ?")
    assert (
        found.unknown is not None and found.unknown.text == "Directive sur la gestion des dépenses de voyages"
    )
    assert catalogue.resolve("Que dit la directive sur la gestion des dépenses de voyages ?").unknown is None


def test_the_bodies_a_document_is_issued_by_give_acronyms_questions_use() -> None:
    found = issuer_acronyms(
        ["Directive sur les cadeaux offerts aux administrateurs", "Société québécoise des eaux régionales"],
        ['This Policy binds the executives of the Fonds régional d\'investissement du Nord (the "Fund").'],
    )
    assert {"SQER", "FRIN"} <= found
    assert not issuer_acronyms(["Designated Public Office Holder Regulations"]), "an office is not a body"
    assert not issuer_acronyms([], ["the Fonds régional d'investissement du Nord invests in the north"])
    held = Doc("dir-sqer", "Directive sur les cadeaux offerts aux administrateurs", kind="directive")
    catalogue = Catalogue.from_documents([*HELD, replace(held, acronyms=tuple(found))], WORDS)
    assert catalogue.resolve("What does the SQER gifts directive say about wine?").held == ("dir-sqer",)
