"""The base of every step panel: the step it shows, the service, forms and refusals."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches

from facilitate.domain.records import Contribution, Step
from facilitate.domain.session import Session
from facilitate.i18n import t
from facilitate.service import SessionService, ValidationError
from facilitate.tui.screens.forms import Field, FormModal
from facilitate.tui.widgets.base import InLanguage


class StepPanel(InLanguage, Vertical):
    """What the facilitator sees and does during one kind of step."""

    can_focus = False

    def __init__(self, lang: str, svc: SessionService, step: Step) -> None:
        super().__init__(classes="step-panel")
        self.lang, self.svc, self.step = lang, svc, step

    def tr(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def session(self) -> Session:
        return self.svc.session

    @property
    def live_round(self) -> int | None:
        live = self.svc.live()
        return live.round if live.step == self.step.id else None

    def on_mount(self) -> None:
        # A panel replaced while it was being mounted (records and events arriving in a burst)
        # has lost its children: there is nothing left to set up.
        if not self.is_attached:
            return
        with contextlib.suppress(NoMatches):
            self.build()
        focus = getattr(self.screen, "focus_panel", None)  # the live screen gives it the keys
        if focus is not None:
            self.call_after_refresh(focus)

    def build(self) -> None:
        """Set up the panel's widgets once they are mounted."""

    def refresh_view(self) -> None:
        """Redraw from the session; called when records arrive."""

    def where(self) -> dict[str, Any]:
        """The step (and round, when it runs) records made here belong to."""
        return {"step": self.step.id, "round": self.live_round}

    async def attempt(self, coro: Awaitable[Any]) -> Any:
        """Run a service call; a refusal becomes a notification, never a crash."""
        try:
            return await coro
        except ValidationError as exc:
            self.notify(exc.message(self.lang), severity="error")
        except ValueError as exc:
            self.notify(str(exc), severity="error")
        return None

    def ask(
        self,
        title: str,
        fields: list[Field],
        then: Callable[[dict[str, str]], Awaitable[Any]],
        *,
        note: str = "",
    ) -> None:
        """Show a form; when it is saved, run `then(values)` and redraw."""

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return

            async def go() -> None:
                await self.attempt(then(values))
                if self.is_attached:
                    with contextlib.suppress(NoMatches):
                        self.refresh_view()

            self.run_worker(go(), group="panel-form")

        self.app.push_screen(FormModal(self.lang, title, fields, note=note), done)


def contributions_of(panel: StepPanel, *kinds: str) -> list[Contribution]:
    return [
        c
        for c in panel.session.contributions()
        if c.step == panel.step.id and c.kind.value in kinds
    ]


class BriefingPanel(StepPanel):
    """Welcome and ground rules: the step's principles, if the format gives some."""

    def compose(self) -> ComposeResult:
        from textual.widgets import Static

        from facilitate.i18n import pick
        from facilitate.tui.widgets.base import plain

        principles = self.step.settings.get("principles") or []
        lines = "\n".join(f"• {pick(p, self.lang)}" for p in principles)
        yield Static(plain(lines or self.tr("tui.panel.briefing")), classes="panel-body")
