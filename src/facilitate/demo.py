"""The demo session: a first meeting of four territories on shared rural mobility."""

from __future__ import annotations

from pathlib import Path

from facilitate.demo_statements import run_statements
from facilitate.domain.clock import ManualClock
from facilitate.domain.records import EventKind, Source, Step
from facilitate.planning import rotation
from facilitate.service import SessionService, session_doc
from facilitate.session_formats import get_format

DEMO_TITLE = "Mobilités rurales partagées : premier atelier inter-territorial"
DEMO_DATE = "2026-03-12"
DEMO_START = "2026-03-12T09:00:00+01:00"
DEMO_FORMAT = "cooperation-kickoff"

# name, structure, territory, power, role
PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("Claire Morel", "Agglomération de Belrive", "Belrive", "political", "driver"),
    ("Julien Garnier", "Agglomération de Belrive", "Belrive", "administrative", "driver"),
    ("Sophie Lambert", "Agglomération de Belrive", "Belrive", "technical", "follower"),
    ("Marc Dubois", "Agglomération de Belrive", "Belrive", "technical", "follower"),
    ("Nadia Benali", "Ville de Belrive", "Belrive", "political", "driver"),
    ("Thomas Roux", "Ville de Belrive", "Belrive", "administrative", "follower"),
    ("Élodie Fontaine", "Belrive Transports (SEM)", "Belrive", "economic", "driver"),
    ("Paul Mercier", "Belrive Transports (SEM)", "Belrive", "technical", "follower"),
    ("Inès Carpentier", "Chambre de commerce de Belrive", "Belrive", "economic", "follower"),
    ("Hugo Lefèvre", "Agence d'urbanisme de Belrive", "Belrive", "technical", "follower"),
    (
        "Camille Perrin",
        "Conseil de développement de Belrive",
        "Belrive",
        "civil_society",
        "counterweight",
    ),
    (
        "Antoine Girard",
        "Communauté de communes du Val d'Argent",
        "Val d'Argent",
        "political",
        "driver",
    ),
    (
        "Léa Bonnet",
        "Communauté de communes du Val d'Argent",
        "Val d'Argent",
        "administrative",
        "follower",
    ),
    ("Mathieu Faure", "Mairie de Saint-Aubin-sur-Argent", "Val d'Argent", "political", "follower"),
    (
        "Sarah Chevalier",
        "Centre social du Val d'Argent",
        "Val d'Argent",
        "civil_society",
        "counterweight",
    ),
    (
        "Olivier Blanc",
        "Transport solidaire Argent'Mobile",
        "Val d'Argent",
        "civil_society",
        "driver",
    ),
    (
        "Manon André",
        "Communauté de communes du Val d'Argent",
        "Val d'Argent",
        "technical",
        "follower",
    ),
    (
        "Pierre Guérin",
        "Communauté de communes des Hautes-Combes",
        "Hautes-Combes",
        "political",
        "driver",
    ),
    (
        "Chloé Muller",
        "Communauté de communes des Hautes-Combes",
        "Hautes-Combes",
        "technical",
        "follower",
    ),
    ("Lucas Henry", "Mairie des Rousses-d'en-Haut", "Hautes-Combes", "political", "follower"),
    ("Émilie Roussel", "Association Covoit'Combes", "Hautes-Combes", "civil_society", "driver"),
    ("Yann Nicolas", "Chambre d'agriculture", "Hautes-Combes", "economic", "follower"),
    (
        "Julie Masson",
        "Office de tourisme des Hautes-Combes",
        "Hautes-Combes",
        "economic",
        "follower",
    ),
    (
        "François Marchand",
        "Pays des Trois Rivières (PETR)",
        "Trois Rivières",
        "institutional",
        "driver",
    ),
    (
        "Aurélie Duval",
        "Pays des Trois Rivières (PETR)",
        "Trois Rivières",
        "administrative",
        "follower",
    ),
    ("Bruno Denis", "Mairie de Vaux-les-Prés", "Trois Rivières", "political", "follower"),
    (
        "Laura Lemoine",
        "Mission locale des Trois Rivières",
        "Trois Rivières",
        "civil_society",
        "counterweight",
    ),
    (
        "Karim Haddad",
        "Région (direction des mobilités)",
        "Trois Rivières",
        "institutional",
        "follower",
    ),
    (
        "Sylvie Brun",
        "Département (service des routes)",
        "Trois Rivières",
        "institutional",
        "follower",
    ),
    ("Nicolas Robin", "Entreprise Robin Autocars", "Trois Rivières", "economic", "follower"),
]

