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
    "answer.not_held": {
        "fr": ":books: Absent de l'index : « {named} ». Le bouton *Demander à un conseiller* ouvre un dossier.",
        "en": ":books: Not in the index: “{named}”. The *Ask an advisor* button opens a case.",
    },
    "answer.not_held_add": {
        "fr": ":inbox_tray: Vous pouvez indexer ce texte : envoyez-moi le fichier en message direct (PDF, Word, "
        "HTML, Markdown ou texte) ou tapez `/ses index <lien du fichier>` ; je répondrai aussitôt à partir de lui. "
        'En ligne de commande : `ses index add FICHIER --alias "{named}"`.',
        "en": ":inbox_tray: You can index this text: send me the file in a direct message (PDF, Word, HTML, "
        "Markdown or text) or type `/ses index <link to the file>`; I will answer from it right away. "
        'From the command line: `ses index add FILE --alias "{named}"`.',
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
    "case.closed_thread": {
        "fr": ":lock: Le dossier *{ref}* est fermé : votre message n'y a pas été ajouté. Pour une nouvelle "
        "question, écrivez-moi ici ou ouvrez un dossier avec `/ses dossier`.",
        "en": ":lock: Case *{ref}* is closed: your message was not added to it. For a new question, write to "
        "me here or open a case with `/ses case`.",
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
    "case.card_title": {"fr": "Dossier {ref}", "en": "Case {ref}"},
    "case.card_fields": {
        "fr": "*Demandeur :* <@{requester}>\n*Catégorie :* {category}\n*Urgence :* {priority}\n"
        "*Statut :* {status}\n*Conseiller :* {assignee}",
        "en": "*Requester:* <@{requester}>\n*Category:* {category}\n*Urgency:* {priority}\n"
        "*Status:* {status}\n*Advisor:* {assignee}",
    },
    "case.nobody": {"fr": "personne", "en": "nobody"},
    "case.claim": {"fr": "Prendre en charge", "en": "Claim"},
    "case.close": {"fr": "Fermer", "en": "Close"},
    "case.assign": {"fr": "Assigner", "en": "Assign"},
    "case.reply": {"fr": "Répondre", "en": "Reply"},
    "case.work_intro": {"fr": "Dossier *{ref}*", "en": "Case *{ref}*"},
    "case.assignee": {"fr": "Conseiller", "en": "Advisor"},
    "case.reply_text": {"fr": "Réponse au demandeur", "en": "Reply to the requester"},
    "case.reply_hint": {
        "fr": "Le demandeur la reçoit en message direct; elle s'ajoute au dossier.",
        "en": "The requester receives it by direct message; it is added to the case.",
    },
    "case.then_status": {"fr": "Ensuite", "en": "Then"},
    "case.then_unchanged": {"fr": "Laisser le statut tel quel", "en": "Leave the status as it is"},
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
        "conseillers habilités la liront ; vous serez prévenu ici de leur réponse, que vous lirez "
        "dans la console.",
        "en": ":lock: Your confidential request *{ref}* is stored, encrypted. Only authorised "
        "advisors will read it; you will be told here when they answer, and read it in the console.",
    },
    "confidential.reply_notice": {
        "fr": ":lock: Un conseiller a répondu à votre demande confidentielle *{ref}*. Pour protéger "
        "votre demande, la réponse ne passe pas par Slack : lisez-la et répondez dans la console "
        "(lien de connexion à usage unique, valable {minutes} min) : {url}",
        "en": ":lock: An advisor answered your confidential request *{ref}*. To protect your request, "
        "the answer does not go through Slack: read it and reply in the console (single-use sign-in "
        "link, valid {minutes} min): {url}",
    },
    "confidential.thread_not_kept": {
        "fr": ":lock: Pour protéger votre demande confidentielle *{ref}*, votre message n'a pas été "
        "enregistré : écrivez-le dans la console, avec le lien reçu ici ou un nouveau par `/ses console`.",
        "en": ":lock: To protect your confidential request *{ref}*, your message was not kept: write "
        "it in the console, with the link you received here or a new one from `/ses console`.",
    },
    "confidential.waiting_dm": {
        "fr": ":lock: Une demande confidentielle attend dans la console : {url}",
        "en": ":lock: A confidential request is waiting in the console: {url}",
    },
    "home.cases": {"fr": "Vos dossiers", "en": "Your cases"},
    "home.cases_none": {"fr": "Aucun dossier ouvert.", "en": "No open cases."},
    "home.queue": {"fr": "File des conseillers", "en": "Advisors' queue"},
    "home.queue_none": {"fr": "Aucun dossier en attente.", "en": "No cases waiting."},
    "home.confidential_waiting": {
        "fr": ":lock: Demandes confidentielles en attente : *{count}*. Elles se traitent dans la console "
        "(`/ses console`).",
        "en": ":lock: Confidential requests waiting: *{count}*. They are worked in the console (`/ses console`).",
    },
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
    "rate.ask": {
        "fr": ":hourglass: Vous avez atteint la limite de {limit} questions par minute. "
        "Reposez votre question dans {seconds} s.",
        "en": ":hourglass: You have reached the limit of {limit} questions per minute. "
        "Please ask again in {seconds} s.",
    },
    "rate.console_link": {
        "fr": ":hourglass: Vous avez déjà demandé {limit} liens de connexion cette heure-ci. "
        "Réessayez dans {minutes} min.",
        "en": ":hourglass: You have already asked for {limit} sign-in links this hour. "
        "Please try again in {minutes} min.",
    },
    # --- the HTTP edge: web questions and refused requests (plain text: read in a browser) --------
    "http.ask_rate": {
        "fr": "Vous avez atteint la limite de {limit} questions par minute. Réessayez dans {seconds} s.",
        "en": "You have reached the limit of {limit} questions per minute. Try again in {seconds} s.",
    },
    "http.ask_busy": {
        "fr": "Le service répond déjà à d'autres questions. Réessayez dans un instant.",
        "en": "The service is already answering other questions. Try again in a moment.",
    },
    "http.sign_in_required": {
        "fr": "Connectez-vous d'abord à la console : dans Slack, tapez /ses console pour recevoir un lien.",
        "en": "Sign in to the console first: in Slack, type /ses console to receive a link.",
    },
    "web.feedback_helpful": {
        "fr": "Merci ! Votre avis est transmis aux conseillers.",
        "en": "Thank you! Your feedback goes to the advisors.",
    },
    "web.feedback_unhelpful": {
        "fr": "Merci ! Les conseillers verront que cette réponse ne vous a pas aidé.",
        "en": "Thank you! The advisors will see that this answer did not help you.",
    },
    "web.advisor_how": {
        "fr": "Pour joindre un conseiller du Secrétariat : dans Slack, tapez /ses dossier, ou cliquez "
        "« Demander à un conseiller » sous une réponse du bot. Déjà inscrit ? Tapez /ses console pour "
        "recevoir un lien de connexion, puis revenez ici : votre question deviendra un dossier.",
        "en": "To reach an advisor at the Secretariat: in Slack, type /ses case, or click "
        "“Ask an advisor” under one of the bot's answers. Already registered? Type /ses console to "
        "receive a sign-in link, then come back here: your question will become a case.",
    },
    "web.advisor_csrf": {
        "fr": "Votre session a changé : rechargez la page, puis réessayez.",
        "en": "Your session has changed: reload the page, then try again.",
    },
    "web.case_opened": {
        "fr": "Votre demande {ref} est transmise aux conseillers du Secrétariat, avec la question et la réponse.",
        "en": "Your request {ref} has gone to the Secretariat's advisors, with the question and the answer.",
    },
    "http.too_large": {
        "fr": "La requête est trop volumineuse.",
        "en": "The request is too large.",
    },
    "http.malformed": {
        "fr": "La requête est illisible (JSON mal formé ou trop imbriqué).",
        "en": "The request cannot be read (malformed or too deeply nested JSON).",
    },
    "http.invalid_input": {
        "fr": "Requête invalide : vérifiez le champ « {field} ».",
        "en": "Invalid request: check the field “{field}”.",
    },
    "http.too_long": {
        "fr": "Le champ « {field} » dépasse {limit} caractères.",
        "en": "The field “{field}” is over {limit} characters.",
    },
    "http.internal_error": {
        "fr": "Erreur interne du serveur. Réessayez plus tard.",
        "en": "Internal server error. Please try again later.",
    },
    "console.link": {
        "fr": ":key: Votre lien de connexion à la console (usage unique, valable {minutes} min) : {url}",
        "en": ":key: Your sign-in link to the console (single use, valid {minutes} min): {url}",
    },
    "console.link_sent": {
        "fr": ":key: Je vous ai envoyé un lien de connexion à la console en message direct.",
        "en": ":key: I sent you a sign-in link to the console by direct message.",
    },
    "console.not_registered": {
        "fr": "Vous n'avez pas accès à la console. Un administrateur peut vous y inscrire.",
        "en": "You do not have access to the console. An administrator can register you.",
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
        "Exemple : `/ses {example}`\n"
        "Aussi : `/ses dossier` (demander un conseiller), `/ses confidentiel` (demande confidentielle), "
        "`/ses console` (lien de connexion à la console), `/ses index <lien du fichier>` (personnel autorisé).",
        "en": "*/ses <question>*: I answer here, privately, citing the law; "
        "a button then lets you post the answer to the channel.\n"
        "Example: `/ses {example}`\n"
        "Also: `/ses case` (ask an advisor), `/ses confidential` (confidential request), "
        "`/ses console` (sign-in link to the console), `/ses index <file link>` (authorised staff).",
    },
    "example": {
        "fr": "Puis-je accepter deux billets pour un match offerts par un fournisseur ?",
        "en": "May I accept two tickets to a game offered by a supplier?",
    },
    # --- documents sent to the index (bot/flows/indexing.py) ------------------------------------------
    "index.refused": {
        "fr": "Merci ! Seules les personnes chargées de l'indexation peuvent ajouter des documents à "
        "l'index ; je n'ai rien téléchargé. Pour poser une question, écrivez-la simplement dans un message.",
        "en": "Thank you! Only the people in charge of indexing can add documents to the index; I "
        "downloaded nothing. To ask a question, just write it in a message.",
    },
    "index.refused_undo": {
        "fr": "Seules les personnes chargées de l'indexation peuvent annuler un ajout.",
        "en": "Only the people in charge of indexing can undo an addition.",
    },
    "index.usage": {
        "fr": "*/ses index <lien du fichier>* : ajoute à l'index un fichier déjà partagé dans Slack "
        "(copiez son lien : *Copier le lien du fichier*). Vous pouvez aussi m'envoyer le fichier en message direct.",
        "en": "*/ses index <file link>*: adds to the index a file already shared in Slack "
        "(copy its link: *Copy link to file*). You can also send me the file in a direct message.",
    },
    "index.see_dm": {
        "fr": ":inbox_tray: C'est noté : je vous écris en message direct pour la suite.",
        "en": ":inbox_tray: Got it: I will keep you posted in a direct message.",
    },
    "index.status.queued": {
        "fr": ":inbox_tray: Document reçu ; l'indexation commence dès que possible.",
        "en": ":inbox_tray: Document received; indexing starts as soon as possible.",
    },
    "index.status.downloading": {
        "fr": ":arrow_down: Téléchargement de *{name}*…",
        "en": ":arrow_down: Downloading *{name}*…",
    },
    "index.status.reading": {
        "fr": ":page_facing_up: Lecture des documents : {done}/{total}…",
        "en": ":page_facing_up: Reading the documents: {done}/{total}…",
    },
    "index.status.encoding": {
        "fr": ":gear: Encodage des passages : {done}/{total}…",
        "en": ":gear: Encoding passages: {done}/{total}…",
    },
    "index.status.encoding_questions": {
        "fr": ":gear: Encodage des questions : {done}/{total}…",
        "en": ":gear: Encoding questions: {done}/{total}…",
    },
    "index.status.done": {
        "fr": ":white_check_mark: Indexation terminée : la version {version} est active.",
        "en": ":white_check_mark: Indexing done: version {version} is live.",
    },
    "index.added": {
        "fr": ":white_check_mark: *{title}* ajouté à l'index\n`{doc}` · {lang} · {kind} — {provisions} {what}, "
        "{passages} passages",
        "en": ":white_check_mark: *{title}* added to the index\n`{doc}` · {lang} · {kind} — {provisions} {what}, "
        "{passages} passages",
    },
    "index.replaced": {
        "fr": ":arrows_counterclockwise: *{title}* remplacé dans l'index\n`{doc}` · {lang} · {kind} — "
        "{provisions} {what}, {passages} passages",
        "en": ":arrows_counterclockwise: *{title}* replaced in the index\n`{doc}` · {lang} · {kind} — "
        "{provisions} {what}, {passages} passages",
    },
    "index.added_fallback": {"fr": "Ajouté à l'index : {titles}", "en": "Added to the index: {titles}"},
    "index.version": {
        "fr": "Version active de l'index : {version}. Les réponses citent ce document dès maintenant.",
        "en": "Live index version: {version}. Answers cite this document from now on.",
    },
    "index.undo": {"fr": "Annuler l'ajout", "en": "Undo"},
    "index.undoing": {
        "fr": ":hourglass_flowing_sand: Annulation en cours…",
        "en": ":hourglass_flowing_sand: Undoing…",
    },
    "index.undone": {
        "fr": ":leftwards_arrow_with_hook: Ajout annulé par <@{user}> : {documents} retiré(s) de l'index. "
        "Version active : {version}.",
        "en": ":leftwards_arrow_with_hook: Addition undone by <@{user}>: {documents} removed from the index. "
        "Live version: {version}.",
    },
    "index.undone_fallback": {"fr": "Ajout annulé", "en": "Addition undone"},
    "index.unchanged": {
        "fr": "Rien n'a été modifié : l'index est tel qu'il était.",
        "en": "Nothing was changed: the index is as it was.",
    },
    "index.structure.article": {"fr": "articles", "en": "articles"},
    "index.structure.section": {"fr": "articles", "en": "sections"},
    "index.structure.numbered": {"fr": "paragraphes numérotés", "en": "numbered paragraphs"},
    "index.structure.heading": {"fr": "parties titrées", "en": "headed parts"},
    "index.structure.page": {"fr": "pages", "en": "pages"},
    "index.structure.paragraph": {"fr": "parties", "en": "parts"},
    "index.kind.law": {"fr": "loi", "en": "act"},
    "index.kind.regulation": {"fr": "règlement", "en": "regulation"},
    "index.kind.directive": {"fr": "directive", "en": "directive"},
    "index.kind.guideline": {"fr": "ligne directrice", "en": "guideline"},
    "index.kind.code": {"fr": "code", "en": "code"},
    "index.kind.faq": {"fr": "FAQ", "en": "FAQ"},
    "index.kind.document": {"fr": "document", "en": "document"},
    "index.error.busy": {
        "fr": ":hourglass: Une autre indexation est en cours (lancée par {who}, à {at}). "
        "Renvoyez le document dans quelques minutes.",
        "en": ":hourglass: Another indexing job is running (started by {who}, at {at}). "
        "Send the document again in a few minutes.",
    },
    "index.error.not_found": {
        "fr": "Je ne trouve pas ce fichier dans Slack (supprimé, ou partagé dans une conversation où je ne suis pas ?).",
        "en": "I cannot find this file in Slack (deleted, or shared in a conversation I am not in?).",
    },
    "index.error.external": {
        "fr": "*{name}* n'est pas un fichier téléversé dans Slack (lien externe, extrait ou publication) : "
        "envoyez le fichier lui-même.",
        "en": "*{name}* is not a file uploaded to Slack (external link, snippet or post): send the file itself.",
    },
    "index.error.download_failed": {
        "fr": "Je n'ai pas pu télécharger *{name}* depuis Slack. Réessayez dans un moment ; si cela "
        "persiste, vérifiez que l'application a la permission `files:read`.",
        "en": "I could not download *{name}* from Slack. Try again in a moment; if it persists, check "
        "that the app has the `files:read` permission.",
    },
    "index.error.too_big": {
        "fr": "*{name}* dépasse la taille maximale de {limit} Mo ; je ne l'ai pas téléchargé.",
        "en": "*{name}* is over the {limit} MB size limit; I did not download it.",
    },
    "index.error.empty": {"fr": "*{name}* est vide.", "en": "*{name}* is empty."},
    "index.error.unsupported": {
        "fr": "Je ne sais pas lire le type de *{name}* : envoyez un PDF, un document Word (.docx), une page "
        "HTML, du Markdown ou du texte.",
        "en": "I cannot read the type of *{name}*: send a PDF, a Word document (.docx), an HTML page, "
        "Markdown or text.",
    },
    "index.error.mismatch": {
        "fr": "Le contenu de *{name}* ne correspond pas à son extension ; renommez ou convertissez le fichier.",
        "en": "The content of *{name}* does not match its extension; rename or convert the file.",
    },
    "index.error.password": {
        "fr": "*{name}* est protégé par un mot de passe : enregistrez-en une copie sans protection et envoyez-la.",
        "en": "*{name}* is password-protected: save an unprotected copy and send that.",
    },
    "index.error.no_text_layer": {
        "fr": "*{name}* ne contient pas de texte (un document numérisé ?) : envoyez un PDF avec du texte.",
        "en": "*{name}* holds no text (a scanned document?): send a PDF with text.",
    },
    "index.error.too_many_pages": {
        "fr": "*{name}* a trop de pages pour être indexé.",
        "en": "*{name}* has too many pages to be indexed.",
    },
    "index.error.unsafe": {
        "fr": "*{name}* a une structure interne dangereuse ; je l'ai refusé par sécurité.",
        "en": "*{name}* has a dangerous internal structure; I refused it for safety.",
    },
    "index.error.damaged": {
        "fr": "*{name}* est endommagé ou illisible : ouvrez-le, enregistrez-le de nouveau et renvoyez-le.",
        "en": "*{name}* is damaged or unreadable: open it, save it again and send it back.",
    },
    "index.error.no_text": {
        "fr": "Je n'ai trouvé aucun texte à indexer dans *{name}*.",
        "en": "I found no text to index in *{name}*.",
    },
    "index.error.too_little_text": {
        "fr": "*{name}* ne contient presque rien d'autre que son titre : envoyez le texte complet du document.",
        "en": "*{name}* holds little more than its title: send the full text of the document.",
    },
    "index.error.faq": {
        "fr": "Le fichier de questions *{name}* a une entrée invalide : {detail}",
        "en": "The questions file *{name}* has an invalid entry: {detail}",
    },
    "index.error.language": {
        "fr": "*{name}* ne semble rédigé ni en français ni en anglais ; utilisez `ses index add --lang` pour l'indexer quand même.",
        "en": "*{name}* seems written in neither French nor English; use `ses index add --lang` to index it anyway.",
    },
    "index.error.bundled": {
        "fr": "*{name}* porte le nom d'un texte du corpus fourni : renommez le fichier.",
        "en": "*{name}* has the name of a text of the bundled corpus: rename the file.",
    },
    "index.error.refused": {
        "fr": "*{name}* a été refusé : {detail}",
        "en": "*{name}* was refused: {detail}",
    },
    "index.error.generic": {
        "fr": "Désolé, un problème a interrompu l'indexation. Réessayez, ou utilisez `ses index add`.",
        "en": "Sorry, a problem interrupted the indexing. Try again, or use `ses index add`.",
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
    "home.index_staff": {"fr": "L'index (équipe d'indexation)", "en": "The index (indexing staff)"},
    "home.index_document": {
        "fr": "• *{title}*{added} — {kind}, {lang}, {passages} passages",
        "en": "• *{title}*{added} — {kind}, {lang}, {passages} passages",
    },
    "home.index_more": {
        "fr": "… et {count} autres — `ses index list`",
        "en": "… and {count} more — `ses index list`",
    },
    "home.index_version": {
        "fr": "Version active {version}, construite le {built_at} : {documents} documents. "
        ":pushpin: ajouté par l'équipe ; envoyez-moi un fichier en message direct pour l'ajouter.",
        "en": "Live version {version}, built {built_at}: {documents} documents. "
        ":pushpin: added by staff; send me a file in a direct message to add it.",
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
