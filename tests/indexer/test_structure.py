"""Article-aware structure on lines of text: what a reader cites, and what only looks like it."""

from __future__ import annotations

from indexer.chunking import citation
from indexer.documents import ParsedDocument
from indexer.structure import Line, build_structure


def lines(text: str) -> list[Line]:
    return [Line(t) for t in text.strip().splitlines()]


def labels(text: str, paged: bool = False, lang: str = "fr") -> list[str]:
    return [p.label for p in build_structure(lines(text), lang, "Titre", paged).provisions]


def test_french_articles_with_titles_become_provisions_with_marginal_notes() -> None:
    structure = build_structure(
        lines("""
Article premier – Objet
La présente directive encadre les cadeaux.
Art. 2 : Définitions
« cadeau » Tout avantage offert gratuitement.
ARTICLE 3
Le membre déclare tout cadeau.
"""),
        "fr",
        "Directive",
    )
    assert structure.unit == "article"
    assert [(p.label, p.marginal_note) for p in structure.provisions] == [
        ("1", "Objet"),
        ("2", "Définitions"),
        ("3", ""),
    ]
    assert structure.section_word == {"fr": "art.", "en": "art."}


def test_a_cross_reference_at_the_start_of_a_line_stays_body_text() -> None:
    """A wrapped PDF line may begin with « art. 12 de la Loi »: lowercase, no separator — not a marker."""
    assert labels("""
Article 1
Le membre respecte les règles prévues à l'
art. 12 de la Loi sur les conflits d'intérêts.
Article 2
Voir aussi l'article 1.
Article 1 – Rappel
Un renvoi vers l'arrière n'est pas un nouvel article.
""") == ["1", "2"]


def test_subsections_get_their_own_locator() -> None:
    structure = build_structure(
        lines("""
Article 5 – Cadeaux
(1) Le membre refuse tout cadeau de plus de 75 $.
(2) Il déclare les autres dans les 30 jours.
a) par écrit;
"""),
        "fr",
        "Code",
    )
    (article,) = structure.provisions
    assert [b.locator for b in article.blocks] == ["5(1)", "5(2)", "5(2)"]


def test_chapter_headings_form_the_heading_path() -> None:
    structure = build_structure(
        lines("""
PARTIE I – RÈGLES
Chapitre 1 – Principes
Article 1 – Intégrité
Le membre agit avec intégrité.
Chapitre 2 – Cadeaux
Article 2 – Valeur
Le membre refuse les cadeaux.
"""),
        "fr",
        "Code",
    )
    assert [p.headings for p in structure.provisions] == [
        ("PARTIE I – RÈGLES", "Chapitre 1 – Principes"),
        ("PARTIE I – RÈGLES", "Chapitre 2 – Cadeaux"),
    ]


def test_english_sections_are_cited_with_s() -> None:
    structure = build_structure(
        lines("""
Section 1 – Purpose
This policy protects personal information.
Section 2 – Collection
Staff collect only what is needed.
"""),
        "en",
        "Policy",
    )
    assert structure.unit == "section"
    doc = ParsedDocument(
        "p", "en", "Privacy Policy", "", structure.provisions, section_word=structure.section_word
    )
    assert citation(doc, "2") == "Privacy Policy, s. 2"


def test_numbered_paragraphs_and_their_parent_headings() -> None:
    structure = build_structure(
        lines("""
1. Objet
1.1 La présente directive s'applique aux membres.
1.2 Elle entre en vigueur le 1er avril.
2. Exigences
2.1 Le membre déclare ses intérêts.
"""),
        "fr",
        "Directive",
    )
    assert structure.unit == "numbered"
    assert [(p.label, p.headings) for p in structure.provisions] == [
        ("1.1", ("1. Objet",)),
        ("1.2", ("1. Objet",)),
        ("2.1", ("2. Exigences",)),
    ]


def test_a_year_at_the_start_of_a_line_is_not_a_numbered_paragraph() -> None:
    assert labels("""
1. Le membre déclare ses intérêts.
2. Il les met à jour chaque année.
2024. Fin de l'exercice.
3. Il conserve une copie.
""") == ["1", "2", "3"]


