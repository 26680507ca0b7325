"""The pieces answers are built from, on real and hand-made provisions: units, cues, references, pinpoints."""

from __future__ import annotations

from knowledge.crossrefs import is_subject_to, local_refs, referrers, section_refs
from knowledge.cues import read_cues
from knowledge.passages import Passage, Unit
from knowledge.provisions import Provision, units_from_text
from knowledge.quoting import mark_numbers, pinpoint, render
from knowledge.selection import Reader
from knowledge.text import tokens


def _passage(units: tuple[Unit, ...], text: str = "", lang: str = "fr") -> Passage:
    return Passage(
        id="X:fr:5:0",
        doc="X",
        section="5",
        lang=lang,
        title="Loi sur l’essai",
        text=text or " ".join(u.text for u in units),
        citation="Loi sur l’essai, art. 5",
        url="https://example.org/5",
        locator="5",
        units=units,
    )


def _reader(question: str, lang: str = "fr") -> Reader:
    return Reader(set(tokens(question, lang)), read_cues(question), lang)


BAN = (
    Unit("subsection", ("(1)",), "Il est interdit au titulaire :"),
    Unit("paragraph", ("(1)", "a)"), "d’occuper un emploi;"),
    Unit("paragraph", ("(1)", "b)"), "d’agir comme consultant rémunéré."),
    Unit("subsection", ("(2)",), "[Abrogé, 2019, ch. 28, art. 3]"),
    Unit(
        "subsection", ("(3)",), "Malgré l’alinéa (1)a), il peut enseigner dans les trente jours.", "Exception"
    ),
)


def test_a_placeholder_is_never_a_unit_and_a_question_sharing_no_word_gets_the_lead() -> None:
    provision = Provision.of([_passage(BAN)])
    assert all("[Abrogé" not in u.text for u in provision.units)
    assert _reader("quelle météo demain").rule(provision).path == ("(1)",)


def test_the_duty_comes_before_its_exception_unless_the_exception_is_asked() -> None:
    provision = Provision.of([_passage(BAN)])
    assert _reader("puis-je occuper un emploi ou enseigner").rule(provision).path == ("(1)",)
    assert _reader("quelle exception permet d'enseigner").rule(provision).path == ("(3)",)
    [attached] = _reader("puis-je occuper un emploi").attached(provision, provision.tops[0], budget=2)
    assert (attached.kind, attached.unit.path) == ("exception", ("(3)",))


def test_a_rule_is_quoted_with_its_chapeau_and_cited_to_the_paragraph_kept() -> None:
    provision = Provision.of([_passage(BAN)])
    quote, path = render(provision, provision.tops[0], 600, lambda s: 0)
    assert (
        quote == "Il est interdit au titulaire : a) d’occuper un emploi; b) d’agir comme consultant rémunéré."
    )
    assert pinpoint(provision, path) == "art. 5(1)"
    quote, path = render(provision, provision.tops[0], 70, lambda s: "consultant" in s)
    assert quote == "Il est interdit au titulaire : … b) d’agir comme consultant rémunéré."
    assert pinpoint(provision, path) == "art. 5(1)b)"


def test_pinpoints_follow_each_languages_style() -> None:
    fr = Provision.of([_passage(BAN)])
    en = Provision.of([_passage(BAN, lang="en")])
    en = Provision(en.doc, "11", "en", "Act", "Act, s. 11", "11", en.url, en.units)
    assert pinpoint(en, ("(2)", "(c)")) == "s. 11(2)(c)"
    assert pinpoint(fr, ("(1)", "bien contrôlé")) == "art. 5(1) « bien contrôlé »"


def test_texts_without_structure_are_read_as_sentences_and_lists() -> None:
    units = units_from_text(
        "Le personnel doit déclarer : a) les cadeaux; b) les invitations. Le délai est court."
    )
    assert [(u.kind, u.path) for u in units] == [
        ("sentence", ("#0",)),
        ("paragraph", ("#0", "#1")),
        ("paragraph", ("#0", "#2")),
        ("sentence", ("#3",)),
    ]


