"""Builders of valid contract-domain objects for the unit tests; each test changes only what it is about."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate

from services.contract_svc.domain import ExitProposal, PerformanceLetter, PolicyParameters, Tenure
from shared.errors import TenureSystemError

DEFAULTS = PolicyParameters()
START, END = date(2022, 3, 1), date(2024, 12, 31)


def kpi(**overrides: Any) -> dict[str, Any]:
    """A linear, higher-is-better KPI of weight 30."""
    return {
        "code": "revenue",
        "name": "营业收入",
        "weight": 30,
        "rule": "linear",
        "direction": "higher",
        "unit": "万元",
        "target": "10000",
        **overrides,
    }


def sheet() -> list[dict[str, Any]]:
    """The golden scenario's sheet: linear, deduct, deduct in % with step 2, rated party building with a veto."""
    return [
        kpi(main=True),
        kpi(code="profit", name="利润总额", rule="deduct", target="1200", main=True),
        kpi(code="cost_rate", name="成本费用率", weight=20, rule="deduct", direction="lower", unit="%",
            step=2, target="35.0"),
        {"code": "party", "name": "党建考核", "weight": 20, "rule": "rated", "veto_below": 60},
    ]  # fmt: skip


def agreement(base: str = "200000", performance: str = "300000") -> dict[str, Any]:
    return {
        "duties": "负责营销中心全面工作",
        "rights_obligations": "按公司章程行使职权",
        "pay": {"base": base, "performance": performance},
        "exit_rules": "年度考核不合格的，终止任期",
        "accountability": "造成国有资产损失的，依规追责",
    }


def open_tenure(**overrides: Any) -> Tenure:
    """A draft first tenure of a middle manager, 2022-03-01 to 2024-12-31, under the default policy."""
    arguments: dict[str, Any] = {
        "manager_id": uuid4(),
        "enterprise_id": uuid4(),
        "position": "middle_manager",
        "level": "middle",
        "policy_id": uuid4(),
        "policy_version": 1,
        "params": DEFAULTS,
        "start": START,
        "end": END,
        "agreement": agreement(),
        **overrides,
    }
    return Tenure.open(**arguments)


def active_tenure(**overrides: Any) -> Tenure:
    """A tenure reviewed, approved, signed by both parties and in force from its start."""
    tenure = open_tenure(**overrides)
    tenure.review("党委", "党委会纪要〔2022〕3号", date(2022, 2, 10))
    tenure.approve("董事会决议〔2022〕5号", date(2022, 2, 15))
    tenure.sign("张三", "chairman", "enterprise", date(2022, 2, 20))
    tenure.sign("赵磊", "middle_manager", "manager", date(2022, 2, 20))
    tenure.activate(tenure.start)
    return tenure


def replayed(aggregate: Aggregate) -> Any:
    """The aggregate rebuilt from its own events, as a repository would."""
    rebuilt = None
    for domain_event in aggregate.collect_events():
        rebuilt = domain_event.mutate(rebuilt)
    return rebuilt


def state(aggregate: Aggregate) -> dict[str, Any]:
    return {key: value for key, value in vars(aggregate).items() if key != "_pending_events"}


def refused(aggregate: Aggregate, command: Callable[[], object], error: type[TenureSystemError]) -> TenureSystemError:
    """Run a command that must be refused, and check it left the aggregate exactly as it was."""
    before, pending = copy.copy(state(aggregate)), len(aggregate.pending_events)
    with pytest.raises(error) as raised:
        command()
    assert len(aggregate.pending_events) == pending, "a refused command must trigger no event"
    assert state(aggregate) == before, "a refused command must not change state"
    return raised.value


def proposed_tenure(*proposal_ids: str) -> Tenure:
    """An active tenure for which exit proposals were received from the appraisal side, awaiting decisions
    (the proposals are the appraisal side's: `proposal` is what the contract side learned of one)."""
    return active_tenure()


def proposal(tenure: Tenure, proposal_id: str) -> ExitProposal:
    """An exit proposal received for `tenure`, as the contract side learned it."""
    return ExitProposal(proposal_id, tenure.id, 2023, "annual", (), date(2024, 2, 1))


class Letters:
    """A tenure's performance letters, each an aggregate of its own, held with the tenure as a handler does."""

    def __init__(self, tenure: Tenure) -> None:
        self.tenure = tenure
        self.by_key: dict[str, PerformanceLetter] = {}

    def issue(self, kind: str, year: int | None, kpis: list[dict[str, Any]], params: PolicyParameters,
              issued_on: date | None = None, policy_version: int | None = None) -> PerformanceLetter:
        letter = PerformanceLetter.issue(self.tenure, list(self.by_key), kind, year, kpis, params, issued_on,
                                         policy_version)
        self.by_key[letter.key] = letter
        return letter

    def sign(self, key: str, signer_name: str, signer_role: str, party: str, signed_on: date) -> None:
        self.by_key[key].sign(self.tenure, signer_name, signer_role, party, signed_on)

    def revise(self, key: str, kpis: list[dict[str, Any]], reason: str, params: PolicyParameters,
               revised_on: date | None = None, policy_version: int | None = None) -> None:
        self.by_key[key].revise(self.tenure, kpis, reason, params, revised_on, policy_version)
