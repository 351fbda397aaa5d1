"""Messages of the live run: rounds and slots, the feed, the open forum from phones, the keys,
the narrow layouts. French follows the typography of the newer catalogues: a narrow no-break
space before ; : ! ? and no-break spaces inside « »."""

from __future__ import annotations

NNBSP = "\u202f"
NBSP = "\u00a0"


def _fr(text: str) -> str:
    """French spacing: "mot : suite" gets a narrow no-break space before the colon."""
    for mark in (":", ";", "?", "!"):
        text = text.replace(f" {mark}", f"{NNBSP}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


_TEXT: dict[str, tuple[str, str]] = {
    # the service's refusals -------------------------------------------------------------------
    "service.session_over": (
        "the session is over: phones can read but no longer post",
        "la séance est terminée : les téléphones peuvent lire mais plus envoyer",
    ),
    "service.not_marketplace": (
        "topics are proposed during the marketplace",
        "les sujets se proposent pendant la place du marché",
    ),
    "service.no_forum": (
        "sign-ups are open during the marketplace and the breakouts",
        "les inscriptions sont ouvertes pendant la place du marché et les ateliers",
    ),
    "service.no_device": (
        "this phone has no id yet: open the page again",
        "ce téléphone n'a pas encore d'identifiant : rouvrez la page",
    ),
    "service.topic_full": ("too many sign-ups for this topic", "trop d'inscrits pour ce sujet"),
    "service.merge_same": (
        "a topic cannot be merged into itself",
        "un sujet ne fusionne pas avec lui-même",
    ),
    "service.empty_report": (
        "the report is empty: key points, a proposal or a disagreement",
        "le compte rendu est vide : des points clés, une proposition ou un désaccord",
    ),
    # phones: the banner, the countdown, the end --------------------------------------------
    "portal.of_count": ("{label} of {count}", "{label} sur {count}"),
    "portal.time_left": ("Time left", "Temps restant"),
    "portal.paused": ("(paused)", "(en pause)"),
    "portal.session_over": (
        "The session is over: you can read everything here, but no longer post.",
        "La séance est terminée : vous pouvez tout relire ici, mais plus rien envoyer.",
    ),
    "portal.seated": ("Seated here", "À cette table"),
    "portal.seated_round": ("Seated here, {round}", "À cette table, {round}"),
    "portal.topic_here": ("Here now ({slot})", "Ici maintenant ({slot})"),
    # phones: the open forum ------------------------------------------------------------------
    "portal.forum": ("Open forum", "Forum ouvert"),
    "portal.news": ("News wall", "Mur des nouvelles"),
    "portal.no_news": ("No report yet.", "Aucun compte rendu pour l'instant."),
    "portal.slot_now": ("now", "en cours"),
    "portal.interested": ("{n} interested", "{n} intéressé(s)"),
    "portal.topics": ("Topics", "Sujets"),
    "portal.propose": ("Propose a topic", "Proposer un sujet"),
    "portal.propose_note": (
        "You care about it? Write it with your name: you will open the discussion and see "
        "that a report is written.",
        "Un sujet vous tient à cœur ? Écrivez-le avec votre nom : vous ouvrirez la discussion "
        "et veillerez à ce qu'un compte rendu soit rédigé.",
    ),
    "portal.topic_title": ("The topic", "Le sujet"),
    "portal.topic_convener": ("Your name (you convene it)", "Votre nom (vous le portez)"),
    "portal.propose_send": ("Post it on the wall", "L'afficher au mur"),
    "portal.topic_saved": (
        "Your topic is on the wall. Announce it to the circle!",
        "Votre sujet est au mur. Annoncez-le au cercle !",
    ),
    "portal.signup_note": (
        "Tick the topics you want to join: the agenda is built to avoid your clashes.",
        "Cochez les sujets qui vous intéressent : le programme est bâti pour éviter vos "
        "chevauchements.",
    ),
    "portal.signup_send": ("Save my choices", "Enregistrer mes choix"),
    "portal.signup_saved": ("Your choices are saved.", "Vos choix sont enregistrés."),
    "portal.your_topic": ("your topic", "votre sujet"),
    "portal.no_device_forum": (
        "Open this page again to sign up: your phone gets its id when a page is shown.",
        "Rouvrez cette page pour vous inscrire : votre téléphone reçoit son identifiant à "
        "l'affichage d'une page.",
    ),
    "portal.forum_closed": (
        "The marketplace and the breakouts are not running now.",
        "La place du marché et les ateliers ne sont pas en cours.",
    ),
    "portal.breakouts": ("Breakouts", "Ateliers"),
    "portal.running_now": ("Running now: {slot}", "En cours : {slot}"),
    "portal.nothing_running": ("No topic in this slot.", "Aucun sujet dans ce créneau."),
    "portal.file_report": ("File the report", "Rédiger le compte rendu"),
    "portal.report": ("Report", "Compte rendu"),
    "portal.report_points": ("Key points", "Points principaux"),
    "portal.report_proposals": (
        "Proposals, one a line (they go to the convergence vote)",
        "Propositions, une par ligne (elles iront au vote de convergence)",
    ),
    "portal.report_tensions": (
        "Disagreements that remain, one a line",
        "Désaccords qui demeurent, un par ligne",
    ),
    "portal.report_came": (
        "Who came (names, separated by commas)",
        "Qui est venu (noms séparés par des virgules)",
    ),
    "portal.report_signed": ("Signed up: {names}", "Inscrits : {names}"),
    "portal.report_send": ("Send the report", "Envoyer le compte rendu"),
    "portal.report_saved": (
        "The report is saved and on the news wall. You can still correct it.",
        "Le compte rendu est enregistré et affiché au mur des nouvelles. Vous pouvez encore le "
        "corriger.",
    ),
    "portal.report_proposals_short": ("Proposals", "Propositions"),
    "portal.report_tensions_short": ("Disagreements", "Désaccords"),
    "portal.came": ("Came: {names}", "Présents : {names}"),
    "portal.back_forum": ("Back to the forum", "Retour au forum"),
    # the countdown ------------------------------------------------------------------------
    "tui.timer.of_count": ("{label} of {count}", "{label} sur {count}"),
    "tui.timer.step_left": ("step: {left} left of {total}", "étape : reste {left} sur {total}"),
    "tui.seating.no_topics": ("No topic on the wall yet", "Aucun sujet au mur pour l'instant"),
    "tui.seating.wanted": ("Sign-ups by topic", "Inscrits par sujet"),
    "tui.live.seating_forum": ("Agenda", "Programme"),
    # the live screen: narrow terminals, the feed ---------------------------------------------
    "tui.live.side_hint": (
        "f: agenda and portal · f f: seating and feed",
        "f : programme et portail · f f : placement et saisies",
    ),
    "tui.live.side_hint_main": (
        "f: agenda and portal · f f: seating and feed",
        "f : programme et portail · f f : placement et saisies",
    ),
    "tui.live.side_hint_left": (
        "Agenda and portal · f: seating and feed",
        "Programme et portail · f : placement et saisies",
    ),
    "tui.live.side_hint_right": (
        "Seating and feed · f: back to the step",
        "Placement et saisies · f : retour à l'étape",
    ),
    "tui.live.side_all_shown": (
        "Every column is already on screen",
        "Toutes les colonnes sont déjà à l'écran",
    ),
    "tui.key.toggle-side": (
        "Agenda, seating and feed (narrow terminals)",
        "Programme, placement et saisies (terminal étroit)",
    ),
    "tui.key.toggle-side.short": ("Columns", "Colonnes"),
    "tui.feed.at_table": (" {table}: ", " {table} : "),
    "tui.feed.colon": (": ", " : "),
    "tui.feed.report": ("report", "compte rendu"),
    "tui.feed.report_line": ("{n} proposal(s)", "{n} proposition(s)"),
    "tui.feed.a_phone": ("a phone", "un téléphone"),
    "tui.room.agenda": ("Agenda wall", "Mur du programme"),
    "tui.room.news": ("News wall", "Mur des nouvelles"),
    "tui.room.no_news": ("No report yet", "Aucun compte rendu pour l'instant"),
    "tui.room.more_news": ("… and {n} more on the phones", "… et {n} de plus sur les téléphones"),
    # the command palette ------------------------------------------------------------------
    "tui.palette.placeholder": ("Search for a command…", "Chercher une commande…"),
    "tui.palette.theme": ("Theme", "Thème"),
    "tui.palette.themes": ("Search for a theme…", "Chercher un thème…"),
    "tui.palette.theme_help": (
        "Change the colours of the screen",
        "Changer les couleurs de l'écran",
    ),
    "tui.palette.screenshot": ("Screenshot", "Capture d'écran"),
    "tui.palette.screenshot_help": (
        "Save an image of the screen (SVG)",
        "Enregistrer une image de l'écran (SVG)",
    ),
    "tui.key.command-palette": ("Command palette", "Palette de commandes"),
    "tui.key.command-palette.short": ("palette", "palette"),
    # set-up tabs by key ----------------------------------------------------------------------
    "tui.key.setup-tab-1": ("Tab 1: details", "Onglet 1 : informations"),
    "tui.key.setup-tab-2": ("Tab 2: participants", "Onglet 2 : participants"),
    "tui.key.setup-tab-3": ("Tab 3: tables and questions", "Onglet 3 : tables et questions"),
    "tui.key.setup-tab-4": ("Tab 4: rotation", "Onglet 4 : rotation"),
    "tui.key.setup-tab-5": ("Tab 5: balance", "Onglet 5 : équilibre"),
    "tui.key.setup-tab-previous": ("Previous tab", "Onglet précédent"),
    "tui.key.setup-tab-previous.short": ("Tab ←", "Onglet ←"),
    "tui.key.setup-tab-next": ("Next tab", "Onglet suivant"),
    "tui.key.setup-tab-next.short": ("Tab →", "Onglet →"),
    # the facilitator's open forum panels ---------------------------------------------------
    "tui.forum.market_head": (
        "{topics} topic(s) on the wall, {phones} from phones · {signed} sign-up(s)",
        "{topics} sujet(s) au mur, dont {phones} depuis les téléphones · {signed} inscription(s)",
    ),
    "tui.forum.col.interest": ("Signed up", "Inscrits"),
    "tui.forum.arrived": (
        "New topic from a phone: {title} ({convener})",
        "Nouveau sujet depuis un téléphone : {title} ({convener})",
    ),
    "tui.forum.merge_into": ("Merge it into", "Le fusionner dans"),
    "tui.forum.merge_heading": ("Merge « {title} »", "Fusionner « {title} »"),
    "tui.forum.merge_note": (
        "Its convener, sign-ups and report join the other topic; it leaves the wall.",
        "Son initiateur, ses inscrits et son compte rendu rejoignent l'autre sujet ; il quitte "
        "le mur.",
    ),
    "tui.forum.interest_names": (
        "Signed up on paper (comma separated)",
        "Inscrits sur papier (séparés par des virgules)",
    ),
    "tui.forum.interest_note": (
        "{phones} phone(s) signed up as well.",
        "{phones} téléphone(s) inscrit(s) en plus.",
    ),
    "tui.forum.key_points": ("Key points", "Points principaux"),
    "tui.forum.report_proposals": (
        "Proposals, separated by ; (they go to the vote)",
        "Propositions, séparées par ; (elles iront au vote)",
    ),
    "tui.forum.report_tensions": (
        "Disagreements, separated by ;",
        "Désaccords, séparés par ;",
    ),
    "tui.forum.proposals": ("Proposals:", "Propositions :"),
    "tui.forum.tensions": ("Disagreements:", "Désaccords :"),
    "tui.forum.signed": ("Signed up ({n}):", "Inscrits ({n}) :"),
    "tui.key.merge-topic": ("Merge into another topic", "Fusionner avec un autre sujet"),
    "tui.key.merge-topic.short": ("Merge", "Fusionner"),
    "tui.key.note-interest": ("Who signed up on paper", "Inscrits sur papier"),
    "tui.key.note-interest.short": ("Sign-ups", "Inscrits"),
}

MESSAGES: dict[str, dict[str, str]] = {
    key: {"en": en, "fr": _fr(fr)} for key, (en, fr) in _TEXT.items()
}
