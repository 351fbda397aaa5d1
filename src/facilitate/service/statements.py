"""The statements step (Pol.is-style, by territory): its rules, kept here whatever screen asks.

See `facilitate.domain.statements` for the method and the verdicts. The service enforces:

- statements are short (140 characters), typed by the facilitator, picked from an idea or a
  disagreement already recorded, prepared in the format, or proposed from a phone; a phone's
  proposal waits for the moderator (pending) and no phone sees it before it is accepted; the
  same statement twice in a step is refused;
- the facilitator puts one statement at a time on the floor (the projector and the phones show
  it); phones answer only a statement that was shown, while the step runs;
- the fair-vote rules of dot votes: one answer per person and statement, counted per
  participant where known, per phone otherwise (the portal's signed device id: without one a
  phone places nothing), per typed name for the facilitator's paper answers; a changed answer
  replaces the earlier one (the same record), and answers arriving together from one person
  land on that one record: its id is reserved in memory before the save;
- the territory (and kind of power) an answer speaks for: the participant's when known, else
  what the phone says, which must be one of the session's territories;
- a statement that divides the territories (or the kinds of power) becomes a tension in one
  call, naming the territories on each side.
"""

from __future__ import annotations

from typing import Any

from facilitate.domain.deciding import fold_name, voter_key
from facilitate.domain.records import (
    Contribution,
    Event,
    EventKind,
    Participant,
    PowerKind,
    Record,
    Source,
    Step,
    Tension,
    TensionCategory,
)
from facilitate.domain.statements import (
    STATEMENT_MAX,
    Answer,
    Result,
    Statement,
    StatementAnswer,
    StatementOrigin,
    StatementStatus,
    Verdict,
    answer_key,
    judge,
    last_answers,
    on_the_floor,
    results,
    shown_order,
    step_territories,
)
from facilitate.domain.statements import Thresholds as Thresholds
from facilitate.domain.text import clean_name, clean_text
from facilitate.i18n import pick, t
from facilitate.i18n.reporting import typeset
from facilitate.service.core import ValidationError
from facilitate.service.live import LiveMixin

PENDING_PER_PHONE = 5  # proposals one phone may have waiting for the moderator


