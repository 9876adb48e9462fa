"""Five cases for the dashboard, at a clock the test controls: a calm one, one with a
clock in four days, one whose court must set a date, and the two seed cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from caseworker.cases.validation import validate_case
from caseworker.core.drafts import EventDraft
from caseworker.opening.workspace import Workspace
from storage.kdf import floor_params
from tests.support.case_factory import NOW, ZONE, author, seed_cases, seed_draft, simple_draft
from tests.support.ui_fixtures import make_app


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def draft_with(name: str, *events: EventDraft, situation: str = "detained"):
    draft = simple_draft(name, situation=situation)
    draft.events = list(events)
    validate_case(draft, ZONE, NOW)
    return draft


def seeded_dashboard(data_dir):
    """A calm case, one with a clock in four days, one whose court must set a date, and
    the two seed cases: Yerzhanat Abai's entered when he was detained (his clocks ran
    out since, undone), Qalymbek Shahman's entered now, years after his clocks ran out
    (passed before intake: no deadline)."""
    [yerzhanat] = seed_cases(data_dir, seed_draft("yerzhanat-abai"),
                             who=author(now=datetime(2025, 5, 1, 9, 0, tzinfo=UTC)))
    others = seed_cases(
        data_dir,
        draft_with("Aigerim Calm", situation="at_liberty"),
        draft_with("Nurlan Hearing", EventDraft("custody_ordered",
                                                (NOW - timedelta(hours=1)).isoformat(),
                                                location="Zharkent")),
        draft_with("Kaster Musakhanuly", EventDraft("extradition_request",
                                                    (NOW - timedelta(hours=1)).isoformat(),
                                                    location="Almaty")),
        seed_draft("qalymbek-shahman"),
    )
    return [*others, yerzhanat]


def dashboard_app(data_dir, clock: Clock):
    from caseworker.core.config import Config

    config = Config(user="volunteer")
    workspace = Workspace(data_dir=data_dir, config=config, kdf_params=floor_params(),
                          now=clock)
    return make_app(data_dir, config=config, workspace=workspace)
