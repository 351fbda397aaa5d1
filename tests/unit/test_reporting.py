"""How the report writes French and English (typography, dates, numbers, plurals), and how
anonymisation tells a name from an ordinary word."""

from __future__ import annotations

import pytest

from facilitate.domain.records import Participant, SessionInfo, Step
from facilitate.domain.session import Session
from facilitate.i18n import t
from facilitate.i18n.reporting import day, duration, minutes, moment, number, plural, typeset
from facilitate.report.anonymise import anonymise

N = "\u202f"


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ("Objection : le guichet", f"Objection{N}: le guichet"),
        ("Note: voir", f"Note{N}: voir"),
        ("Qui ? Quoi ?!", f"Qui{N}? Quoi{N}?!"),
        ("un ; deux", f"un{N}; deux"),
        ("« guillemets »", "«\u00a0guillemets\u00a0»"),
        ("à 11:56, http://x.fr/?lang=fr (?)", "à 11:56, http://x.fr/?lang=fr (?)"),
        (f"déjà{N}: fait", f"déjà{N}: fait"),
    ],
)
def test_french_punctuation_gets_a_narrow_no_break_space(text: str, french: str) -> None:
    """A narrow no-break space before : ; ! ? in French; times, addresses and English alone."""
    assert typeset(text, "fr") == french
    assert typeset(text, "en") == text


def test_dates_and_times_are_written_in_words() -> None:
    """12 mars 2026, 1er avril 2026, 12 March 2026; the venue's time of day."""
    assert day("2026-03-12", "fr") == "12 mars 2026"
    assert day("2026-04-01", "fr") == "1er avril 2026"
    assert day("2026-03-12", "en") == "12 March 2026"
    assert day("not a date", "fr") == "not a date"
    assert moment("2026-03-12T11:56:40+01:00", "fr") == "12 mars 2026 à 11:56"
    assert moment("2026-03-12T11:56:40+01:00", "en") == "12 March 2026 at 11:56"


def test_numbers_have_a_decimal_comma_in_french() -> None:
    """13,7 min in French and 13.7 min in English; thousands apart; long times in hours."""
    assert number(13.7, "fr") == "13,7" and number(13.7, "en") == "13.7"
    assert number(4996, "fr") == f"4{N}996" and number(4996, "en") == "4,996"
    assert minutes(13.66, "fr") == "13,7\u00a0min" and minutes(None, "fr") == "–"
    assert (
        duration(275, "fr") == "4\u00a0h\u00a035"
        and duration(275, "en") == "4\u00a0h\u00a035\u00a0min"
    )


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [(0, "0 voix", "0 votes"), (1, "1 voix", "1 vote"), (31, "31 voix", "31 votes")],
)
def test_counted_words_agree_with_their_number(n: int, fr: str, en: str) -> None:
    """French takes the singular for 0 and 1, English for 1 only."""
    assert plural("report.n_votes", n, "fr") == fr
    assert plural("report.n_votes", n, "en") == en
    assert plural("report.n_open_tensions", n, "fr").endswith(
        "tension ouverte" if n < 2 else "tensions ouvertes"
    )


def test_every_counted_message_has_its_two_forms() -> None:
    """Each .one has its .other, in both languages."""
    from facilitate.i18n import messages

    for lang in ("fr", "en"):
        catalog = messages(lang)
        for key in catalog:
            if key.endswith(".one") and not key.startswith("import."):  # import: .one/.many
                assert key.removesuffix(".one") + ".other" in catalog, key


def _session(*names: tuple[str, str, str]) -> Session:
    info = SessionInfo(
        slug="s",
        title="S",
        date="2026-01-01",
        format_id="f",
        format_name={},
        steps=[Step(id="a", kind="briefing", title={}, minutes=10, script={})],
    )
    session = Session(info=info)
    for i, (name, structure, territory) in enumerate(names, start=1):
        session.put(Participant(id=i, name=name, structure=structure, territory=territory))
    return session


def _text(session: Session, value: str) -> tuple[str, list[str]]:
    from facilitate.domain.records import Contribution

    session.put(Contribution(id=1, text=value))
    out, doubts = anonymise(session)
    return out.all(Contribution)[0].text, [d.word for d in doubts]


@pytest.mark.parametrize(
    "written",
    [
        "Claire Morel",
        "MOREL Claire",
        "Morel Claire",
        "C. Morel",
        "Mme Morel",
        "claire morel",
        "Claire Morél",
    ],
)
def test_a_participants_name_is_replaced_however_it_is_written(written: str) -> None:
    """First name and surname in either order, initials, a title, any case or accent."""
    session = _session(("Claire Morel", "Agglo", "Belrive"))
    text, _ = _text(session, f"Selon {written}, il faut agir.")
    assert text == "Selon Agglo (Belrive), il faut agir."


def test_ordinary_words_and_lone_first_names_stay_and_are_listed() -> None:
    """A surname that is an ordinary word stays ("avant Noël", "le Mont Blanc"), so does a lone
    first name; a distinctive surname alone is replaced; a structure is never rewritten."""
    session = _session(
        ("Marie Noël", "Ville", "Belrive"),
        ("Paul Blanc", "Asso", "Val"),
        ("Inès Haddad", "CCI", "Val"),
        ("Hugo Robin", "Robin Autocars", "Val"),
    )
    text, doubts = _text(
        session,
        "Avant Noël, Haddad viendra au Mont Blanc avec Inès et Robin Autocars ; le car blanc.",
    )
    assert text == (
        "Avant Noël, CCI (Val) viendra au Mont Blanc avec Inès et Robin Autocars ; le car blanc."
    )
    assert set(doubts) == {"Noël", "Blanc", "Inès"}
    assert t("notes.doubt.common_word", "fr")