class StatementsMixin(LiveMixin):
    """Statements, their moderation, the one on the floor, answers and what they say."""

    @property
    def _statement_holds(self) -> dict[tuple[int, str], int]:
        """Answers being saved right now: (statement, person) -> the record id they take."""
        holds: dict[tuple[int, str], int] | None = self.__dict__.get("_statement_holds_")
        if holds is None:
            holds = self.__dict__["_statement_holds_"] = {}
        return holds

    # -- reading ------------------------------------------------------------------------------

    def statements_step(self, step_id: str | None) -> Step:
        step = self.info.step(step_id) if step_id else None
        if step is None or step.kind != "statements":
            raise ValidationError("statements.not_a_statements_step", id=step_id or "")
        return step

    def statements(self, step_id: str, *, pending: bool | None = False) -> list[Statement]:
        """The statements of a step by id, hidden ones left out: accepted ones (the default),
        the ones waiting for moderation (`pending=True`), or every one (`pending=None`)."""
        found = [s for s in self.session.all(Statement) if s.step == step_id and not s.hidden]
        if pending is True:
            found = [s for s in found if s.status == StatementStatus.PENDING]
        elif pending is False:
            found = [s for s in found if s.status == StatementStatus.ACCEPTED]
        return sorted(found, key=lambda s: s.id)

    def statement(self, statement_id: int) -> Statement:
        rec = self.session.get(Statement, statement_id)
        if rec is None or rec.hidden:
            raise ValidationError("statements.unknown", id=statement_id)
        return rec

    def statement_on_floor(self, step_id: str) -> Statement | None:
        sid = on_the_floor(self.session.events, step_id)
        rec = self.session.get(Statement, sid)
        return rec if rec is not None and not rec.hidden else None

    def statements_shown(self, step_id: str) -> list[Statement]:
        """The statements put on the floor so far, in the order they were shown."""
        out = []
        for sid in shown_order(self.session.events, step_id):
            rec = self.session.get(Statement, sid)
            if rec is not None and not rec.hidden and rec.status == StatementStatus.ACCEPTED:
                out.append(rec)
        return out

    def statement_answers(self, step_id: str) -> list[StatementAnswer]:
        """Each person's last answer to each statement of the step."""
        return last_answers(a for a in self.session.all(StatementAnswer) if a.step == step_id)

    def my_statement_answer(
        self, statement_id: int, *, device: str = "", author: int | None = None, voter: str = ""
    ) -> StatementAnswer | None:
        key = voter_key(author=author, device=device, name=voter)
        if not key:
            return None
        for a in last_answers(self.session.all(StatementAnswer)):
            if a.statement == statement_id and answer_key(a) == key:
                return a
        return None

    def device_territory(self, device: str) -> tuple[str, PowerKind | None]:
        """What a phone said it speaks for last time (its page offers it again)."""
        mine = [a for a in self.session.all(StatementAnswer) if device and a.device == device]
        if not mine:
            return "", None
        last = max(mine, key=lambda a: a.id)
        return last.territory, last.power

    def statement_territories(self) -> list[str]:
        """The territories a phone may speak for: the participants'."""
        return sorted({p.territory for p in self.session.participants if p.territory})

    def statement_results(self, step_id: str) -> list[Result]:
        step = self.statements_step(step_id)
        return results(self.session.all(Statement), self.session.all(StatementAnswer), step)

    def statement_result(self, statement_id: int) -> Result:
        rec = self.statement(statement_id)
        step = self.statements_step(rec.step)
        mine = [a for a in self.session.all(StatementAnswer) if a.step == step.id]
        return judge(rec, mine, step_territories(mine, step.id), Thresholds.of(step))

    # -- statements in ------------------------------------------------------------------------

    def _statement_text(self, step: Step, value: str, *, exclude: int | None = None) -> str:
        text = clean_text(value, multiline=False)
        if not text:
            raise ValidationError("service.empty_text")
        if len(text) > STATEMENT_MAX:
            raise ValidationError("statements.too_long", max=STATEMENT_MAX, n=len(text))
        folded = fold_name(text).rstrip(" .!")
        for other in self.session.all(Statement):
            same = fold_name(other.text).rstrip(" .!") == folded
            if same and other.step == step.id and other.id != exclude and not other.hidden:
                raise ValidationError("statements.duplicate", id=other.id)
        return text

    async def add_statement(
        self,
        text: str,
        *,
        step: str | None = None,
        origin: StatementOrigin = StatementOrigin.TYPED,
        from_record: int | None = None,
    ) -> Statement:
        """A statement typed by the facilitator (accepted at once), in `step` or the live one."""
        st = self.statements_step(step or self.live().step)
        rec = Statement(
            id=self.new_id("statements"),
            text=self._statement_text(st, text),
            origin=origin,
            from_record=from_record,
            **self._placed(Source.FACILITATOR, step=st.id, round=None),
        )
        await self.save(rec)
        return rec

    async def pick_statement(
        self, kind: str, record_id: int, *, text: str = "", step: str | None = None
    ) -> Statement:
        """A statement from an idea (`contribution`) or a disagreement (`tension`) already
        recorded; `text` rephrases it (a long idea must be shortened to be a statement)."""
        source: Contribution | Tension | None
        if kind == "contribution":
            source = self.session.get(Contribution, record_id)
            said = source.text if source is not None else ""
            origin = StatementOrigin.CONTRIBUTION
        elif kind == "tension":
            source = self.session.get(Tension, record_id)
            said = source.about if source is not None else ""
            origin = StatementOrigin.TENSION
        else:
            raise ValidationError("service.bad_kind", value=kind)
        if source is None or source.hidden:
            raise ValidationError("statements.unknown_record", id=record_id)
        return await self.add_statement(
            text or said, step=step, origin=origin, from_record=record_id
        )

    async def propose_statement(
        self, text: str, *, device: str, author_name: str = "", step: str | None = None
    ) -> Statement:
        """A phone's proposal, held for moderation: nobody sees it before it is accepted."""
        if not device:
            raise ValidationError("statements.who")
        live = self.live()
        st = self.statements_step(step or live.step)
        if live.step != st.id:
            raise ValidationError("statements.not_running")
        if st.settings.get("proposals_from_phones") is False:
            raise ValidationError("statements.no_proposals")
        waiting = [
            s
            for s in self.session.all(Statement)
            if s.device == device and s.status == StatementStatus.PENDING
        ]
        if len(waiting) >= PENDING_PER_PHONE:
            raise ValidationError("statements.too_many_pending", n=PENDING_PER_PHONE)
        placed = self._placed(Source.PORTAL, step=st.id, round=None, author_name=author_name)
        rec = Statement(
            id=self.new_id("statements"),
            text=self._statement_text(st, text),
            status=StatementStatus.PENDING,
            origin=StatementOrigin.PHONE,
            device=device,
            **placed,
        )
        await self.save(rec)
        return rec

    async def moderate_statement(
        self, statement_id: int, accept: bool = True, *, text: str | None = None
    ) -> Statement:
        """Accept a proposed statement (phones may then see it), or reject it; `text` lets the
        moderator correct its wording as it is accepted."""
        rec = self.statement(statement_id)
        st = self.statements_step(rec.step)
        changes: dict[str, Any] = {
            "status": StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
        }
        if text is not None:
            changes["text"] = self._statement_text(st, text, exclude=rec.id)
        if accept and rec.status == StatementStatus.REJECTED:
            # accepted after all: its wording must not repeat one accepted meanwhile
            self._statement_text(st, changes.get("text", rec.text), exclude=rec.id)
        rec = rec.replace(**changes)
        await self.save(rec)
        return rec

    def _opening(self, step: Step) -> list[Record]:
        """What a statements step starts with: the format's statements (the first time), and
        the first statement not yet shown on the floor."""
        out: list[Record] = []
        have = [s for s in self.session.all(Statement) if s.step == step.id]
        if not have:
            for raw in step.settings.get("statements") or []:
                text = pick(raw, self.lang) if isinstance(raw, dict) else str(raw)
                rec = Statement(
                    id=self.new_id("statements"),
                    text=clean_text(text, multiline=False)[:STATEMENT_MAX],
                    origin=StatementOrigin.FORMAT,
                    step=step.id,
                    at=self.now(),
                )
                out.append(rec)
                have.append(rec)
        if on_the_floor(self.session.events, step.id) is None:
            first = next(
                (
                    s
                    for s in sorted(have, key=lambda s: s.id)
                    if s.status == StatementStatus.ACCEPTED and not s.hidden
                ),
                None,
            )
            if first is not None:
                out.append(self._shown_event(step, first))
        return out

    def _shown_event(self, step: Step, rec: Statement) -> Event:
        return Event(
            id=self.new_id("events"),
            kind=EventKind.STATEMENT_SHOWN,
            step=step.id,
            at=self.now(),
            data={"statement": rec.id},
        )

    async def start_step(self, step_id: str) -> Event:
        started = await super().start_step(step_id)
        step = self.info.step(step_id)
        if step is not None and step.kind == "statements":
            opening = self._opening(step)
            if opening:
                await self.save(*opening)
        return started

    # -- the floor ------------------------------------------------------------------------------

    async def show_statement(self, statement_id: int) -> Statement:
        """Put one statement on the floor: the projector and the phones show it."""
        rec = self.statement(statement_id)
        step = self.statements_step(rec.step)
        if self.live().step != step.id:
            raise ValidationError("statements.not_running")
        if rec.status != StatementStatus.ACCEPTED:
            raise ValidationError(f"statements.is_{rec.status.value}")
        await self.save(self._shown_event(step, rec))
        return rec

    async def show_next_statement(self, step_id: str | None = None) -> Statement:
        """The next accepted statement not shown yet, in the order they came."""
        step = self.statements_step(step_id or self.live().step)
        shown = set(shown_order(self.session.events, step.id))
        waiting = [s for s in self.statements(step.id) if s.id not in shown]
        if not waiting:
            raise ValidationError("statements.none_left")
        return await self.show_statement(waiting[0].id)

    # -- answers ----------------------------------------------------------------------------------

    def _territory(self, value: str) -> str:
        name = clean_name(value)
        if not name:
            return ""
        folded = fold_name(name)
        for known in self.statement_territories():
            if fold_name(known) == folded:
                return known
        raise ValidationError("statements.unknown_territory", value=name)

    async def answer_statement(
        self,
        statement_id: int,
        answer: str,
        voter: str = "",
        *,
        device: str = "",
        territory: str = "",
        power: str = "",
        source: Source = Source.FACILITATOR,
        **where: Any,
    ) -> StatementAnswer:
        """One person's answer (agree, disagree, pass); a second answer replaces the first."""
        try:
            said = Answer(answer)
        except ValueError:
            raise ValidationError("statements.bad_answer", value=answer) from None
        rec = self.statement(statement_id)
        step = self.statements_step(rec.step)
        if rec.status != StatementStatus.ACCEPTED:
            raise ValidationError(f"statements.is_{rec.status.value}")
        placed = self._placed(source, **{**where, "step": step.id, "round": None})
        if source == Source.PORTAL:
            if self.live().step != step.id:
                raise ValidationError("statements.not_running")
            if rec.id not in shown_order(self.session.events, step.id):
                raise ValidationError("statements.not_shown")
        author: int | None = placed["author"]
        name = clean_name(voter)
        if author is None and not device and name:
            folded = fold_name(name)
            known = [p for p in self.session.participants if fold_name(p.name) == folded]
            if len(known) == 1:
                author = known[0].id
        person = self.session.get(Participant, author)
        if person is not None:
            name, where_from, kind = person.name, person.territory, person.power
        else:
            where_from = self._territory(territory)
            try:
                kind = PowerKind(power) if power else None
            except ValueError:
                raise ValidationError("statements.bad_power", value=power) from None
        key = voter_key(author=author, device=device, name=name)
        if not key:
            raise ValidationError("statements.who")
        placed["author"] = author
        hold = (rec.id, key)
        before = self.my_statement_answer(rec.id, device=device, author=author, voter=name)
        rid = self._statement_holds.get(hold) or (before.id if before else 0)
        rid = rid or self.new_id("statement_answers")
        new = StatementAnswer(
            id=rid,
            statement=rec.id,
            answer=said,
            voter=name,
            device=device,
            territory=where_from,
            power=kind,
            **placed,
        )
        # the id is reserved before the save (no await since the look-up above): a second
        # answer arriving meanwhile from the same person replaces this one, never adds one
        held = hold in self._statement_holds
        self._statement_holds[hold] = rid
        try:
            await self.save(new)
        finally:
            if not held:
                self._statement_holds.pop(hold, None)
        return new

    # -- a divisive statement becomes a tension ---------------------------------------------------

    async def statement_to_tension(self, statement_id: int) -> Tension:
        """The statement that divides, as a tension between the territories on each side (or
        the kinds of power), with the split in its wording; kept linked to the statement."""
        result = self.statement_result(statement_id)
        rec = result.statement
        if rec.tension is not None and self.session.get(Tension, rec.tension) is not None:
            raise ValidationError("statements.already_tension", id=rec.tension)
        picked = rec.from_record if rec.origin == StatementOrigin.TENSION else None
        if self.session.get(Tension, picked) is not None:  # picked from a tension: it is one
            raise ValidationError("statements.already_tension", id=picked)
        if result.verdict != Verdict.DIVIDES and not result.power_split:
            raise ValidationError("statements.not_divisive")
        lang = self.lang
        sides = []
        for side, names in ((Answer.AGREE, result.agreeing), (Answer.DISAGREE, result.disagreeing)):
            for x in names:
                share = result.by_territory[x].percent(side)
                sides.append(t(f"statements.tension_side.{side.value}", lang, who=x, n=share))
        if not sides:
            for side, names in (
                (Answer.AGREE, result.powers_agreeing),
                (Answer.DISAGREE, result.powers_disagreeing),
            ):
                for p in names:
                    share = result.by_power[p].percent(side)
                    who = t(f"power.{p}", lang)
                    sides.append(t(f"statements.tension_side.{side.value}", lang, who=who, n=share))
        between = [*result.agreeing, *result.disagreeing]
        tension = Tension(
            id=self.new_id("tensions"),
            about=typeset(
                t(
                    "statements.tension_about",
                    lang,
                    text=rec.text.rstrip(" ."),
                    split="; ".join(sides),
                ),
                lang,
            ),
            between=between,
            category=TensionCategory.INTERESTS,
            **self._placed(Source.FACILITATOR, step=rec.step, round=None),
        )
        await self.save(tension, rec.replace(tension=tension.id))
        return tension
