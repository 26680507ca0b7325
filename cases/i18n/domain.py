"""Errors and vocabularies (statuses, categories, priorities, roles, kinds of office, timeline)."""

from __future__ import annotations

DOMAIN: dict[str, dict[str, str]] = {
    # errors
    # No reference in the sentence: the same bytes for a case never issued and one you may not see.
    "error.not_found.case": {
        "fr": "Dossier introuvable. Vérifiez la référence.",
        "en": "Case not found. Check the reference.",
    },
    "error.not_found.user": {"fr": "Utilisateur inconnu : {key}.", "en": "Unknown user: {key}."},
    "error.not_found.question": {
        "fr": "Question {key} introuvable dans le journal.",
        "en": "Question {key} is not in the log.",
    },
    "error.forbidden": {
        "fr": "Vous n'avez pas le droit de faire cela.",
        "en": "You are not allowed to do that.",
    },
    "error.own_request.self": {
        "fr": "Vous êtes le demandeur du dossier {ref} : un autre conseiller doit le traiter. "
        "Vous pouvez le consulter et écrire à son conseiller, mais non le prendre en charge, vous "
        "l'attribuer, y répondre, y ajouter des notes internes, en changer le statut ni le fermer.",
        "en": "You requested case {ref} yourself: another advisor must handle it. You can read it and "
        "write to its advisor, but not claim it, assign it, reply to it, add internal notes, change "
        "its status or close it.",
    },
    "error.own_request.assignee": {
        "fr": "Le dossier {ref} ne peut pas être attribué à son propre demandeur : choisissez un autre "
        "conseiller.",
        "en": "Case {ref} cannot be assigned to its own requester: choose another advisor.",
    },
    "error.database_unavailable": {
        "fr": "La base de données est momentanément injoignable. Rien n'a été enregistré : "
        "réessayez dans quelques secondes.",
        "en": "The database cannot be reached at the moment. Nothing was saved: try again in a few seconds.",
    },
    "error.conflict": {
        "fr": "Le dossier {ref} a été modifié entre-temps par quelqu'un d'autre. "
        "Rien n'a été enregistré : rechargez la page et réessayez.",
        "en": "Case {ref} was changed by someone else in the meantime. "
        "Nothing was saved: reload the page and try again.",
    },
    "error.already_claimed": {
        "fr": "Le dossier {ref} est déjà pris en charge par {by_name}.",
        "en": "Case {ref} is already claimed by {by_name}.",
    },
    "error.invalid_transition": {
        "fr": "Le dossier {ref} ne peut pas passer de « {current} » à « {target} ».",
        "en": "Case {ref} cannot go from “{current}” to “{target}”.",
    },
    "error.delete_not_closed": {
        "fr": "La demande {ref} doit être fermée avant d'être effacée.",
        "en": "Request {ref} must be closed before it can be erased.",
    },
    "error.invalid_input.required": {
        "fr": "Le champ « {field} » est obligatoire.",
        "en": "“{field}” is required.",
    },
    "error.invalid_input.too_long": {
        "fr": "Le champ « {field} » dépasse {max} caractères ({length}).",
        "en": "“{field}” is longer than {max} characters ({length}).",
    },
    "error.invalid_input.unknown": {
        "fr": "Valeur inconnue pour « {field} » : {value}. Valeurs permises : {allowed}.",
        "en": "Unknown value for “{field}”: {value}. Allowed: {allowed}.",
    },
    # One answer for an unknown user and for someone who cannot work the case: ids cannot be probed.
    "error.invalid_input.not_assignable": {
        "fr": "Ce dossier ne peut pas être attribué à cette personne : choisissez un conseiller de la liste.",
        "en": "This case cannot be assigned to that person: choose an advisor from the list.",
    },
    "error.invalid_input.unchecked": {
        "fr": "Cochez la case de {field} pour continuer.",
        "en": "Tick the {field} box to go on.",
    },
    "error.invalid_input.invalid": {
        "fr": "Valeur invalide pour « {field} ».",
        "en": "Invalid value for “{field}”.",
    },
    "error.login_rejected.invalid": {
        "fr": "Ce lien de connexion n'est pas valide. Demandez-en un nouveau avec /ses console.",
        "en": "This sign-in link is not valid. Ask for a new one with /ses console.",
    },
    "error.login_rejected.used": {
        "fr": "Ce lien de connexion a déjà servi. Demandez-en un nouveau avec /ses console.",
        "en": "This sign-in link has already been used. Ask for a new one with /ses console.",
    },
    "error.login_rejected.origin": {
        "fr": "Cette connexion n'a pas été envoyée depuis la console. Ouvrez le lien reçu dans Slack "
        "(/ses console).",
        "en": "This sign-in was not sent from the console. Open the link you received in Slack (/ses console).",
    },
    "error.login_rejected.expired": {
        "fr": "Ce lien de connexion a expiré (10 minutes). Demandez-en un nouveau avec /ses console.",
        "en": "This sign-in link has expired (10 minutes). Ask for a new one with /ses console.",
    },
    "error.vault_unavailable.no_keys": {
        "fr": "Demandes confidentielles indisponibles : aucune clé de chiffrement n'est configurée "
        "(SES_MASTER_KEYS, ou `ses keys generate`). Rien n'a été enregistré.",
        "en": "Confidential requests are unavailable: no encryption key is configured "
        "(SES_MASTER_KEYS, or `ses keys generate`). Nothing was saved.",
    },
    "error.vault_unavailable.keyring_invalid": {
        "fr": "Demandes confidentielles indisponibles : le trousseau de clés est illisible. "
        "Rien n'a été enregistré.",
        "en": "Confidential requests are unavailable: the keyring cannot be read. Nothing was saved.",
    },
    "error.vault_unavailable.keyring_permissions": {
        "fr": "Demandes confidentielles indisponibles : le fichier de clés est lisible par d'autres "
        "comptes (il doit être en 0600). Rien n'a été enregistré.",
        "en": "Confidential requests are unavailable: the key file is readable by other accounts "
        "(it must be 0600). Nothing was saved.",
    },
    "error.vault_unavailable.wrong_key": {
        "fr": "Demandes confidentielles indisponibles : la clé maîtresse ne correspond pas à celle "
        "qui a chiffré ce dossier. Rien n'a été enregistré.",
        "en": "Confidential requests are unavailable: the master key is not the one that encrypted "
        "this case. Nothing was saved.",
    },
    "error.vault_unavailable.unknown_version": {
        "fr": "Demandes confidentielles indisponibles : la version de clé maîtresse de ce dossier "
        "manque au trousseau. Rien n'a été enregistré.",
        "en": "Confidential requests are unavailable: the master key version of this case is "
        "missing from the keyring. Nothing was saved.",
    },
    "error.vault_unavailable.key_destroyed": {
        "fr": "Le contenu de ce dossier a été détruit (clé effacée). Rien n'a été enregistré.",
        "en": "This case's content was destroyed (its key was erased). Nothing was saved.",
    },
    "error.vault_unavailable.tampered": {
        "fr": "Le contenu chiffré de ce dossier a été altéré ou déplacé : lecture refusée.",
        "en": "This case's encrypted content was altered or moved: reading refused.",
    },
    # fields named in errors
    "field.subject": {"fr": "Objet", "en": "Subject"},
    "field.body": {"fr": "Message", "en": "Message"},
    "field.category": {"fr": "Catégorie", "en": "Category"},
    "field.priority": {"fr": "Urgence", "en": "Urgency"},
    "field.status": {"fr": "Statut", "en": "Status"},
    "field.then_status": {"fr": "Statut après la réponse", "en": "Status after the reply"},
    "field.reason": {"fr": "Motif", "en": "Reason"},
    "field.confirm": {"fr": "confirmation", "en": "confirmation"},
    "field.search": {"fr": "Recherche", "en": "Search"},
    "field.sort": {"fr": "Tri", "en": "Sort"},
    "field.lang": {"fr": "Langue", "en": "Language"},
    "field.locale": {"fr": "Langue", "en": "Language"},
    "field.role": {"fr": "Rôle", "en": "Role"},
    "field.office_kind": {"fr": "Type de charge", "en": "Kind of office"},
    "field.user_id": {"fr": "Identifiant Slack", "en": "Slack user id"},
    "field.requester": {"fr": "Demandeur", "en": "Requester"},
    "field.assignee_id": {"fr": "Conseiller", "en": "Advisor"},
    "field.kind": {"fr": "Type", "en": "Kind"},
    "field.source_question": {"fr": "Question d'origine", "en": "Original question"},
    "field.source_answer": {"fr": "Réponse du robot", "en": "Bot answer"},
    "field.filename": {"fr": "Nom du fichier", "en": "File name"},
    "field.text": {"fr": "Texte", "en": "Text"},
    "field.media_type": {"fr": "Type de fichier", "en": "File type"},
    # statuses
    "status.new": {"fr": "Nouveau", "en": "New"},
    "status.triaged": {"fr": "Trié", "en": "Triaged"},
    "status.assigned": {"fr": "Attribué", "en": "Assigned"},
    "status.waiting_for_requester": {"fr": "En attente du demandeur", "en": "Waiting for requester"},
    "status.answered": {"fr": "Répondu", "en": "Answered"},
    "status.closed": {"fr": "Fermé", "en": "Closed"},
    "status.reopen": {"fr": "Rouvert", "en": "Reopened"},
    "status.reply": {"fr": "Répondu", "en": "Replied"},
    "status.requester_message": {"fr": "Message du demandeur", "en": "Requester message"},
    # categories
    "category.conflict_of_interest": {"fr": "Conflit d'intérêts", "en": "Conflict of interest"},
    "category.gifts_hospitality": {"fr": "Cadeaux et marques d'hospitalité", "en": "Gifts and hospitality"},
    "category.outside_activities": {"fr": "Activités extérieures", "en": "Outside activities"},
    "category.post_employment": {"fr": "Après-mandat", "en": "Post-employment"},
    "category.political_activity": {"fr": "Activités politiques", "en": "Political activity"},
    "category.lobbying": {"fr": "Lobbying", "en": "Lobbying"},
    "category.wrongdoing_disclosure": {
        "fr": "Divulgation d'actes répréhensibles",
        "en": "Disclosure of wrongdoing",
    },
    "category.governance_board": {"fr": "Gouvernance / conseil", "en": "Governance / board"},
    "category.other": {"fr": "Autre", "en": "Other"},
    # priorities
    "priority.low": {"fr": "Faible", "en": "Low"},
    "priority.normal": {"fr": "Normale", "en": "Normal"},
    "priority.high": {"fr": "Élevée", "en": "High"},
    "priority.urgent": {"fr": "Urgente", "en": "Urgent"},
    # roles and offices
    "role.advisor": {"fr": "Conseiller", "en": "Advisor"},
    "role.confidential_advisor": {"fr": "Conseiller (confidentiel)", "en": "Confidential advisor"},
    "role.indexer": {"fr": "Indexation", "en": "Indexer"},
    "role.admin": {"fr": "Administration", "en": "Admin"},
    "office_kind.manager": {"fr": "Gestionnaire", "en": "Manager"},
    "office_kind.adjudicative_member": {"fr": "Membre d'un tribunal", "en": "Adjudicative member"},
    "office_kind.part_time_board_member": {
        "fr": "Administrateur à temps partiel",
        "en": "Part-time board member",
    },
    "office_kind.staff": {"fr": "Personnel", "en": "Staff"},
    # timeline
    "event.created": {"fr": "Dossier ouvert", "en": "Case opened"},
    "event.reply": {"fr": "Réponse au demandeur", "en": "Reply to requester"},
    "event.note": {"fr": "Note interne", "en": "Internal note"},
    "event.requester_message": {"fr": "Message du demandeur", "en": "Message from requester"},
    "event.status": {
        "fr": "Statut : {from_status} → {to_status}",
        "en": "Status: {from_status} → {to_status}",
    },
    "event.assignment": {"fr": "Attribué à {assignee}", "en": "Assigned to {assignee}"},
}
