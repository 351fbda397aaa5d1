"""Messages about phones reaching the laptop: the stable name, join codes, the reachability test,
loopback warnings and refused cards."""

MESSAGES: dict[str, dict[str, str]] = {
    # printed cards ---------------------------------------------------------------------------
    "reach.cards_type": {"fr": "Sans appareil photo, tapez :", "en": "No camera? Type:"},
    "reach.cards_code": {"fr": "code {code}", "en": "code {code}"},
    "reach.cards_full": {"fr": "lien complet :", "en": "full link:"},
    "reach.cards_loopback": {
        "fr": "ces chevalets mèneraient à {url}, l'adresse que cet ordinateur se donne à "
        "lui-même : aucun téléphone ne l'atteint. Imprimez-les sans --base-url (ils mènent alors "
        "à {stable}), ou donnez l'adresse que les téléphones utiliseront : --base-url http://…",
        "en": "these cards would lead to {url}, the address this laptop gives itself: no phone "
        "can reach it. Print them without --base-url (they then lead to {stable}), or give the "
        "address phones will use: --base-url http://…",
    },
    "reach.tui_cards_loopback": {
        "fr": "Le portail n'écoute que cet ordinateur : des chevalets menant à {url} ne "
        "serviraient à aucun téléphone. Rouvrez-le sur le réseau du lieu (touche o), ou "
        "fermez-le : les chevalets mèneront à {stable}.",
        "en": "The portal listens to this laptop only: cards leading to {url} would serve no "
        "phone. Reopen it on the venue network (key o), or close it: the cards will then lead "
        "to {stable}.",
    },
    # the portal, from the command line -------------------------------------------------------
    "reach.serve_name": {
        "fr": "Chevalets et téléphones : {base} (nom annoncé sur le réseau local), code {code}",
        "en": "Cards and phones: {base} (name advertised on the local network), code {code}",
    },
    "reach.serve_loopback": {
        "fr": "Le portail n'écoute que cet ordinateur (127.0.0.1) : aucun téléphone ne "
        "l'atteint. Relancez avec --lan, sur le Wi-Fi du lieu ou le point d'accès de "
        "l'ordinateur.",
        "en": "The portal listens to this laptop only (127.0.0.1): no phone can reach it. Start "
        "it again with --lan, on the venue's Wi-Fi or the laptop's own hotspot.",
    },
    "reach.serve_no_network": {
        "fr": "Cet ordinateur n'est sur aucun réseau : connectez-le au Wi-Fi du lieu ou lancez "
        "son point d'accès (voir le README), le nom sera annoncé dès qu'il y aura une adresse.",
        "en": "This laptop is on no network: join the venue's Wi-Fi or start its hotspot (see "
        "the README); the name is advertised as soon as there is an address.",
    },
    "reach.serve_advert_failed": {
        "fr": "Le nom {host} n'a pas pu être annoncé ({why}) : les téléphones devront utiliser "
        "l'adresse {url}",
        "en": "The name {host} could not be advertised ({why}): phones will have to use the "
        "address {url}",
    },
    "reach.serve_arrival": {
        "fr": "{time} : un téléphone atteint l'ordinateur ({how}, depuis {address})",
        "en": "{time}: a phone reaches the laptop ({how}, from {address})",
    },
    # how a phone came ----------------------------------------------------------------------------
    "reach.how_name": {"fr": "par le nom {host}", "en": "by the name {host}"},
    "reach.how_address": {"fr": "par l'adresse {host}", "en": "by the address {host}"},
    "reach.how_laptop": {
        "fr": "depuis cet ordinateur lui-même",
        "en": "from this laptop itself",
    },
    # the live screen's portal column ------------------------------------------------------------
    "reach.loopback_only": {
        "fr": "⚠ Cet ordinateur seul : aucun téléphone ne l'atteint (o : réseau du lieu).",
        "en": "⚠ This laptop only: no phone can reach it (o: venue network).",
    },
    "reach.no_network": {
        "fr": "⚠ Aucun réseau : Wi-Fi du lieu ou point d'accès de l'ordinateur (README).",
        "en": "⚠ No network: the venue's Wi-Fi or the laptop's hotspot (README).",
    },
    "reach.name_code": {"fr": "{host} · code {code}", "en": "{host} · code {code}"},
    "reach.no_phone": {
        "fr": "Aucun téléphone encore · t : tester",
        "en": "No phone yet · t: test",
    },
    "reach.last_phone": {
        "fr": "Dernier téléphone {time} (il y a {ago}) · {n} appareil(s)",
        "en": "Last phone {time} ({ago} ago) · {n} device(s)",
    },
    "reach.sub_loopback": {
        "fr": "⚠ portail sur cet ordinateur seul",
        "en": "⚠ portal on this laptop only",
    },
    "reach.sub_no_network": {"fr": "⚠ aucun réseau", "en": "⚠ no network"},
    "reach.sub_no_phone": {"fr": "📱 aucun téléphone encore", "en": "📱 no phone yet"},
    "reach.sub_last": {
        "fr": "📱 {n} · dernier {time} (il y a {ago})",
        "en": "📱 {n} · last {time} ({ago} ago)",
    },
    "reach.seconds": {"fr": "{n} s", "en": "{n} s"},
    "reach.minutes": {"fr": "{n} min", "en": "{n} min"},
    "reach.advert_failed": {
        "fr": "⚠ Nom non annoncé ({why}) : donnez l'adresse.",
        "en": "⚠ Name not advertised ({why}): give the address.",
    },
    "reach.venue_option": {
        "fr": "Réseau du lieu : {host} ({addresses})",
        "en": "Venue network: {host} ({addresses})",
    },
    "reach.venue_none": {"fr": "aucune adresse pour l'instant", "en": "no address yet"},
    # the reachability test, on the laptop --------------------------------------------------------
    "tui.key.test-reach": {"fr": "Tester depuis un téléphone", "en": "Test from your phone"},
    "reach.test_title": {"fr": "Tester depuis votre téléphone", "en": "Test from your phone"},
    "reach.test_intro": {
        "fr": "Sur le Wi-Fi des participants, scannez un code avec votre téléphone (Échap : "
        "fermer).",
        "en": "On the participants' Wi-Fi, scan a code with your phone (Esc: close).",
    },
    "reach.test_by_name": {
        "fr": "Par le nom (celui des chevalets)",
        "en": "By name (the one on the cards)",
    },
    "reach.test_by_address": {
        "fr": "Par l'adresse du moment",
        "en": "By today's address",
    },
    "reach.test_closed": {
        "fr": "Le portail est fermé : ouvrez-le sur le réseau du lieu (touche o), puis testez.",
        "en": "The portal is closed: open it on the venue network (key o), then test.",
    },
    "reach.test_waiting": {
        "fr": "En attente d'un téléphone…",
        "en": "Waiting for a phone…",
    },
    "reach.test_reached": {
        "fr": "✓ {time} : un téléphone atteint l'ordinateur, {how}.",
        "en": "✓ {time}: a phone reaches the laptop, {how}.",
    },
    "reach.test_address_hint": {
        "fr": "Si le code « par le nom » ne s'ouvre pas sur ce téléphone, il ne résout pas les "
        "noms .local : donnez aux participants l'adresse affichée, ou ouvrez le point d'accès "
        "de l'ordinateur.",
        "en": "If the \u201cby name\u201d code does not open on this phone, it does not resolve "
        ".local names: give participants the address shown, or use the laptop's hotspot.",
    },
    "reach.test_laptop_hint": {
        "fr": "C'était cet ordinateur lui-même : essayez depuis un téléphone.",
        "en": "That was this laptop itself: try from a phone.",
    },
    "reach.test_nothing": {
        "fr": "Rien ne vient ? Le Wi-Fi du lieu isole peut-être ses clients (réseau invité) : "
        "utilisez le point d'accès de l'ordinateur (voir le README).",
        "en": "Nothing comes? The venue's Wi-Fi may keep its clients apart (guest network): "
        "use the laptop's hotspot (see the README).",
    },
    # the reachability test, on the phone -------------------------------------------------------
    "reach.page_title": {
        "fr": "Votre téléphone atteint l'ordinateur",
        "en": "Your phone reaches the laptop",
    },
    "reach.page_ok": {
        "fr": "✓ Votre téléphone atteint l'ordinateur de l'animation.",
        "en": "✓ Your phone reaches the facilitator's laptop.",
    },
    "reach.page_how": {"fr": "Adresse utilisée : {host}", "en": "Address used: {host}"},
    "reach.page_shown": {
        "fr": "L'écran de l'animation l'affiche aussi.",
        "en": "The facilitator's screen shows it too.",
    },
    "reach.page_go": {"fr": "Aller à la séance", "en": "Go to the session"},
    "reach.body_timeout": {
        "fr": "La connexion est trop lente : envoyez votre texte à nouveau.",
        "en": "The connection is too slow: send your text again.",
    },
}
