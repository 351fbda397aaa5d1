"""The demo's statements step: what unites and what divides its four territories.

After the café's harvest the facilitator turns its stakes and disagreements into short
statements (two prepared in the format, others picked from the harvest's ideas and tensions,
one typed, one proposed from a phone and accepted, one set aside); the thirty participants
answer from their phones, three on paper. The answers are written so that the report has
statements that unite, divide, stay uncertain or draw no clear line, and one divisive
statement becomes a tension.
"""

from __future__ import annotations

from facilitate.domain.clock import ManualClock
from facilitate.domain.records import Participant, Source, Step, Tension
from facilitate.service import SessionService

# per statement: its answers, territory by territory, in the order of the demo's participants
# (Belrive 11, Val d'Argent 6, Hautes-Combes 6, Trois Rivières 7): a agree, d disagree, p pass
ANSWERS: dict[str, dict[str, str]] = {
    "habitants": {
        "Belrive": "aaaaaaaadap",
        "Val d'Argent": "aaaaap",
        "Hautes-Combes": "aaaaad",
        "Trois Rivières": "aaaaadp",
    },
    "reunions": {
        "Belrive": "aaaaaadddpa",
        "Val d'Argent": "aaaaaa",
        "Hautes-Combes": "aaaaap",
        "Trois Rivières": "aaaaada",
    },
    "guichet": {
        "Belrive": "aaaaaaaaaad",
        "Val d'Argent": "aaaada",
        "Hautes-Combes": "aaaaaa",
        "Trois Rivières": "aaaaaap",
    },
    "cle": {
        "Belrive": "aaaaaaaapda",
        "Val d'Argent": "ddddda",
        "Hautes-Combes": "dddddp",
        "Trois Rivières": "aadddpd",
    },
    "donnees": {
        "Belrive": "dddddddaapd",
        "Val d'Argent": "aaaaaa",
        "Hautes-Combes": "aaaaad",
        "Trois Rivières": "aaaaapa",
    },
    "solidaire": {
        "Belrive": "aadddpaadpa",
        "Val d'Argent": "aaaaaa",
        "Hautes-Combes": "aaaapa",
        "Trois Rivières": "aaaadaa",
    },
    "maitrise": {
        "Belrive": "dddddddadpd",
        "Val d'Argent": "aaaaad",
        "Hautes-Combes": "aaaaaa",
        "Trois Rivières": "aadaaap",
    },
    "petr": {
        "Belrive": "ppppaapdppa",
        "Val d'Argent": "apppaa",
        "Hautes-Combes": "ppapdp",
        "Trois Rivières": "aaaapap",
    },
}
LETTERS = {"a": "agree", "d": "disagree", "p": "pass"}
ON_PAPER = (13, 21, 28)  # participants without a phone: the facilitator types their answers


async def run_statements(
    svc: SessionService,
    clock: ManualClock,
    step: Step,
    people: list[Participant],
    money: Tension,
    data: Tension,
) -> None:
    """The statements step of the demo, from its start to its end."""
    await svc.start_step(step.id)
    prepared = svc.statements(step.id)  # the format's two, the first already on the floor
    insight = next(
        c
        for c in svc.session.contributions()
        if c.text.startswith("Tout le monde veut un point d'entrée unique")
    )
    guichet = await svc.pick_statement(
        "contribution",
        insight.id,
        text="Il faut un point d'entrée unique pour réserver, quels que soient l'opérateur et le "
        "territoire.",
    )
    cle = await svc.pick_statement(
        "tension",
        money.id,
        text="Les financements communs doivent suivre les habitants desservis, pas la population "
        "totale.",
    )
    donnees = await svc.pick_statement(
        "tension",
        data.id,
        text="La SEM doit publier ses chiffres de fréquentation ligne par ligne.",
    )
    solidaire = await svc.add_statement(
        "Le transport solidaire doit être financé par un fonds commun aux quatre territoires."
    )
    maitrise = await svc.add_statement(
        "Chaque territoire doit garder la maîtrise de ses propres moyens de transport."
    )
    clock.advance(minutes=2)
    petr = await svc.propose_statement(
        "Le PETR doit porter le guichet unique.", device="demo-phone-24", author_name=""
    )
    aside = await svc.propose_statement(
        "De toute façon c'est toujours Belrive qui décide.", device="demo-phone-15"
    )
    petr = await svc.moderate_statement(petr.id)
    await svc.moderate_statement(aside.id, accept=False)
    order = {
        "habitants": prepared[0],
        "reunions": prepared[1],
        "guichet": guichet,
        "cle": cle,
        "donnees": donnees,
        "solidaire": solidaire,
        "maitrise": maitrise,
        "petr": petr,
    }
    by_territory: dict[str, list[Participant]] = {}
    for p in people:
        by_territory.setdefault(p.territory, []).append(p)
    for n, (key, statement) in enumerate(order.items()):
        if n:
            await svc.show_next_statement(step.id)
        assert svc.statement_on_floor(step.id) == statement
        for territory, said in ANSWERS[key].items():
            for person, letter in zip(by_territory[territory], said, strict=True):
                clock.advance(seconds=2)
                index = people.index(person)
                if index in ON_PAPER:
                    await svc.answer_statement(statement.id, LETTERS[letter], author=person.id)
                    continue
                await svc.answer_statement(
                    statement.id,
                    LETTERS[letter],
                    device=f"demo-phone-{index}",
                    territory=person.territory,
                    power=person.power.value if person.power else "",
                    source=Source.PORTAL,
                )
        clock.advance(minutes=1)
    # a person changes their mind on the data once the figures are explained: one answer still
    await svc.answer_statement(
        donnees.id,
        "agree",
        device="demo-phone-3",
        territory="Belrive",
        power="technical",
        source=Source.PORTAL,
    )
    await svc.statement_to_tension(maitrise.id)
    clock.advance(minutes=3)
    await svc.end_step()
    clock.advance(minutes=1)
