"""Step panels, one per step kind of DESIGN.md, and the factory the live screen uses."""

from __future__ import annotations

from facilitate.domain.records import Step
from facilitate.service import SessionService
from facilitate.tui.widgets.panel import BriefingPanel, StepPanel
from facilitate.tui.widgets.panels.closing import ActionsPanel, HarvestPanel
from facilitate.tui.widgets.panels.debate import DebatePanel
from facilitate.tui.widgets.panels.decide import ConsentPanel, VotePanel
from facilitate.tui.widgets.panels.forum import BreakoutsPanel, MarketplacePanel
from facilitate.tui.widgets.panels.grids import AgreementPanel, MatrixPanel
from facilitate.tui.widgets.panels.meaning import MeaningPanel
from facilitate.tui.widgets.panels.rounds import RoundsPanel
from facilitate.tui.widgets.panels.statements import StatementsPanel

PANELS: dict[str, type[StepPanel]] = {
    "briefing": BriefingPanel,
    "meaning": MeaningPanel,
    "rounds": RoundsPanel,
    "marketplace": MarketplacePanel,
    "breakouts": BreakoutsPanel,
    "debate": DebatePanel,
    "vote": VotePanel,
    "consent": ConsentPanel,
    "harvest": HarvestPanel,
    "actions": ActionsPanel,
    "matrix": MatrixPanel,
    "agreement": AgreementPanel,
    "statements": StatementsPanel,
}


def make_panel(lang: str, svc: SessionService, step: Step) -> StepPanel:
    """The panel for `step`'s kind (a plain one for a kind this version does not know)."""
    return PANELS.get(step.kind, BriefingPanel)(lang, svc, step)
