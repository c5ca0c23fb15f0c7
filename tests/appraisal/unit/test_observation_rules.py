"""The observation period's pure rules: its end in calendar months (a shorter month clamps the day), a red
warning opens none (the exit procedure starts instead, DOMAIN.md), again in the bottom 10 % is below standard
even when graded qualified, and the period replays from its stored events as recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

from services.appraisal_svc.domain.observation import ObservationPeriod
from services.appraisal_svc.domain.observing import below_standard, observe
from services.appraisal_svc.domain.results import Trigger, TriggerReport
from shared.domain.dates import add_months
from shared.domain.parameters import PolicyParameters
from shared.eventstore.codec import mapper

YELLOW = Trigger("bottom_ranking_yellow", "observation_6_to_12_months", "position 10 of 10 in 2023: bottom 10 %")
RED = Trigger("bottom_ranking_red", "exit_procedure_starts", "position 20 of 20 in 2023 and 2022: bottom 5 %")


def test_an_observation_period_ends_on_the_same_day_months_later_or_a_shorter_months_last_day() -> None:
    assert add_months(date(2023, 3, 1), 6) == date(2023, 9, 1)
    assert add_months(date(2023, 3, 31), 6) == date(2023, 9, 30)  # September has 30 days
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)  # 2024 is a leap year
    assert add_months(date(2022, 8, 31), 6) == date(2023, 2, 28)
    assert add_months(date(2023, 3, 1), 12) == date(2024, 3, 1)


def _member(warnings: tuple[Trigger, ...], grade: str = "unqualified", position: int = 20) -> Any:
    proposal = SimpleNamespace(total=Decimal("60.00"), position=position, group_size=20)
    return SimpleNamespace(manager_id=uuid4(), proposal=proposal, final=SimpleNamespace(grade=grade),
                           figures=SimpleNamespace(report=TriggerReport(ranking_warnings=warnings)))


def _group(tenure_id: str) -> Any:
    return SimpleNamespace(id=uuid4(), enterprise_id=uuid4(), year=2023, policy=PolicyParameters(),
                           members={tenure_id: SimpleNamespace(tenure_end=date(2025, 12, 31))})


def test_a_red_warning_opens_no_observation_period_a_yellow_one_does() -> None:
    tenure_id = str(uuid4())
    red = observe(_group(tenure_id), {tenure_id: _member((YELLOW, RED))}, [], date(2024, 3, 1), ())
    assert red.opened == []
    [yellow] = observe(_group(tenure_id), {tenure_id: _member((YELLOW,))}, [], date(2024, 3, 1), ()).opened
    assert (yellow.start, yellow.end, yellow.months, yellow.reason) == (date(2024, 3, 1), date(2024, 9, 1), 6,
                                                                       YELLOW.reason)


def test_again_in_the_bottom_ten_percent_is_below_standard_even_when_graded_qualified() -> None:
    # 20 managers: the bottom 10 % is floor(20 × 10 / 100) = 2, positions 19 and 20
    tenure_id = str(uuid4())
    assert below_standard(_group(tenure_id), _member((), grade="qualified", position=19)) is not None
    assert below_standard(_group(tenure_id), _member((), grade="qualified", position=18)) is None
    assert below_standard(_group(tenure_id), _member((), grade="basic", position=1)) == "graded basic in 2023"


def test_an_observation_period_replays_from_its_stored_events() -> None:
    period = ObservationPeriod.open(uuid4(), uuid4(), uuid4(), uuid4(), 2022, YELLOW, 10, 10, date(2023, 3, 1), 6)
    period.conclude("not_met", "仍不达标", date(2023, 9, 1), ["考核委员会"], "纪要9号", uuid4())
    rebuilt = None
    for domain_event in period.collect_events():
        rebuilt = mapper().to_domain_event(mapper().to_stored_event(domain_event)).mutate(rebuilt)
    assert rebuilt is not None
    assert (rebuilt.status, rebuilt.end, rebuilt.conclusion) == ("not_met", date(2023, 9, 1), period.conclusion)