def test_cues_read_what_the_question_asks_in_both_languages() -> None:
    assert read_cues("Dans quel délai dois-je déclarer ?").deadline
    assert read_cues("What is the fine if I forget?").penalty
    assert read_cues("Qu'est-ce qu'un bien contrôlé ?").definition
    assert read_cues("Which activities are prohibited?").list
    assert read_cues("On what criteria can the Commissioner exempt me?").list
    assert read_cues("Quelles démarches dois-je faire ?").list
    assert not read_cues("Quel est le délai ?").list
    assert read_cues("Qui est considéré comme conjoint de fait au sens de la loi ?").frame.split() == [
        "qui",
        "est",
        "considere",
        "comme",
        "au",
        "sens",
    ]
    assert read_cues("Que prévoit l'article 23 ?").cited
    assert not read_cues("Puis-je accepter un cadeau ?").deadline


DEFINITIONS = (
    Unit("subsection", ("(1)",), "Les définitions qui suivent s’appliquent à la présente loi."),
    Unit(
        "definition",
        ("(1)", "conjoint de fait"),
        "conjoint de fait La personne qui vit avec lui depuis un an.",
    ),
    Unit("definition", ("(1)", "union de fait"), "union de fait Relation entre deux conjoints de fait."),
    Unit(
        "subsection",
        ("(2)",),
        "Sont considérés comme membres de la famille : a) son conjoint de fait; b) son enfant.",
    ),
)
REPORT = (
    Unit(
        "subsection",
        ("(1)",),
        "Dans les soixante jours suivant sa nomination, il présente au commissaire un rapport.",
    ),
    Unit("subsection", ("(2)",), "Le rapport contient :"),
    Unit("paragraph", ("(2)", "a)"), "la liste de ses biens;"),
    Unit("paragraph", ("(2)", "b)"), "la liste de ses dettes."),
    Unit("subsection", ("(3)",), "Le commissaire peut demander tout autre renseignement sur le rapport."),
)


def test_a_question_about_a_term_gets_its_definition_entry_not_a_rule_using_the_term() -> None:
    provision = Provision.of([_passage(DEFINITIONS)])
    rule = _reader("Qui est considéré comme conjoint de fait au sens de la loi ?").rule(provision)
    assert rule.path == ("(1)", "conjoint de fait")
    assert _reader("Mon conjoint de fait et mon enfant sont-ils membres de ma famille ?").rule(
        provision
    ).path == ("(2)",)


def test_a_question_asking_which_ones_gets_the_unit_that_lists_them() -> None:
    provision = Provision.of([_passage(REPORT)])
    assert _reader("Quels renseignements le rapport au commissaire contient-il ?").rule(provision).path == (
        "(2)",
    )
    assert _reader("Dans quel délai présenter mon rapport au commissaire ?").rule(provision).path == ("(1)",)


def test_references_inside_a_section_and_to_other_sections_of_the_same_text() -> None:
    assert local_refs("Sous réserve des paragraphes (9) et (10), … du paragraphe (4).") == [
        ("(9)",),
        ("(10)",),
        ("(4)",),
    ]
    assert local_refs("Despite paragraph (1)(a), … referred to in paragraph (2)(c)") == [
        ("(1)", "(a)"),
        ("(2)", "(c)"),
    ]
    assert section_refs(
        "au sens du paragraphe 2(1) de la Loi sur la protection, en vertu de l’article 81 de la présente loi"
    ) == ["81"]
    assert is_subject_to("Subject to subsections (9) and (10), a holder shall")
    assert referrers([(("X", "36"), "the prohibitions in subsections 35(1) and (2) apply for one year")]) == {
        ("X", "35"): ("36",)
    }


def test_the_numbers_that_matter_are_marked() -> None:
    marked = mark_numbers(
        "dans les cent vingt jours, plus de 1 000 $, within 120 days, $500, paragraphe (4)",
        lambda n: f"*{n}*",
    )
    assert (
        marked == "dans les *cent vingt jours*, plus de *1 000 $*, within *120 days*, *$500*, paragraphe (4)"
    )
