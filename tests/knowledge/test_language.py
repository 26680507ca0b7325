import pytest

from knowledge.language import detect


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Est-ce que je peux accepter des billets de hockey d'un fournisseur ?", "fr"),
        ("Can I accept hockey tickets from a supplier?", "en"),
        ("article 117 Loi sur l'emploi dans la fonction publique", "fr"),
        ("Public Servants Disclosure Protection Act s. 12", "en"),
        ("Can I accept des billets de hockey from a supplier who bids on our contracts?", "en"),
        ("LCI art 27", "fr"),
    ],
)
def test_french_and_english_including_mixed_and_short_questions(question: str, lang: str) -> None:
    detected = detect(question)
    assert (detected.lang, detected.supported) == (lang, True)


def test_another_language_is_answered_in_french_and_flagged() -> None:
    detected = detect("¿Puedo aceptar un regalo de un proveedor que tiene un contrato con mi ministerio?")
    assert detected.lang == "fr"
    assert detected.detected == "es"
    assert not detected.supported


def test_emoji_only_falls_back_to_the_default() -> None:
    assert detect("😀🎉").lang == "fr"
