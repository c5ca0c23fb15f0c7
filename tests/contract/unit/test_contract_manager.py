"""Managers under contract: leadership, middle and professional (DOMAIN.md "Who and what")."""

from uuid import uuid4

import pytest

from services.contract_svc.domain import Manager
from shared.errors import InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import refused, replayed, state


def manager() -> Manager:
    return Manager.register("M01", "赵磊", "middle", "middle_manager", "部门负责人", uuid4())


def test_manager_level_must_be_known() -> None:
    with pytest.raises(InvalidInputError) as raised:
        Manager.register("M01", "赵磊", "senior", "middle_manager", None, uuid4())

    assert (raised.value.field, raised.value.rule) == ("level", "known_level")


def test_manager_position_must_be_known() -> None:
    with pytest.raises(InvalidInputError) as raised:
        Manager.register("M01", "赵磊", "middle", "manager", None, uuid4())

    assert (raised.value.field, raised.value.rule) == ("position", "known_position")


def test_position_change_is_recorded_with_its_reason() -> None:
    m01 = manager()

    m01.change_position("deputy_general_manager", "提任副总经理", level="leadership", title="副总经理")

    assert (m01.position, m01.level, m01.title) == ("deputy_general_manager", "leadership", "副总经理")


def test_position_change_needs_a_reason() -> None:
    m01 = manager()

    error = refused(m01, lambda: m01.change_position("deputy_general_manager", ""), RuleViolationError)

    assert error.rule == "reason_required"


def test_replay_rebuilds_the_same_manager() -> None:
    m01 = manager()
    m01.change_position("professional_manager", "转为职业经理人", level="professional")
    expected = state(m01)

    assert state(replayed(m01)) == expected
