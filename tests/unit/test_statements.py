"""The statements step's analysis: what unites, divides or stays uncertain, by territory."""

from __future__ import annotations

import pytest

from facilitate.domain.records import Event as Ev
from facilitate.domain.records import EventKind, PowerKind, Step
from facilitate.domain.statements import (
    Answer,
    Result,
    Statement,
    StatementAnswer,
    StatementStatus,
    Tally,
    Thresholds,
    Verdict,
    judge,
    last_answers,
    on_the_floor,
    ranked,
    results,
    shown_order,
)

STEP = Step(id="s", kind="statements", title={"fr": "A", "en": "A"}, minutes=20, script={})


def answers(statement: int, spec: dict[str, str], *, start: int = 1) -> list[StatementAnswer]:
    """spec: territory -> a string of a/d/p, one letter an answer (one person each)."""
    out: list[StatementAnswer] = []
    n = start
    letters = {"a": Answer.AGREE, "d": Answer.DISAGREE, "p": Answer.PASS}
    for territory, said in spec.items():
        for k, ch in enumerate(said):
            out.append(
                StatementAnswer(
                    id=n,
                    step="s",
                    statement=statement,
                    answer=letters[ch],
                    device=f"{territory}-{k}",
                    territory=territory,
                )
            )
            n += 1
    return out


DEFAULT = Thresholds()


def one(
    spec: dict[str, str], th: Thresholds = DEFAULT, territories: list[str] | None = None
) -> Result:
    st = Statement(id=1, step="s", text="x")
    return judge(st, answers(1, spec), territories or list(spec), th)


def test_a_majority_agreeing_in_every_territory_unites() -> None:
    r = one({"Belrive": "aaad", "Val": "aaa", "Combes": "aaadp"})
    assert r.verdict == Verdict.UNITES and r.side == Answer.AGREE
    assert r.by_territory["Combes"] == Tally(3, 1, 1)


def test_exactly_half_is_no_majority() -> None:
    r = one({"Belrive": "aadd", "Val": "aaa"})
    assert r.verdict == Verdict.MIXED
    assert r.agreeing == ("Val",)


def test_passes_count_among_the_answers_so_passing_makes_no_majority() -> None:
    r = one({"Belrive": "aapp", "Val": "aaaa"}, Thresholds(pass_percent=100))
    assert r.by_territory["Belrive"].leaning() is None
    assert r.verdict == Verdict.MIXED


def test_territories_on_opposite_sides_divide() -> None:
    r = one({"Belrive": "aaaad", "Val": "dddd", "Combes": "aaa"})
    assert r.verdict == Verdict.DIVIDES
    assert r.agreeing == ("Belrive", "Combes") and r.disagreeing == ("Val",)
    assert r.spread == 100  # Combes 100 %, Val 0 %


def test_rejected_everywhere_is_common_ground_too() -> None:
    r = one({"Belrive": "ddd", "Val": "ddda"})
    assert r.verdict == Verdict.UNITES and r.side == Answer.DISAGREE


def test_too_few_answers_in_one_territory_is_uncertain() -> None:
    r = one({"Belrive": "aaaa", "Val": "aa"})
    assert r.verdict == Verdict.UNCERTAIN and r.few == ("Val",)
    # a territory of the step that did not answer this statement at all: uncertain too
    r = one({"Belrive": "aaa", "Val": "aaa"}, territories=["Belrive", "Val", "Combes"])
    assert r.verdict == Verdict.UNCERTAIN and r.few == ("Combes",)
    # the minimum is the format's
    assert one({"Belrive": "aaaa", "Val": "aa"}, Thresholds(min_answers=2)).verdict == (
        Verdict.UNITES
    )


def test_one_territory_alone_says_nothing_about_the_others() -> None:
    assert one({"Belrive": "aaaaa"}).verdict == Verdict.UNCERTAIN


def test_many_passes_is_uncertain() -> None:
    r = one({"Belrive": "appp", "Val": "aapp", "Combes": "aaad"})
    assert r.many_passes and r.verdict == Verdict.UNCERTAIN
    # below the share, it is judged
    assert not one({"Belrive": "aaap", "Val": "aaa"}).many_passes


