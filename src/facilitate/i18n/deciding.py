"""Messages of the decision methods: dot voting, consent, the moving debate (fr and en)."""

_ROUNDS = {
    "presentation": ("Presentation", "Présentation"),
    "questions": ("Clarifying questions", "Questions de clarification"),
    "reactions": ("Reactions", "Réactions"),
    "objections": ("Objections", "Objections"),
    "integration": ("Integration", "Bonification"),
    "consent": ("Consent", "Consentement"),
}
_HINTS = {
    "start": (
        "p puts the step's proposal on the table; k chooses another.",
        "p met la proposition de l'étape sur la table ; k en choisit une autre.",
    ),
    "presentation": (
        "The proposer presents the proposal and the aim it serves. Then p.",
        "La personne qui porte la proposition la présente, avec son but. Puis p.",
    ),
    "questions": (
        "Round of questions to understand, no opinions yet: a notes each one. Then p.",
        "Tour de questions pour comprendre, sans avis : a note chacune. Puis p.",
    ),
    "reactions": (
        "Round of reactions: each person says briefly what they think or feel (a). Then p.",
        "Tour de réactions : chacun dit brièvement ce qu'il pense ou ressent (a). Puis p.",
    ),
    "objections": (
        "Does anyone see a reasoned risk for the group's aim? a notes each objection; "
        "p: with none, consent; with some, integration.",
        "Quelqu'un voit-il un risque argumenté pour le but du groupe ? a note chaque objection ; "
        "p : sans objection, consentement ; sinon, bonification.",
    ),
    "integration": (
        "Look for amendments: i integrates one, l when the objector lifts it, t withdraws or "
        "postpones. Then p tests the amended proposal again.",
        "Cherchez des amendements : i en intègre un, l si la personne lève son objection, t "
        "retire ou reporte. Puis p reteste la proposition amendée.",
    ),
    "decided": (
        "Decided by consent: the decision is recorded. k puts another proposal on the table.",
        "Décidé par consentement : la décision est enregistrée. k met une autre proposition "
        "sur la table.",
    ),
    "consent": (
        "No objection remains: d records the decision. Celebrate it.",
        "Plus aucune objection : d enregistre la décision. Célébrez-la.",
    ),
}
_ENDS = {
    "open": ("open", "ouverte"),
    "lifted": ("lifted", "levée"),
    "integrated": ("integrated with the amendment", "intégrée par amendement"),
    "withdrawn": ("proposal withdrawn", "proposition retirée"),
    "postponed": ("proposal postponed", "proposition reportée"),
}
_KEYS = {
    "reveal-results": ("Show or hide the results", "Montrer ou cacher les résultats"),
    "set-dots": ("Number of dots per person", "Nombre de gommettes par personne"),
    "next-consent-round": ("Next round of the consent", "Tour suivant du consentement"),
    "add-in-round": ("Note what is said in this round", "Noter ce qui est dit dans ce tour"),
    "integrate-objection": (
        "Integrate an objection with an amendment",
        "Intégrer une objection par un amendement",
    ),
    "set-aside-proposal": (
        "Withdraw or postpone the proposal",
        "Retirer ou reporter la proposition",
    ),
    "start-preparation": (
        "The camps prepare their arguments",
        "Les camps préparent leurs arguments",
    ),
    "pass-turn": ("The camp whose turn it is passes", "Le camp qui a la parole passe son tour"),
}
_SHORT = {
    "reveal-results": ("Results", "Résultats"),
    "set-dots": ("Dots", "Gommettes"),
    "next-consent-round": ("Next round", "Tour suivant"),
    "add-in-round": ("Note", "Noter"),
    "integrate-objection": ("Integrate", "Intégrer"),
    "set-aside-proposal": ("Withdraw/postpone", "Retirer/reporter"),
    "start-preparation": ("Prepare", "Préparation"),
    "pass-turn": ("Pass", "Passer"),
}

