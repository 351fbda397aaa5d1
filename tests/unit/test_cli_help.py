"""The command line's help and usage errors in the user's language, argparse's own words too."""

from __future__ import annotations

import argparse
import gettext
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from facilitate.cli import build_parser, main, requested_lang

FRENCH_HEADINGS = (
    "utilisation\u202f: facilitate",
    "arguments positionnels\u202f:",
    "options\u202f:",
    "afficher ce message d'aide et quitter",
)


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser and every sub-command's parser, depth first."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_french_help_from_the_installed_command() -> None:
    """`FACILITATE_LANG=fr facilitate --help`: descriptions, arguments and argparse's headings
    in French, nothing of argparse's English left."""
    env = {**os.environ, "FACILITATE_LANG": "fr"}
    out = subprocess.run(
        [sys.executable, "-m", "facilitate.cli", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for heading in FRENCH_HEADINGS:
        assert heading in out
    assert "usage:" not in out and "show this help" not in out and "positional" not in out
    assert "Un compagnon pour animer des ateliers" in out
    assert "lister les sessions" in out


@pytest.mark.parametrize(
    "command", [["export"], ["new"], ["participants", "import"], ["rotation", "solve"], ["serve"]]
)
def test_french_help_of_the_sub_commands(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each sub-command's help is French too, argparse's headings included."""
    monkeypatch.setenv("FACILITATE_LANG", "fr")
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for heading in FRENCH_HEADINGS[1:]:
        assert heading in out
    assert out.startswith(f"utilisation\u202f: facilitate {' '.join(command)}")


def test_lang_on_the_command_line_wins_and_english_stays_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--lang en` gives argparse's English even where the locale is French, and back."""
    monkeypatch.setenv("FACILITATE_LANG", "fr")
    with pytest.raises(SystemExit):
        main(["--lang", "en", "list", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: facilitate list") and "show this help message and exit" in out
    monkeypatch.setenv("FACILITATE_LANG", "en")
    with pytest.raises(SystemExit):
        main(["--lang=fr", "list", "--help"])
    assert capsys.readouterr().out.startswith("utilisation\u202f: facilitate list")


def test_a_usage_error_is_french_and_the_process_state_is_put_back(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """argparse's error line comes in French; its gettext domain and LANGUAGE are restored."""
    monkeypatch.setenv("FACILITATE_LANG", "fr")
    monkeypatch.delenv("LANGUAGE", raising=False)
    domain = gettext.textdomain()
    with pytest.raises(SystemExit) as done:
        main(["rotation"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "facilitate rotation\u202f: erreur\u202f: arguments obligatoires manquants" in err
    assert gettext.textdomain() == domain and "LANGUAGE" not in os.environ


def test_every_help_text_is_written_in_both_languages() -> None:
    """Each command and argument has a help, and the French one is not the English one: a new
    argument without its French help fails here."""
    french, english = list(_parsers(build_parser("fr"))), list(_parsers(build_parser("en")))
    assert len(french) == len(english) > 10
    untranslated = []
    for fr, en in zip(french, english, strict=True):
        if fr.description == en.description:
            untranslated.append(f"{en.prog}: description {en.description!r}")
        for fa, ea in zip(fr._actions, en._actions, strict=True):
            if isinstance(ea, argparse._HelpAction):
                continue  # argparse's own, from its catalogue
            if isinstance(ea, argparse._SubParsersAction):
                assert isinstance(fa, argparse._SubParsersAction)
                pairs = zip(fa._choices_actions, ea._choices_actions, strict=True)
                untranslated += [
                    f"{en.prog} {e.dest}: help {e.help!r}" for f, e in pairs if f.help == e.help
                ]
                continue
            if not ea.help or fa.help == ea.help:
                untranslated.append(f"{en.prog} {ea.dest}: help {ea.help!r}")
    assert untranslated == []


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lang", "fr", "list"], "fr"),
        (["--lang=en"], "en"),
        (["--lang", "de"], None),
        (["list", "--", "--lang", "fr"], None),
        (["--lang"], None),
    ],
)
def test_the_language_is_read_before_the_parser(argv: list[str], lang: str | None) -> None:
    assert requested_lang(argv) == lang
