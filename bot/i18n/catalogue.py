"""Every string the bot shows, in French (the default) and English. Slack mrkdwn is allowed."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    # --- answers -------------------------------------------------------------------------------
    "answer.abstained": {
        "fr": ":warning: Aucun texte du corpus ne répond à cette question.",
        "en": ":warning: No text in the corpus answers this question.",
    },
    "answer.refused": {
        "fr": ":scales: Indépendance décisionnelle",
        "en": ":scales: Decisional independence",
    },
    "answer.read": {"fr": "Lire le texte", "en": "Read the text"},
    "answer.fallback": {"fr": "Réponse à votre question", "en": "Answer to your question"},
    "answer.continued": {"fr": "(suite)", "en": "(continued)"},
    "button.helpful": {"fr": ":+1: Utile", "en": ":+1: Helpful"},
    "button.unhelpful": {"fr": ":-1: Pas utile", "en": ":-1: Not helpful"},
    "button.ask_advisor": {"fr": "Demander à un conseiller", "en": "Ask an advisor"},
    "button.post_to_channel": {"fr": "Publier dans le canal", "en": "Post to channel"},
    "posted.by": {
        "fr": "<@{user}> a demandé : {question}",
        "en": "<@{user}> asked: {question}",
    },
    # --- feedback and advisor ------------------------------------------------------------------
    "feedback.thanks_helpful": {
        "fr": ":+1: Merci ! Votre avis est transmis aux conseillers.",
        "en": ":+1: Thank you! Your feedback goes to the advisors.",
    },
    "feedback.thanks_unhelpful": {
        "fr": ":-1: Merci ! Les conseillers verront que cette réponse ne vous a pas aidé.",
        "en": ":-1: Thank you! The advisors will see that this answer did not help you.",
    },
    # --- cases ---------------------------------------------------------------------------------
    "case.reply_dm": {
        "fr": ":speech_balloon: Réponse d'un conseiller à votre dossier *{ref}* :\n\n{text}",
        "en": ":speech_balloon: An advisor replied to your case *{ref}*:\n\n{text}",
    },
    "case.requester_message_ack": {
        "fr": ":envelope_with_arrow: Merci, votre message a été ajouté au dossier *{ref}*.",
        "en": ":envelope_with_arrow: Thank you, your message was added to case *{ref}*.",
    },
    "case.modal_title": {"fr": "Demander un conseil", "en": "Ask an advisor"},
    "case.modal_submit": {"fr": "Envoyer", "en": "Send"},
    "case.modal_cancel": {"fr": "Annuler", "en": "Cancel"},
    "case.subject": {"fr": "Objet", "en": "Subject"},
    "case.details": {"fr": "Détails", "en": "Details"},
    "case.category": {"fr": "Catégorie", "en": "Category"},
    "case.priority": {"fr": "Urgence", "en": "Urgency"},
    "case.bot_answer": {"fr": "Réponse du bot :", "en": "The bot's answer:"},
    "case.opened_dm": {
        "fr": ":inbox_tray: Votre demande *{ref}* est transmise aux conseillers du Secrétariat. "
        "Vous recevrez leur réponse ici.",
        "en": ":inbox_tray: Your request *{ref}* has gone to the Secretariat's advisors. "
        "Their answer will reach you here.",
    },
    "case.card_title": {"fr": "Nouveau dossier {ref}", "en": "New case {ref}"},
    "case.card_fields": {
        "fr": "*Demandeur :* <@{requester}>\n*Catégorie :* {category}\n*Urgence :* {priority}\n"
        "*Statut :* {status}\n*Conseiller :* {assignee}",
        "en": "*Requester:* <@{requester}>\n*Category:* {category}\n*Urgency:* {priority}\n"
        "*Status:* {status}\n*Advisor:* {assignee}",
    },
    "case.nobody": {"fr": "personne", "en": "nobody"},
    "case.claim": {"fr": "Prendre en charge", "en": "Claim"},
    "case.close": {"fr": "Fermer", "en": "Close"},
    "confidential.button": {"fr": "Demande confidentielle", "en": "Confidential request"},
    "confidential.modal_title": {"fr": "Demande confidentielle", "en": "Confidential request"},
    "confidential.unavailable": {
        "fr": ":lock: Les demandes confidentielles sont indisponibles pour le moment (clés de "
        "chiffrement non configurées). Rien n'a été enregistré ; écrivez directement au Secrétariat.",
        "en": ":lock: Confidential requests are unavailable right now (encryption keys are not "
        "configured). Nothing was stored; please write to the Secretariat directly.",
    },
    "confidential.opening": {
        "fr": ":lock: Un formulaire privé s'ouvre ; rien ne sera publié dans ce canal.",
        "en": ":lock: A private form is opening; nothing will be posted in this channel.",
    },
    "confidential.opened_dm": {
        "fr": ":lock: Votre demande confidentielle *{ref}* est enregistrée, chiffrée. Seuls les "
        "conseillers habilités la liront ; leur réponse vous parviendra ici.",
        "en": ":lock: Your confidential request *{ref}* is stored, encrypted. Only authorised "
        "advisors will read it; their answer will reach you here.",
    },
    "confidential.waiting_dm": {
        "fr": ":lock: Une demande confidentielle attend dans la console : {url}",
        "en": ":lock: A confidential request is waiting in the console: {url}",
    },
    "home.cases": {"fr": "Vos dossiers", "en": "Your cases"},
    "home.cases_none": {"fr": "Aucun dossier ouvert.", "en": "No open cases."},
    "home.queue": {"fr": "File des conseillers", "en": "Advisors' queue"},
    "home.queue_none": {"fr": "Aucun dossier en attente.", "en": "No cases waiting."},
    "home.ask_advisor": {"fr": "Demander à un conseiller", "en": "Ask an advisor"},
    # --- problems ------------------------------------------------------------------------------
    "busy": {
        "fr": ":hourglass_flowing_sand: Beaucoup de questions arrivent en même temps : "
        "la vôtre est en attente et je réessaie dans un instant.",
        "en": ":hourglass_flowing_sand: Many questions are arriving at once: "
        "yours is waiting and I will retry in a moment.",
    },
    "gave_up": {
        "fr": "Désolé, je n'ai pas pu traiter votre question à temps. Reposez-la dans quelques minutes.",
        "en": "Sorry, I could not get to your question in time. Please ask again in a few minutes.",
    },
    "error.generic": {
        "fr": "Désolé, un problème m'a empêché de répondre. Réessayez, ou écrivez au Secrétariat.",
        "en": "Sorry, a problem kept me from answering. Try again, or write to the Secretariat.",
    },
    "error.index_missing": {
        "fr": "Je ne peux pas encore répondre : l'index des textes n'est pas construit. "
        "Un administrateur doit lancer `ses index build`.",
        "en": "I cannot answer yet: the index of the texts has not been built. "
        "An administrator needs to run `ses index build`.",
    },
    "error.index_corrupt": {
        "fr": "Je ne peux pas répondre : l'index des textes est endommagé. "
        "Un administrateur doit lancer `ses index build`.",
        "en": "I cannot answer: the index of the texts is damaged. "
        "An administrator needs to run `ses index build`.",
    },
    "error.index_loading": {
        "fr": "Je suis en train de démarrer ; reposez votre question dans une minute.",
        "en": "I am starting up; please ask again in a minute.",
    },
    "invalid.empty": {
        "fr": "Posez-moi une question, par exemple : « {example} »",
        "en": "Ask me a question, for example: “{example}”",
    },
    "invalid.too_long": {
        "fr": "Votre question est trop longue ({limit} caractères au plus). Pouvez-vous la résumer ?",
        "en": "Your question is too long ({limit} characters at most). Could you shorten it?",
    },
    "invalid.no_words": {
        "fr": "Je n'ai pas trouvé de mots dans votre message. Posez votre question en français ou en anglais.",
        "en": "I found no words in your message. Please ask your question in English or French.",
    },
    # --- the /ses command ----------------------------------------------------------------------
    "command.help": {
        "fr": "*/ses <question>* : je réponds ici, en privé, avec les articles de loi à l'appui ; "
        "un bouton permet ensuite de publier la réponse dans le canal.\n"
        "Exemple : `/ses {example}`",
        "en": "*/ses <question>*: I answer here, privately, citing the law; "
        "a button then lets you post the answer to the channel.\n"
        "Example: `/ses {example}`",
    },
    "example": {
        "fr": "Puis-je accepter deux billets pour un match offerts par un fournisseur ?",
        "en": "May I accept two tickets to a game offered by a supplier?",
    },
    # --- App Home ------------------------------------------------------------------------------
    "home.title": {"fr": "Conseiller en éthique", "en": "Ethics advisor"},
    "home.intro": {
        "fr": "Je réponds aux questions d'éthique et de gouvernance à partir des lois et règlements "
        "fédéraux, en citant les articles. Mes réponses ne remplacent pas l'avis d'un conseiller.",
        "en": "I answer ethics and governance questions from federal laws and regulations, "
        "citing the provisions. My answers do not replace an advisor's opinion.",
    },
    "home.how": {"fr": "Comment me poser une question", "en": "How to ask me"},
    "home.how_body": {
        "fr": "• Mentionnez-moi dans un canal : `@{bot} votre question` (je réponds dans le fil)\n"
        "• Écrivez-moi en message direct\n"
        "• Tapez `/ses votre question` (réponse visible par vous seul)\n"
        "• Répondez dans le fil d'une de mes réponses pour préciser votre question",
        "en": "• Mention me in a channel: `@{bot} your question` (I answer in the thread)\n"
        "• Send me a direct message\n"
        "• Type `/ses your question` (only you see the answer)\n"
        "• Reply in the thread of one of my answers to follow up",
    },
    "home.examples": {"fr": "Exemples", "en": "Examples"},
    "home.corpus": {"fr": "Les textes que je connais", "en": "The texts I know"},
    "home.document": {
        "fr": "• {title} — à jour au {current_to}",
        "en": "• {title} — current to {current_to}",
    },
    "home.document_undated": {"fr": "• {title}", "en": "• {title}"},
    "home.index": {
        "fr": "Index du {built_at} : {passages} passages, {documents} documents.",
        "en": "Index of {built_at}: {passages} passages, {documents} documents.",
    },
    "home.loading": {
        "fr": "L'index est en cours de chargement ; la liste des textes s'affichera bientôt.",
        "en": "The index is loading; the list of texts will appear shortly.",
    },
    "home.recent": {"fr": "Vos dernières questions", "en": "Your recent questions"},
    "home.recent_none": {"fr": "Aucune question pour l'instant.", "en": "No questions yet."},
}

EXAMPLES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Puis-je accepter deux billets pour un match offerts par un fournisseur ?",
        "Quand dois-je me récuser si l'entreprise de mon beau-frère soumissionne ?",
        "Que prévoit l'article 33 de la Loi sur les conflits d'intérêts ?",
    ),
    "en": (
        "May I accept two tickets to a game offered by a supplier?",
        "When must I recuse myself if my brother-in-law's company bids on a contract?",
        "What does section 33 of the Conflict of Interest Act say?",
    ),
}