MESSAGES: dict[str, dict[str, str]] = {
    # record values -----------------------------------------------------------------------------
    "proposal.withdrawn": {"en": "withdrawn", "fr": "retirée"},
    "tui.board.status.withdrawn": {"en": "withdrawn", "fr": "retiré"},
    "tui.vote.bar": {"en": "Share", "fr": "Part"},  # the ranking's bar column
    "deciding.side.agree": {"en": "agree", "fr": "d'accord"},
    "deciding.side.disagree": {"en": "disagree", "fr": "pas d'accord"},
    "deciding.side.undecided": {"en": "zone of doubt", "fr": "rivière du doute"},
    "deciding.anonymous_phone": {"en": "a phone", "fr": "un téléphone"},
    **{f"deciding.round.{k}": {"en": en, "fr": fr} for k, (en, fr) in _ROUNDS.items()},
    **{f"deciding.hint.{k}": {"en": en, "fr": fr} for k, (en, fr) in _HINTS.items()},
    **{f"deciding.end.{k}": {"en": en, "fr": fr} for k, (en, fr) in _ENDS.items()},
    **{f"tui.key.{k}": {"en": en, "fr": fr} for k, (en, fr) in _KEYS.items()},
    **{f"tui.key.{k}.short": {"en": en, "fr": fr} for k, (en, fr) in _SHORT.items()},
    # refusals of the service ---------------------------------------------------------------------
    "deciding.vote.no_voter": {
        "en": "who is voting? A dot counts against someone's dots",
        "fr": "qui vote ? Une gommette se décompte des gommettes de quelqu'un",
    },
    "deciding.vote.too_many": {
        "en": "only {left} of the {allowed} dots are left",
        "fr": "il ne reste que {left} des {allowed} gommettes",
    },
    "deciding.vote.not_a_vote": {
        "en": "step {id} is not a dot vote",
        "fr": "l'étape {id} n'est pas un vote par gommettes",
    },
    "deciding.consent.not_a_consent_step": {
        "en": "step {id} is not a consent decision",
        "fr": "l'étape {id} n'est pas une décision par consentement",
    },
    "deciding.consent.settled": {
        "en": "« {title} » is already adopted, withdrawn or rejected",
        "fr": "« {title} » est déjà adoptée, retirée ou rejetée",
    },
    "deciding.consent.no_proposal": {
        "en": "no proposal to put to consent: add one or choose one (k)",
        "fr": "aucune proposition à soumettre au consentement : ajoutez-en ou choisissez-en une (k)",
    },
    "deciding.consent.objection_too_early": {
        "en": "objections come once questions and reactions are heard: move on to the "
        "objection round first",
        "fr": "les objections viennent après les questions et les réactions : passez d'abord au "
        "tour des objections",
    },
    "deciding.consent.objections_open": {
        "en": "no consent while {n} objection(s) stand: « {about} » must be lifted or "
        "integrated, or the proposal withdrawn or postponed",
        "fr": "pas de consentement tant que {n} objection(s) demeure(nt) : « {about} » doit "
        "être levée ou intégrée, ou la proposition retirée ou reportée",
    },
    "deciding.consent.test_again": {
        "en": "the proposal was amended: hold a new objection round on it before consent",
        "fr": "la proposition a été amendée : refaites un tour d'objections avant le consentement",
    },
    "deciding.consent.no_objection_round": {
        "en": "consent needs an objection round on the proposal: ask for objections first",
        "fr": "le consentement demande un tour d'objections sur la proposition : "
        "demandez d'abord les objections",
    },
    "deciding.objection.not_an_objection": {
        "en": "tension {id} is not an objection to a proposal",
        "fr": "la tension {id} n'est pas une objection à une proposition",
    },
    "deciding.objection.already_ended": {
        "en": "objection {id} is already lifted or integrated",
        "fr": "l'objection {id} est déjà levée ou intégrée",
    },
    "deciding.objection.no_amendment": {
        "en": "write the amendment that integrates the objection",
        "fr": "écrivez l'amendement qui intègre l'objection",
    },
    "deciding.debate.no_middle": {
        "en": "this debate has no middle: stand on the agree or the disagree side",
        "fr": "ce débat n'a pas de milieu : placez-vous du côté d'accord ou pas d'accord",
    },
    "deciding.debate.who": {
        "en": "whose position is it?",
        "fr": "à qui est cette position ?",
    },
    "deciding.debate.argument_from_a_camp": {
        "en": "arguments come from the two camps; the zone of doubt listens and may move",
        "fr": "les arguments viennent des deux camps ; la rivière du doute écoute et peut bouger",
    },
    "deciding.debate.turn_of_agree": {
        "en": "it is the agree side's turn (t if it passes)",
        "fr": "c'est au tour du côté d'accord (t s'il passe son tour)",
    },
    "deciding.debate.turn_of_disagree": {
        "en": "it is the disagree side's turn (t if it passes)",
        "fr": "c'est au tour du côté pas d'accord (t s'il passe son tour)",
    },
    "deciding.hosts_stay": {
        "en": "{name} hosts {table} and this step keeps hosts at their table, but round {n} "
        "seats them elsewhere",
        "fr": "{name} est hôte de {table} et cette étape garde les hôtes à leur table, mais le "
        "tour {n} l'assoit ailleurs",
    },
    # the report --------------------------------------------------------------------------------
    "deciding.report.objection": {"en": "« {about} »: {ending}", "fr": "« {about} » : {ending}"},
    "deciding.report.objections": {"en": "objections: {lines}", "fr": "objections : {lines}"},
    "deciding.report.amendment": {"en": "amendment: {text}", "fr": "amendement : {text}"},
    "deciding.report.movers": {
        "en": "Who moved: {n} ({towards})",
        "fr": "Qui a bougé : {n} ({towards})",
    },
    "deciding.report.towards": {"en": "{n} towards {side}", "fr": "{n} vers {side}"},
    # the phones ------------------------------------------------------------------------------------
    "deciding.portal.no_device": {
        "en": "This phone has no voting id yet: open the page again, with cookies allowed.",
        "fr": "Ce téléphone n'a pas encore d'identifiant de vote : rouvrez la page, en "
        "autorisant les cookies.",
    },
    "deciding.portal.no_device_page": {
        "en": "This phone cannot get a voting id (cookies blocked, or too many new ids from this "
        "network): ask the facilitator.",
        "fr": "Ce téléphone ne peut pas recevoir d'identifiant de vote (cookies bloqués, ou trop "
        "de nouveaux identifiants depuis ce réseau) : demandez à l'animation.",
    },
    "deciding.portal.results_hidden": {
        "en": "The count stays hidden until the facilitator shows it.",
        "fr": "Le décompte reste caché jusqu'à ce que l'animation le montre.",
    },
    "deciding.portal.results_shown": {
        "en": "The results, most dots first.",
        "fr": "Les résultats, les plus votées d'abord.",
    },
    # the facilitator's panels -------------------------------------------------------------------
    "deciding.tui.no_portal": {
        "en": "Portal closed: no phone votes.",
        "fr": "Portail fermé : pas de vote depuis les téléphones.",
    },
    "deciding.tui.devices": {
        "en": "Phones: {issued} new id(s) in this step, from {addresses} address(es).",
        "fr": "Téléphones : {issued} nouvel(s) identifiant(s) dans cette étape, depuis "
        "{addresses} adresse(s).",
    },
    "deciding.tui.capped": {
        "en": "At the cap of {cap}: {who}",
        "fr": "Au plafond de {cap} : {who}",
    },
    "deciding.tui.refused": {
        "en": "{n} refused",
        "fr": "{n} refusé(s)",
    },
    "deciding.tui.rule": {
        "en": "{dots} dots each ({how}); v places dots, a adds a proposal, s shows the results",
        "fr": "{dots} gommettes chacun ({how}) ; v place des gommettes, a ajoute une "
        "proposition, s montre les résultats",
    },
    "deciding.tui.dots_set": {"en": "set for this step", "fr": "fixé pour cette étape"},
    "deciding.tui.dots_third": {
        "en": "about a third of the {n} proposals",
        "fr": "environ un tiers des {n} propositions",
    },
    "deciding.tui.no_stacking": {
        "en": "one dot per proposal",
        "fr": "une gommette par proposition",
    },
    "deciding.tui.turnout": {
        "en": "{dots} dot(s) placed by {voters} voter(s).",
        "fr": "{dots} gommette(s) posée(s) par {voters} votant(s).",
    },
    "deciding.tui.results_hidden": {
        "en": "Results hidden from the room (s shows them).",
        "fr": "Résultats cachés à la salle (s les montre).",
    },
    "deciding.tui.results_shown": {
        "en": "Results shown on the projector and the phones.",
        "fr": "Résultats montrés au projecteur et sur les téléphones.",
    },
    "deciding.tui.dots_heading": {"en": "Dots per person", "fr": "Gommettes par personne"},
    "deciding.tui.dots_field": {
        "en": "Dots (empty: a third of the proposals)",
        "fr": "Gommettes (vide : un tiers des propositions)",
    },
    "deciding.tui.dots_default": {
        "en": "a third of the proposals",
        "fr": "un tiers des propositions",
    },
    "deciding.tui.nothing_to_note": {
        "en": "Nothing to note in this round: p moves on.",
        "fr": "Rien à noter dans ce tour : p passe au suivant.",
    },
    "deciding.tui.objection_note": {
        "en": "An objection is a reasoned risk that the proposal harms the group's aim or "
        "someone's ability to contribute, not a preference.",
        "fr": "Une objection est un risque argumenté que la proposition nuise au but du groupe ou "
        "à la capacité de quelqu'un à contribuer, pas une préférence.",
    },
    "deciding.tui.integrate_heading": {
        "en": "Integrate an objection",
        "fr": "Intégrer une objection",
    },
    "deciding.tui.integrate_how": {
        "en": "What the objector said (optional)",
        "fr": "Ce qu'en dit la personne (facultatif)",
    },
    "deciding.tui.set_aside_heading": {
        "en": "Withdraw or postpone the proposal",
        "fr": "Retirer ou reporter la proposition",
    },
    "deciding.tui.set_aside_what": {"en": "What happens", "fr": "Ce qui se passe"},
    "deciding.tui.withdraw": {"en": "the proposer withdraws it", "fr": "elle est retirée"},
    "deciding.tui.postpone": {
        "en": "postponed to a later meeting",
        "fr": "reportée à une prochaine rencontre",
    },
    "deciding.tui.set_aside_why": {"en": "Why, or until when", "fr": "Pourquoi, ou jusqu'à quand"},
    "deciding.tui.preparing": {
        "en": "The camps prepare their arguments: {left}",
        "fr": "Les camps préparent leurs arguments : {left}",
    },
    "deciding.tui.turn": {
        "en": "Turn {n}: the {side} side speaks",
        "fr": "Tour de parole {n} : le côté {side} parle",
    },
    "deciding.tui.moved": {"en": "Who moved: {n}", "fr": "Qui a bougé : {n}"},
}