# table name, topic, host index in PEOPLE
TABLES: list[tuple[str, str, int]] = [
    ("Table Gare", "Rabattement vers les gares et les lignes de car", 1),
    ("Table Covoiturage", "Covoiturage du quotidien entre vallées", 20),
    ("Table Solidaire", "Mobilité des personnes sans voiture", 14),
    ("Table Financement", "Qui finance quoi : clés de répartition", 24),
    ("Table Tourisme", "Saisonniers et visiteurs sans voiture", 22),
    ("Table Données", "Partager les données de déplacement", 9),
]


def _find(fmt_steps: list[Step], kind: str) -> Step:
    return next(s for s in fmt_steps if s.kind == kind)


def _find_all(fmt_steps: list[Step], kind: str) -> list[Step]:
    return [s for s in fmt_steps if s.kind == kind]


DEMO_LANG = "fr"  # the content: a French workshop, whatever the language of the screens


async def build_demo(
    folder: Path, *, clock: ManualClock | None = None, token: str | None = None
) -> SessionService:
    """Create the demo session in `folder` and return its (open) service."""
    lang = DEMO_LANG
    clock = clock or ManualClock(DEMO_START)
    fmt = get_format(DEMO_FORMAT)
    info = session_doc(
        fmt,
        title=DEMO_TITLE,
        date=DEMO_DATE,
        venue="Maison des services, Vaux-les-Prés",
        lang=lang,
        facilitator="Hélène Ferrand",
        project="Mobilités rurales partagées",
        venue_host="Pays des Trois Rivières (PETR)",
    )
    if token:
        info.token = token
    svc = SessionService.create(folder, info, clock=clock)
    steps = list(svc.info.steps)
    people = await svc.add_participants(
        dict(name=n, structure=s, territory=t, power=p, role=r) for n, s, t, p, r in PEOPLE
    )
    ids = [p.id for p in people]
    tables = []
    for name, topic, host in TABLES:
        tables.append(await svc.add_table(name, topic=topic, host=ids[host], capacity=6))
    for key in ("anticipate", "blockages", "powers"):
        await svc.set_checklist(key, True)

    async def run_step(step: Step, minutes: float) -> None:
        await svc.start_step(step.id)
        clock.advance(minutes=minutes)

    briefing, meaning, rounds_step = steps[0], _find(steps, "meaning"), _find(steps, "rounds")
    harvests = _find_all(steps, "harvest")
    debate, vote = _find(steps, "debate"), _find(steps, "vote")
    consent, actions = _find(steps, "consent"), _find(steps, "actions")
    names = {p.id: p.name for p in people}

    # -- welcome, then meaning: answers and interests -------------------------------------
    await run_step(briefing, 12)
    await run_step(meaning, 9)
    answers = [
        (
            0,
            "Relier nos habitants aux emplois de l'agglomération sans saturer nos parkings.",
            "Désengorger le centre de Belrive et remplir nos lignes de car.",
            "common",
        ),
        (
            11,
            "Que les habitants du Val d'Argent puissent aller travailler sans deuxième voiture.",
            "Garder nos jeunes et nos actifs au pays.",
            "common",
        ),
        (
            17,
            "Un réseau de covoiturage qui traverse enfin les limites administratives.",
            "Nos saisonniers et nos agriculteurs n'ont aucune solution l'hiver.",
            "crossed",
        ),
        (
            23,
            "Porter une stratégie commune devant la Région.",
            "Le PETR doit exister comme échelon de coordination.",
            "crossed",
        ),
        (
            6,
            "Augmenter la fréquentation des lignes de car du réseau urbain.",
            "Les recettes de la SEM en dépendent ; nous voulons rester l'opérateur unique.",
            "antagonistic",
        ),
        (
            15,
            "Que le transport solidaire soit reconnu et financé, pas remplacé.",
            "Nos bénévoles assurent 4 000 trajets par an sans aucune aide de l'agglomération.",
            "antagonistic",
        ),
        (
            26,
            "Permettre aux jeunes sans permis d'accéder aux formations.",
            "La mission locale perd des jeunes faute de transport.",
            "common",
        ),
    ]
    meaning_ids = []
    for who, purpose, serves, _ in answers:
        p = people[who]
        clock.advance(seconds=40)
        src = Source.PORTAL if who in (15, 26) else Source.FACILITATOR
        ans = await svc.add_meaning(
            actor=p.name,
            territory=p.territory,
            structure=p.structure,
            purpose=purpose,
            serves=serves,
            source=src,
            author=p.id,
        )
        meaning_ids.append(ans.id)
    antagonisms = {
        6: (
            "La SEM veut rester l'opérateur unique, quand les territoires ruraux veulent "
            "garder leurs propres solutions de transport",
            ["Val d'Argent"],
        ),
        15: (
            "Le transport solidaire demande à être financé par l'agglomération, qui n'y "
            "contribue pas aujourd'hui",
            ["Belrive"],
        ),
    }
    for ans_id, (who, _, _, tag) in zip(meaning_ids, answers, strict=True):
        about, between = antagonisms.get(who, ("", []))
        await svc.tag_interest(ans_id, tag, tension_about=about, between=between)

    # -- world café on the stakes: three rounds with a rotation plan ----------------------
    await svc.start_step(rounds_step.id)
    hosts = [t.host for t in tables if t.host is not None]
    order = hosts + [i for i in ids if i not in hosts]
    territory = {p.id: p.territory for p in people}
    inst = rotation.parse_instance(
        {
            "people": len(order),
            "groups": len(tables),
            "rounds": rounds_step.settings["rounds"],
            "hosts": list(range(len(tables))),
            "org": [territory[pid] for pid in order],
        }
    )
    # an iteration cap (not a time limit) keeps the demo identical on any machine, under any load
    plan = rotation.solve(inst, seconds=60, seed=7, iterations=200)
    rounds_plan = [[[order[k] for k in table] for table in rnd] for rnd in plan.rounds]
    questions = [q[lang] for q in rounds_step.settings["questions"]]
    await svc.set_seating(rounds_step.id, rounds_plan, questions)
    said = {
        1: [
            "Un car toutes les heures en heure de pointe suffirait pour la ligne Val d'Argent - Belrive.",
            "Aires de covoiturage aux entrées de chaque bourg, avec abri et éclairage.",
            "Les personnes âgées ne savent pas réserver en ligne : garder un numéro de téléphone.",
        ],
        2: [
            "Mutualiser un seul site de réservation pour les quatre territoires.",
            "Les données de fréquentation de la SEM ne sont pas partagées avec les communautés de communes.",
            "Un pass mobilité unique pour les saisonniers de juin à septembre.",
        ],
        3: [
            "Commencer par une expérimentation d'un an sur deux lignes.",
            "Clé de financement au prorata des habitants desservis, pas de la population totale.",
            "Former les bénévoles du transport solidaire à l'outil commun.",
        ],
    }
    for number in (1, 2, 3):
        await svc.start_round(number)
        for k, table in enumerate(tables):
            clock.advance(seconds=50)
            text = (
                said[number][k % 3]
                if k < 3
                else said[number][(k + 1) % 3] + " (" + table.name + ")"
            )
            seated = rounds_plan[number - 1][k]
            author = seated[(number + k) % len(seated)]
            await svc.add_contribution(
                "idea",
                text,
                table=table.id,
                author=author,
                round=number,
                source=Source.PORTAL if k % 2 else Source.FACILITATOR,
            )
        clock.advance(minutes=20 - 5)
    await svc.add_blockage(
        "Le périmètre de la compétence mobilité n'est pas le même dans les quatre territoires",
        "Deux communautés de communes n'ont pas pris la compétence d'organisation des mobilités",
        "Une convention de délégation avec la Région pour la durée de l'expérimentation",
        table=tables[3].id,
        author=ids[24],
        round=3,
    )
    await svc.add_blockage(
        "Les élus du Val d'Argent ne viendront pas à Belrive pour chaque réunion",
        "Une heure de route et des agendas déjà saturés",
        "Faire tourner les réunions entre les territoires, et en visio l'hiver",
        table=tables[2].id,
        author=ids[12],
        round=3,
    )
    await svc.end_step()
    clock.advance(minutes=2)

    # -- harvest of the café ----------------------------------------------------------------
    await run_step(harvests[0], 16)
    for text in (
        "Tout le monde veut un point d'entrée unique pour réserver, quels que soient l'opérateur et le territoire.",
        "Le transport solidaire est la seule réponse pour les personnes isolées : il faut le consolider, pas le concurrencer.",
        "Personne ne sait aujourd'hui combien chaque territoire dépense pour la mobilité.",
    ):
        await svc.add_contribution("insight", text)
    await svc.add_contribution(
        "agreement",
        "Une expérimentation commune plutôt qu'un grand schéma : tout le monde est d'accord pour commencer petit.",
    )
    t_data = await svc.add_tension(
        "Partage des données de fréquentation : la SEM refuse de publier les chiffres par ligne",
        between=["Belrive Transports (SEM)", "Val d'Argent", "Hautes-Combes"],
        category="resources",
    )
    t_money = await svc.add_tension(
        "Clé de financement : population totale (favorable aux petits territoires) ou habitants desservis",
        between=["Belrive", "Val d'Argent", "Hautes-Combes", "Trois Rivières"],
        category="interests",
    )
    t_power = await svc.add_tension(
        "L'agglomération pilote seule le comité technique ; les petits territoires n'y ont qu'une voix consultative",
        between=["Belrive", "Hautes-Combes"],
        category="power",
    )
    await svc.add_tension(
        "Le calendrier de l'appel à projets régional (juin) ne laisse pas le temps de consulter les habitants",
        between=["Trois Rivières", "Région"],
        category="time",
    )
    await svc.update_tension(
        t_data.id,
        status="parked",
        outcome="À reprendre au comité technique avec l'avis juridique de la SEM",
    )

    # -- what unites and what divides the territories: statements from the phones ------------
    await run_statements(svc, clock, _find(steps, "statements"), people, t_money, t_data)

    # -- moving debate -----------------------------------------------------------------------
    await svc.start_step(debate.id)
    stmt = 1
    sides_r1 = ["agree"] * 17 + ["disagree"] * 13
    for i, pid in enumerate(ids):
        await svc.set_position(stmt, sides_r1[(i * 7) % 30], names[pid], round=1)
    # the camps prepare, then speak in turn, the smaller camp (disagree) first
    args = [
        ("disagree", "Un guichet porté par l'agglomération effacera les petites structures.", 3),
        ("agree", "Sans guichet unique, chaque habitant doit connaître quatre opérateurs.", 0),
        (
            "disagree",
            "Le transport solidaire repose sur la relation humaine, pas sur une plateforme.",
            1,
        ),
        ("agree", "On peut confier le guichet au PETR, qui représente tout le monde.", 2),
    ]
    await svc.start_round(1)
    await svc.start_preparation(debate.id)
    clock.advance(minutes=3)
    for side, text, moved in args:
        clock.advance(minutes=3)
        await svc.add_argument(stmt, side, text, moved=moved, round=1)
    await svc.start_round(2)
    movers = {ids[14]: "agree", ids[15]: "agree", ids[5]: "disagree", ids[20]: "agree"}
    for i, pid in enumerate(ids):
        before = sides_r1[(i * 7) % 30]
        side = movers.get(pid, before)
        because = "convaincu·e par l'argument du PETR" if side != before and side == "agree" else ""
        if side != before and side == "disagree":
            because = "peur que les petites structures disparaissent"
        await svc.set_position(stmt, side, names[pid], round=2, moved_because=because)
    clock.advance(minutes=5)  # with the 3 minutes of preparation: the debate's 8 minutes
    await svc.end_step()

    # -- dot voting on the actions to run first ------------------------------------------------
    await svc.start_step(vote.id)
    p1 = await svc.add_proposal(
        "Expérimenter un guichet unique de réservation porté par le PETR",
        "Un numéro et un site communs pour le car, le covoiturage et le transport solidaire, pendant un an.",
        origin="Table Gare",
        tensions=[t_power.id],
    )
    p2 = await svc.add_proposal(
        "Fonds commun pour le transport solidaire",
        "Chaque territoire verse au prorata des habitants desservis ; les associations gardent leur autonomie.",
        origin="Table Solidaire",
        tensions=[t_money.id],
    )
    p3 = await svc.add_proposal(
        "Aires de covoiturage aux entrées des bourgs",
        "Dix aires équipées en deux ans.",
        origin="Table Covoiturage",
    )
    p4 = await svc.add_proposal(
        "Observatoire partagé des déplacements",
        "Données anonymisées publiées chaque trimestre.",
        origin="Table Données",
        tensions=[t_data.id],
    )
    await svc.add_proposal(
        "Pass saisonnier unique de juin à septembre",
        origin="Table Tourisme",
        source=Source.PORTAL,
        table=tables[4].id,
    )
    dots = {p1.id: 31, p2.id: 24, p3.id: 17, p4.id: 12}
    voters = [names[pid] for pid in ids]
    v = 0
    for prop_id, count in dots.items():
        for _ in range(count):
            voter = voters[v % len(voters)]
            v += 1
            try:
                await svc.vote(prop_id, voter, 1)
            except ValueError:
                continue
        clock.advance(seconds=30)
    await svc.reveal_results(vote.id)  # the count is read aloud once everyone has voted
    clock.advance(minutes=9)

    # -- consent on the next steps --------------------------------------------------------------
    await svc.start_step(consent.id)
    # the vote's first proposal rather than the format's; the rounds as sociocracy runs them
    await svc.choose_consent_proposal(consent.id, p1.id)
    await svc.next_consent_round(consent.id)  # clarifying questions
    for text in (
        "Qui emploierait la personne chargée du guichet ?",
        "Que devient la centrale de réservation de la SEM ?",
    ):
        await svc.add_contribution("question", text)
    await svc.next_consent_round(consent.id)  # reactions
    await svc.add_contribution(
        "reaction", "Enthousiaste si les associations sont au comité de pilotage."
    )
    await svc.next_consent_round(consent.id)  # objections
    obj1 = await svc.add_tension(
        "Objection : le guichet ne doit pas obliger les bénévoles à saisir leurs trajets en ligne",
        between=["Transport solidaire Argent'Mobile"],
        category="method",
        objection_to=p1.id,
    )
    obj2 = await svc.add_tension(
        "Objection : sans engagement de la SEM sur les données, le guichet ne pourra pas informer en temps réel",
        between=["Belrive Transports (SEM)", "Pays des Trois Rivières (PETR)"],
        category="resources",
        objection_to=p1.id,
    )
    await svc.next_consent_round(consent.id)  # integration
    await svc.lift_objection(
        obj1.id,
        "Amendement : une ligne téléphonique tenue par une personne, les bénévoles gardent leur outil",
        amend="Les associations gardent leurs propres outils ; le guichet prend les réservations par téléphone.",
    )
    await svc.lift_objection(
        obj2.id,
        "Levée : la directrice de la SEM s'engage en séance à transmettre au guichet ses horaires "
        "en temps réel ; le partage des chiffres par ligne reste à traiter au comité technique",
    )
    await svc.next_consent_round(consent.id)  # the amended proposal tested again: no objection
    await svc.next_consent_round(consent.id)  # consent
    await svc.decide(
        "Le PETR lance pour un an l'expérimentation d'un guichet unique de réservation, "
        "avec une ligne téléphonique ; les associations gardent leurs outils.",
        method="consent",
        proposal=p1.id,
    )
    await svc.decide(
        "Les prochaines réunions tourneront entre les quatre territoires.", method="consensus"
    )
    await svc.update_proposal(p2.id, status="parked")
    clock.advance(minutes=28)

    # -- actions ---------------------------------------------------------------------------------
    await svc.start_step(actions.id)
    for what, owner, due in (
        ("Rédiger la convention de l'expérimentation", "François Marchand (PETR)", "2026-04-15"),
        (
            "Recenser les trajets du transport solidaire",
            "Olivier Blanc (Argent'Mobile)",
            "2026-04-30",
        ),
        (
            "Proposer une clé de financement chiffrée",
            "Julien Garnier (Agglomération)",
            "2026-05-15",
        ),
        (
            "Organiser la prochaine réunion aux Hautes-Combes",
            "Pierre Guérin (CC Hautes-Combes)",
            "2026-05-20",
        ),
    ):
        await svc.add_action(what, owner=owner, due=due)
    await svc.record_territory_time("Val d'Argent", 6)
    await svc.record_territory_time("Belrive", 14)
    clock.advance(minutes=14)
    await svc.end_step()
    await svc.log(EventKind.PORTAL_OPENED)
    return svc