def test_a_higher_majority_asks_more() -> None:
    spec = {"Belrive": "aaad", "Val": "aaa"}  # 75 % and 100 %
    assert one(spec).verdict == Verdict.UNITES
    assert one(spec, Thresholds(majority=80)).verdict == Verdict.MIXED


def test_the_split_by_kind_of_power() -> None:
    st = Statement(id=1, step="s", text="x")
    rows = answers(1, {"Belrive": "aaaaaa", "Val": "aaaddd"})
    powers = [PowerKind.POLITICAL] * 3 + [PowerKind.TECHNICAL] * 3
    for a, p in zip(rows, powers * 2, strict=True):
        a.power = p
    r = judge(st, rows, ["Belrive", "Val"])
    assert r.by_power["political"] == Tally(6, 0, 0)
    assert r.by_power["technical"] == Tally(3, 3, 0)
    assert not r.power_split  # technical staff have no majority
    rows[5].answer = Answer.DISAGREE  # one technical person in Belrive now disagrees
    r = judge(st, rows, ["Belrive", "Val"])
    assert r.power_split and r.powers_agreeing == ("political",)
    assert r.powers_disagreeing == ("technical",)


def test_a_changed_answer_replaces_the_earlier_one() -> None:
    rows = answers(1, {"Belrive": "ddd", "Val": "ddd"})
    changed = StatementAnswer(
        id=99, step="s", statement=1, answer=Answer.AGREE, device="Belrive-0", territory="Belrive"
    )
    kept = last_answers([*rows, changed])
    assert len(kept) == 6 and changed in kept
    r = judge(Statement(id=1, step="s"), [*rows, changed], ["Belrive", "Val"])
    assert r.by_territory["Belrive"] == Tally(1, 2, 0)


def test_results_leave_out_pending_rejected_and_hidden_statements() -> None:
    statements = [
        Statement(id=1, step="s", text="a"),
        Statement(id=2, step="s", text="b", status=StatementStatus.PENDING),
        Statement(id=3, step="s", text="c", status=StatementStatus.REJECTED),
        Statement(id=4, step="s", text="d", hidden=True),
        Statement(id=5, step="other", text="e"),
        Statement(id=6, step="s", text="f"),
    ]
    rows = answers(1, {"A": "aaa", "B": "aaa"}) + answers(6, {"A": "aaa", "B": "ddd"}, start=50)
    found = results(statements, rows, STEP)
    assert [r.statement.id for r in found] == [1, 6]
    assert [r.statement.id for r in ranked(found, Verdict.UNITES)] == [1]
    assert [r.statement.id for r in ranked(found, Verdict.DIVIDES)] == [6]


def test_the_statement_on_the_floor_comes_from_the_events() -> None:
    at = "2026-03-12T10:00:00+01:00"
    events = [
        Ev(id=1, kind=EventKind.STEP_STARTED, step="s", at=at),
        Ev(id=2, kind=EventKind.STATEMENT_SHOWN, step="s", at=at, data={"statement": 4}),
        Ev(id=3, kind=EventKind.STATEMENT_SHOWN, step="s", at=at, data={"statement": 2}),
        Ev(id=4, kind=EventKind.STATEMENT_SHOWN, step="s", at=at, data={"statement": 4}),
        Ev(id=5, kind=EventKind.STATEMENT_SHOWN, step="t", at=at, data={"statement": 9}),
        Ev(id=6, kind=EventKind.STATEMENT_SHOWN, step="s", at=at, data={"statement": "x"}),
    ]
    assert on_the_floor(events, "s") == 4
    assert shown_order(events, "s") == [4, 2]
    assert on_the_floor(events, "u") is None


@pytest.mark.parametrize(("n", "total", "percent"), [(1, 3, 33), (2, 3, 67), (1, 2, 50), (0, 0, 0)])
def test_percent_rounds_half_up(n: int, total: int, percent: int) -> None:
    tally = Tally(n, total - n, 0)
    assert tally.percent(Answer.AGREE) == percent
