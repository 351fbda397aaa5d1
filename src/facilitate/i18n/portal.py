"""Messages of the participants' phone pages and the printable cards."""

MESSAGES: dict[str, dict[str, str]] = {
    # pages -----------------------------------------------------------------------------------
    "portal.now": {"en": "Now", "fr": "En ce moment"},
    "portal.not_started": {
        "en": "The session has not started yet.",
        "fr": "La séance n'a pas encore commencé.",
    },
    "portal.round": {"en": "Round {n}", "fr": "Tour {n}"},
    "portal.question": {"en": "Question", "fr": "Question"},
    "portal.tables": {"en": "Tables", "fr": "Tables"},
    "portal.spaces": {"en": "Spaces", "fr": "Espaces"},
    "portal.topic": {"en": "Topic", "fr": "Sujet"},
    "portal.host": {"en": "Host", "fr": "Hôte"},
    "portal.back": {"en": "All tables", "fr": "Toutes les tables"},
    "portal.agenda": {"en": "Agenda", "fr": "Programme"},
    "portal.agenda_wall": {"en": "Agenda wall", "fr": "Mur du programme"},
    "portal.agenda_empty": {
        "en": "No topic on the wall yet.",
        "fr": "Aucun sujet au mur pour l'instant.",
    },
    "portal.slot": {"en": "Slot {n}", "fr": "Créneau {n}"},
    "portal.space": {"en": "Space {n}", "fr": "Espace {n}"},
    "portal.unplaced": {"en": "Not placed yet", "fr": "Pas encore placés"},
    "portal.convener": {"en": "convened by {name}", "fr": "proposé par {name}"},
    "portal.contributions": {"en": "Said at this table", "fr": "Dit à cette table"},
    "portal.no_contributions": {
        "en": "Nothing yet: be the first.",
        "fr": "Rien pour l'instant : lancez-vous.",
    },
    "portal.contributions_hidden": {
        "en": "The facilitator keeps the table's contributions private for now.",
        "fr": "L'animation garde pour l'instant les contributions de la table privées.",
    },
    "portal.add": {"en": "Add to the table", "fr": "Contribuer"},
    "portal.kind": {"en": "What is it?", "fr": "De quoi s'agit-il ?"},
    "portal.text": {"en": "Your text", "fr": "Votre texte"},
    "portal.author": {"en": "Your name (optional)", "fr": "Votre nom (facultatif)"},
    "portal.send": {"en": "Send", "fr": "Envoyer"},
    "portal.sent": {"en": "Thank you: it is saved.", "fr": "Merci : c'est enregistré."},
    "portal.closed": {
        "en": "Submissions are closed for now.",
        "fr": "Les contributions sont fermées pour le moment.",
    },
    "portal.anonymous": {"en": "anonymous", "fr": "anonyme"},
    "portal.privacy": {
        "en": "No account, no tracking: only your optional name is kept with what you write.",
        "fr": "Ni compte ni pistage : seul votre nom, si vous le donnez, accompagne votre texte.",
    },
    "portal.lang_switch": {"en": "Français", "fr": "English"},
    # dot vote ----------------------------------------------------------------------------------
    "portal.vote": {"en": "Dot vote", "fr": "Vote par gommettes"},
    "portal.vote_closed": {"en": "No vote is running now.", "fr": "Aucun vote en cours."},
    "portal.dots_left": {
        "en": "Dots left: {left} of {allowed}",
        "fr": "Gommettes restantes : {left} sur {allowed}",
    },
    "portal.give_dot": {"en": "Give a dot", "fr": "Donner une gommette"},
    "portal.dots": {"en": "{n} dots", "fr": "{n} gommettes"},
    "portal.no_proposals": {"en": "No proposal yet.", "fr": "Aucune proposition pour l'instant."},
    "portal.voted": {"en": "Your dot is placed.", "fr": "Votre gommette est posée."},
    # moving debate ------------------------------------------------------------------------------
    "portal.debate": {"en": "Moving debate", "fr": "Débat mouvant"},
    "portal.debate_closed": {
        "en": "No moving debate now.",
        "fr": "Pas de débat mouvant en ce moment.",
    },
    "portal.statement": {"en": "Statement", "fr": "Affirmation"},
    "portal.your_side": {"en": "Where do you stand?", "fr": "Où vous placez-vous ?"},
    "portal.side_now": {"en": "You stand: {side}", "fr": "Votre position : {side}"},
    "portal.moved_because": {
        "en": "If you moved: why? (optional)",
        "fr": "Si vous avez bougé : pourquoi ? (facultatif)",
    },
    "portal.position_saved": {
        "en": "Your position is saved.",
        "fr": "Votre position est enregistrée.",
    },
    # meaning -----------------------------------------------------------------------------------
    "portal.meaning": {"en": "The meaning of the project", "fr": "Le sens du projet"},
    "portal.meaning_closed": {
        "en": "This question is not open now.",
        "fr": "Cette question n'est pas ouverte en ce moment.",
    },
    "portal.actor": {
        "en": "Your name or role (optional)",
        "fr": "Votre nom ou fonction (facultatif)",
    },
    "portal.structure": {"en": "Your organisation", "fr": "Votre structure"},
    "portal.territory": {"en": "Your territory", "fr": "Votre territoire"},
    "portal.purpose": {"en": "What is the project for?", "fr": "À quoi sert le projet ?"},
    "portal.serves": {
        "en": "How does it serve your territory or organisation?",
        "fr": "En quoi sert-il votre territoire ou votre structure ?",
    },
    "portal.meaning_saved": {"en": "Your answer is saved.", "fr": "Votre réponse est enregistrée."},
    # refusals ----------------------------------------------------------------------------------
    "portal.plain": {"en": "{text}", "fr": "{text}"},
    "portal.error": {"en": "Sorry", "fr": "Désolé"},
    "portal.too_long": {
        "en": "The text is too long: {max} characters at most.",
        "fr": "Le texte est trop long : {max} caractères au plus.",
    },
    "portal.too_large": {
        "en": "The request is too large.",
        "fr": "La requête est trop volumineuse.",
    },
    "portal.too_many": {
        "en": "Too many submissions at once: wait {seconds} s and try again.",
        "fr": "Trop d'envois d'un coup : attendez {seconds} s puis réessayez.",
    },
    "portal.bad_origin": {
        "en": "This form was sent from another site.",
        "fr": "Ce formulaire vient d'un autre site.",
    },
    "portal.bad_host": {"en": "Unknown host name.", "fr": "Nom d'hôte inconnu."},
    "portal.bad_request": {"en": "This request is not understood.", "fr": "Requête incomprise."},
    "portal.not_now": {
        "en": "This is not open at the moment.",
        "fr": "Ce n'est pas ouvert en ce moment.",
    },
    "portal.save_failed": {
        "en": "It could not be saved; please try again.",
        "fr": "L'enregistrement a échoué ; réessayez.",
    },
    "portal.port_in_use": {
        "en": "port {port} is already in use: close the other program or choose another port",
        "fr": "le port {port} est déjà utilisé : fermez l'autre programme ou choisissez un autre port",
    },
    "portal.serving": {
        "en": "Portal open; Ctrl+C to stop.",
        "fr": "Portail ouvert ; Ctrl+C pour arrêter.",
    },
    # printables --------------------------------------------------------------------------------
    "cards.title": {"en": "Cards to print: {title}", "fr": "Cartes à imprimer : {title}"},
    "cards.host": {"en": "Host: {name}", "fr": "Hôte : {name}"},
    "cards.fold": {"en": "fold here", "fr": "plier ici"},
    "cards.scan": {"en": "Scan to add your ideas", "fr": "Scannez pour contribuer"},
    "cards.or_type": {"en": "or type:", "fr": "ou tapez :"},
    "cards.route": {"en": "Your route", "fr": "Votre parcours"},
    "cards.route_round": {"en": "Round {n}", "fr": "Tour {n}"},
    "cards.hosting": {"en": "you host this table", "fr": "vous animez cette table"},
    "cards.poster": {"en": "Open forum agenda", "fr": "Programme du forum ouvert"},
    "cards.table_cards": {"en": "Table cards", "fr": "Chevalets de table"},
    "cards.route_cards": {"en": "Route cards", "fr": "Cartes de parcours"},
    "cards.no_question": {"en": "Your ideas on the topic", "fr": "Vos idées sur le sujet"},
}