def test_a_pdf_without_articles_is_cited_by_page() -> None:
    structure = build_structure(
        [
            Line("Welcome to the guide on gifts and hospitality.", page=1),
            Line("Gifts over 75 dollars must be declared.", page=2),
            Line("within 30 days.", page=2, new_paragraph=False),
        ],
        "en",
        "Guide",
        paged=True,
    )
    assert [p.label for p in structure.provisions] == ["p. 1", "p. 2"]
    assert structure.provisions[1].blocks[0].text == "Gifts over 75 dollars must be declared. within 30 days."
    doc = ParsedDocument("g", "en", "Guide", "", structure.provisions, section_word=structure.section_word)
    assert citation(doc, "p. 2") == "Guide, p. 2"


def test_headings_without_numbers_make_one_provision_each() -> None:
    structure = build_structure(
        [
            Line("Guide", level=0),
            Line("Gifts", level=1),
            Line("Declare gifts over 75 dollars."),
            Line("Hospitality", level=1),
            Line("Modest hospitality may be accepted."),
        ],
        "en",
        "Guide",
    )
    assert structure.unit == "heading"
    assert [(p.label, p.marginal_note) for p in structure.provisions] == [
        ("§ 1", "Gifts"),
        ("§ 2", "Hospitality"),
    ]


def test_text_before_the_first_article_is_a_preamble() -> None:
    structure = build_structure(
        lines("""
Directive
Considérant que l'intégrité des membres est essentielle à la confiance du public.
Article 1
Le membre agit avec intégrité.
Article 2
Le membre déclare ses intérêts.
"""),
        "fr",
        "Directive",
    )
    assert [p.label for p in structure.provisions] == ["préambule", "1", "2"]


def test_long_paragraphs_are_cut_at_sentence_ends() -> None:
    sentence = "Le membre déclare tout cadeau reçu dans l'exercice de ses fonctions au registraire. "
    structure = build_structure(lines(f"Article 1\n{sentence * 40}\nArticle 2\nCourt."), "fr", "Code")
    blocks = structure.provisions[0].blocks
    assert len(blocks) >= 3 and all(len(b.text) <= 1500 for b in blocks)
    assert all(b.text.endswith("registraire.") for b in blocks)


def test_a_numbered_heading_stands_over_its_own_numbers_only() -> None:
    structure = build_structure(
        lines("""
4. General principle
Staff may take part in outside activities.
5. Prior approval
5.1 Before starting, the person submits Form OA-1 to the Ethics Officer.
5.2 The Ethics Officer answers within ten working days.
6. Time limits
Paid outside activities may not exceed ten hours a week.
"""),
        "en",
        "Policy",
    )
    assert [(p.label, p.headings) for p in structure.provisions] == [
        ("4", ()),
        ("5.1", ("5. Prior approval",)),
        ("5.2", ("5. Prior approval",)),
        ("6", ()),
    ]


def test_a_chapter_number_alone_takes_the_title_on_its_next_line() -> None:
    structure = build_structure(
        lines("""
CHAPITRE II
COMPTES PERSONNELS
Article 3 - Mention de l'emploi
Un employé peut indiquer sur un profil professionnel qu'il travaille à la Régie.
"""),
        "fr",
        "Lignes directrices",
    )
    assert [(p.label, p.headings) for p in structure.provisions] == [
        ("3", ("CHAPITRE II — COMPTES PERSONNELS",))
    ]


def test_a_wrapped_first_line_with_a_sentence_end_is_not_a_marginal_note() -> None:
    structure = build_structure(
        lines("""
11.1 Staff may teach, publish and give talks on subjects of general interest. They
may not comment on a pending proceeding.
11.2 An honorarium of up to $300 per talk may be accepted.
"""),
        "en",
        "Policy",
    )
    assert structure.provisions[0].marginal_note == ""
    assert structure.provisions[0].blocks[0].text.startswith("Staff may teach")
