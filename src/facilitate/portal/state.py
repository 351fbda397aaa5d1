"""The live state the phones poll (`/api/state`): the step, the countdown, the round, whether
posts are open; counted in versions (one per change the service announces), cached a second."""

from __future__ import annotations

import json
import time

from facilitate.domain import views
from facilitate.domain.records import Step
from facilitate.i18n import t
from facilitate.service import Change, SessionService

CACHE_S = 1.0  # a room polling at once shares one answer per version and language


class PhoneState:
    """The state's version and its JSON body per language, for the pages and their script."""

    def __init__(self, service: SessionService) -> None:
        self.service = service
        self.version = 0
        self._cache: dict[str, tuple[float, int, bytes]] = {}

    def changed(self, change: Change) -> None:
        """The service's listener: any change makes the phones' next poll see a new version."""
        self.version += 1

    def body(self, lang: str) -> bytes:
        now = time.monotonic()
        cached = self._cache.get(lang)
        if cached is not None and cached[1] == self.version and now - cached[0] < CACHE_S:
            return cached[2]
        svc = self.service
        session = svc.session
        live = svc.live()
        step = views.current_step(session.info, live)
        question = views.current_question(session, live, lang)
        state = {
            "version": self.version,
            "step": live.step,
            "step_kind": step.kind if step else None,
            "step_title": views.step_title(session, live, lang) or t("portal.not_started", lang),
            "running": live.running,
            "remaining_s": round(live.remaining_s) if live.step else None,
            "step_remaining_s": round(live.budget_s - live.elapsed_s) if live.step else None,
            "countdown": views.countdown(live),
            "round": live.round,
            "round_label": views.round_label(step, live, svc.round_count(live.step), lang),
            "question": question,
            "submissions_open": svc.posting_refusal() is None,
            "over": svc.session_over(),
            "closed_text": t(
                "portal.session_over" if svc.session_over() else "portal.closed", lang
            ),
            # a vote's count, once the facilitator reveals it: the vote page reloads to show it
            "results_shown": (svc.results_shown(step.id) if step and step.kind == "vote" else None),
            # the statement on the floor: the statements page reloads when the next one comes
            "statement": _floor(svc, step),
            # the proposal on the scale, its poll, whether the room sees the distribution: the
            # agreement page reloads when one changes
            "scale": _scale(svc, step),
            "tables": [
                {"slug": tb.slug, "name": tb.name, "topic": tb.topic, "question": question}
                for tb in session.tables
            ],
        }
        body = json.dumps(state, ensure_ascii=False).encode()
        self._cache[lang] = (now, self.version, body)
        return body


def _floor(svc: SessionService, step: Step | None) -> int | None:
    """The id of the statement on the floor of a statements step (None: none, or another kind)."""
    if step is None or step.kind != "statements":
        return None
    floor = svc.statement_on_floor(step.id)
    return floor.id if floor is not None else None


def _scale(svc: SessionService, step: Step | None) -> str | None:
    """ "proposal:poll:shown" of an agreement step (None: another kind)."""
    if step is None or step.kind != "agreement":
        return None
    poll = svc.agreement_poll(step.id)
    if poll.proposal is None:
        return ""
    return f"{poll.proposal}:{poll.poll}:{int(svc.agreement_shown(step.id))}"
