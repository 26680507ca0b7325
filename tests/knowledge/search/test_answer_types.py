from knowledge.search.answer_types import asked, stated


def test_questions_asking_for_a_time_an_amount_or_a_sanction() -> None:
    assert asked("Combien de temps l'agent d'éthique a-t-il pour répondre à ma demande ?") == {"time"}
    assert asked("How long must I hold a stock after I buy it?") == {"time"}
    assert asked("Combien d'heures par semaine puis-je travailler ailleurs ?") == {"time"}
    assert asked("Jusqu'à quel montant un cadeau est-il permis ?") == {"amount"}
    assert asked("What's the worst that can happen if I keep it?") == {"sanction"}
    assert asked("Qu'est-ce que je risque si je ne déclare pas ce cadeau ?") == {"sanction"}


def test_a_situation_told_in_passing_asks_for_nothing() -> None:
    assert asked("When I left the ministry, a firm offered me a job: may I take it?") == frozenset()
    assert asked("J'ai reçu un cadeau il y a trois jours. Puis-je le garder ?") == frozenset()
    assert asked("Is it fine to sit on the board of a charity?") == frozenset()


def test_sections_stating_a_time_an_amount_or_a_sanction() -> None:
    assert stated(["Le titulaire répond dans les 10 jours ouvrables."]) == {"time"}
    assert stated(["The Ethics Officer answers in writing within 10 working days."]) == {"time"}
    assert stated(["Each year, by March 31, every employee declares their outside activities."]) == {"time"}
    assert stated(["Est d'une valeur modeste un cadeau de 75 $ ou moins."]) == {"amount"}
    assert stated(["A breach may lead to a disciplinary measure up to dismissal."]) == {"sanction"}
    assert stated(["The Commission may approve the activity.", "L'employé peut enseigner."]) == frozenset()
