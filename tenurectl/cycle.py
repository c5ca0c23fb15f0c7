"""The scenario's cycle as a calendar: every step on its business date, taken in date order.

Each year's appraisal falls early in the following year (tenurectl/appraisal.py `schedule`): the year's
audited actuals and ratings and its closing on January 20, the committee's confirmation (with its
overrides) on January 25, objections filed and decided on their days, final on March 1 or after the
objection window and every decision. Decisions after the fact fall on their own days (tenurectl/events.py).
A month's base is run on its last day. Without such decisions nothing depends on when a month's base is
paid, so every month is paid first, before any appraisal (a test stops payroll during the appraisals).
Within a day, steps go in the order of `Rank`.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum

from tenurectl.appraisal import objection_window, schedule
from tenurectl.client import doing
from tenurectl.decisions import claw_back, decide_exit, decide_objection, file_objection, revise
from tenurectl.events import of_type, override_bodies
from tenurectl.payroll import periods
from tenurectl.run import Run

log = logging.getLogger("tenurectl")


class Rank(IntEnum):
    FIGURES = 0
    CLOSING = 1
    CONFIRMATION = 2
    OBJECTION = 3
    OBJECTION_DECISION = 4
    FINAL = 5
    CORRECTION = 6
    EXIT = 7
    CLAWBACK = 8
    BASE_RUN = 9


@dataclass(frozen=True, order=True)
class Step:
    on: date
    rank: Rank
    what: str = field(compare=False)
    run: Callable[[], None] = field(compare=False, repr=False)
    appraisal: bool = field(default=False, compare=False)  # one of the appraisal's steps


def steps_of(run: Run) -> list[Step]:
    """Every step of the run, in the order they are taken."""
    steps = list(base_runs(run))
    if run.appraisal is not None:
        for year in run.scenario.years:
            steps += year_steps(run, year)
        steps += list(after_the_fact(run))
    return sorted(steps)


def base_runs(run: Run) -> Iterator[Step]:
    if run.payroll is None:
        return
    for period in periods(run.scenario.start, run.scenario.end):
        year, month = int(period[:4]), int(period[5:])
        on = date(year, month, calendar.monthrange(year, month)[1]) if run.events else date.min
        yield Step(on, Rank.BASE_RUN, f"running the base of {period}", lambda p=period: run.base_run(p))


def year_steps(run: Run, year: int) -> list[Step]:
    """Figures, opening and closing, confirmation, objections, final: one year's appraisal."""
    objections = of_type(run.events, "objection", year)
    dates = schedule(year, objection_window(run.contract, run.record, year, run.cast.committee))
    final_on = max([dates.final_on, *(e.day("decided_on") + timedelta(days=1) for e in objections)])
    steps = [
        Step(dates.closed_on, Rank.FIGURES, f"recording {year}'s actuals and ratings", lambda: run.figures(year)),
        Step(dates.closed_on, Rank.CLOSING, f"opening and closing {year}'s appraisal",
             lambda: run.open_and_close(year, dates.closed_on)),
        Step(dates.decided_on, Rank.CONFIRMATION, f"confirming {year}'s grades",
             lambda: run.confirm(year, dates.decided_on, override_bodies(run.events, year, run.record.tenure_ids))),
        Step(final_on, Rank.FINAL, f"finalising {year}'s appraisal", lambda: run.finalise(year, final_on)),
    ]
    for e in objections:
        steps.append(Step(e.day("filed_on"), Rank.OBJECTION, f"{e.manager}'s objection to {year}",
                          lambda e=e: run.objection_filed(e, file_objection)))
        steps.append(Step(e.day("decided_on"), Rank.OBJECTION_DECISION, f"deciding {e.manager}'s objection",
                          lambda e=e: run.objection_decided(e, decide_objection)))
    return [Step(s.on, s.rank, s.what, s.run, appraisal=True) for s in steps]


def after_the_fact(run: Run) -> Iterator[Step]:
    for e in of_type(run.events, "correction"):
        yield Step(e.on, Rank.CORRECTION, f"correcting {e.manager}'s {e.year} after final",
                   lambda e=e: run.after_settled(e, revise))
    for e in of_type(run.events, "exit"):
        yield Step(e.on, Rank.EXIT, f"deciding {e.manager}'s exit",
                   lambda e=e: decide_exit(run.contract, run.manager(e.manager), e, run.cast))
    for e in of_type(run.events, "clawback"):
        yield Step(e.on, Rank.CLAWBACK, f"clawing back from {e.manager}",
                   lambda e=e: claw_back(run.payroll, run.manager(e.manager), e, run.cast))


def take(steps: list[Step], between: Callable[[str], None]) -> None:
    """Each step in turn; `between("appraisal")` before the first of the appraisal's."""
    announced = False
    for step in steps:
        if step.appraisal and not announced:
            between("appraisal")
            announced = True
        with doing(step.what):
            step.run()
    if not announced:
        between("appraisal")

