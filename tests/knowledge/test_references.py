import pytest

from knowledge.references import Reference, Title, acronym, find_references

TITLES = [
    Title("C-36.65", "fr", "Loi sur les conflits d’intérêts"),
    Title("C-36.65", "en", "Conflict of Interest Act"),
    Title("P-31.9", "en", "Public Servants Disclosure Protection Act"),
    Title("L-12.4", "fr", "Loi sur le lobbying"),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Que prévoit l'article 27 de la Loi sur les conflits d'intérêts ?", [Reference("27", ("C-36.65",))]),
        ("section 35 Conflict of Interest Act", [Reference("35", ("C-36.65",))]),
        ("Public Servants Disclosure Protection Act s. 12", [Reference("12", ("P-31.9",))]),
        ("PSDPA 12", [Reference("12", ("P-31.9",))]),
        ("LCI art. 23(1)", [Reference("23", ("C-36.65",))]),
        ("art. 10.11 de la Loi sur le lobbying", [Reference("10.11", ("L-12.4",))]),
        ("Puis-je accepter un cadeau de 200 $ ?", []),
        ("Que dit l'article 5 ?", [Reference("5", ())]),
    ],
)
def test_cited_sections_and_named_documents(question: str, expected: list[Reference]) -> None:
    assert find_references(question, TITLES) == expected


def test_acronyms_come_from_content_words() -> None:
    assert acronym("Loi sur l’emploi dans la fonction publique", "fr") == "LEFP"
    assert acronym("Public Service Employment Act", "en") == "PSEA"
