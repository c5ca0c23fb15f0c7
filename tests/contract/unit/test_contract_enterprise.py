"""Signing authority (DOMAIN.md Lifecycle 2, 002 §四(一)4): only a recorded authorisation lets anyone sign."""

from datetime import date

import pytest

from services.contract_svc.domain import Enterprise
from shared.errors import ForbiddenError, InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import refused, replayed, state


def enterprise(has_board: bool = True) -> Enterprise:
    return Enterprise.register("E1", "成渝科技有限公司", "Chengyu Technology", "market", has_board)


def test_board_authorised_chairman_may_sign_with_the_general_manager() -> None:
    e1 = enterprise()
    e1.authorise_signer("chairman", "张三", "general_manager", "board", "董事会决议〔2022〕1号", date(2022, 1, 5))

    e1.check_signing_authority("张三", "chairman", "general_manager")


def test_chairman_needs_a_recorded_board_authorisation_too() -> None:
    with pytest.raises(ForbiddenError) as raised:
        enterprise().check_signing_authority("张三", "chairman", "general_manager")

    assert (raised.value.field, raised.value.rule) == ("signer_name", "signing_authority")
    assert "张三 (chairman) holds no board authorisation to sign agreements of the general manager of E1" in str(
        raised.value
    )


def test_gm_without_board_authorisation_cannot_sign_other_managers() -> None:
    with pytest.raises(ForbiddenError) as raised:
        enterprise().check_signing_authority("李四", "general_manager", "deputy_general_manager")

    assert raised.value.detail == (
        "李四 (general_manager) holds no board authorisation to sign agreements of other managers of E1"
    )


def test_board_may_authorise_the_gm_to_sign_with_the_other_managers_only() -> None:
    e1 = enterprise()
    e1.authorise_signer("general_manager", "李四", "other_managers", "board", "董事会决议〔2022〕2号")

    e1.check_signing_authority("李四", "general_manager", "chief_financial_officer")
    e1.check_signing_authority("李四", "general_manager", "middle_manager")
    with pytest.raises(ForbiddenError) as raised:
        e1.check_signing_authority("李四", "general_manager", "general_manager")
    assert "the board may authorise only the chairman" in raised.value.detail


def test_board_may_authorise_only_the_chairman_to_sign_with_the_general_manager() -> None:
    e1 = enterprise()

    error = refused(
        e1,
        lambda: e1.authorise_signer("general_manager", "李四", "general_manager", "board", "决议3号"),
        RuleViolationError,
    )

    assert (error.field, error.rule) == ("role", "signing_authority")


def test_board_authorises_only_chairman_or_gm_for_other_managers() -> None:
    e1 = enterprise()

    error = refused(
        e1,
        lambda: e1.authorise_signer("deputy_general_manager", "王五", "other_managers", "board", "决议"),
        RuleViolationError,
    )

    assert error.rule == "signing_authority"


def test_with_a_board_the_controlling_shareholder_does_not_authorise_signers() -> None:
    e1 = enterprise(has_board=True)

    error = refused(
        e1,
        lambda: e1.authorise_signer("chairman", "张三", "general_manager", "controlling_shareholder", "集团文件"),
        RuleViolationError,
    )

    assert (error.field, error.rule) == ("granted_by", "signing_authority")


def test_without_a_board_the_controlling_shareholder_decides_who_signs() -> None:
    e2 = enterprise(has_board=False)
    refused(e2, lambda: e2.authorise_signer("chairman", "张三", "general_manager", "board", "决议"), RuleViolationError)

    e2.authorise_signer("executive_director", "周六", "general_manager", "controlling_shareholder", "集团〔2022〕9号")

    e2.check_signing_authority("周六", "executive_director", "general_manager")
    with pytest.raises(ForbiddenError) as raised:
        e2.check_signing_authority("周六", "executive_director", "middle_manager")
    assert "holds no controlling shareholder authorisation" in raised.value.detail


def test_an_authorisation_needs_a_recorded_decision() -> None:
    e1 = enterprise()

    error = refused(
        e1, lambda: e1.authorise_signer("chairman", "张三", "general_manager", "board", ""), RuleViolationError
    )

    assert error.rule == "recorded_decision"


def test_an_authorisation_is_recorded_once() -> None:
    e1 = enterprise()
    e1.authorise_signer("chairman", "张三", "general_manager", "board", "决议1号")

    error = refused(
        e1, lambda: e1.authorise_signer("chairman", "张三", "general_manager", "board", "决议2号"), RuleViolationError
    )

    assert error.rule == "already_authorised"


def test_unknown_scope_is_refused() -> None:
    e1 = enterprise()

    error = refused(e1, lambda: e1.authorise_signer("chairman", "张三", "everyone", "board", "决议"), InvalidInputError)

    assert (error.field, error.rule) == ("scope", "known_scope")


def test_revoked_signer_can_no_longer_sign() -> None:
    e1 = enterprise()
    e1.authorise_signer("chairman", "张三", "general_manager", "board", "决议1号")

    e1.revoke_signer("张三", "chairman", "general_manager", "决议7号", "董事长调任")

    with pytest.raises(ForbiddenError):
        e1.check_signing_authority("张三", "chairman", "general_manager")


def test_replay_rebuilds_the_same_enterprise() -> None:
    e1 = enterprise()
    e1.authorise_signer("chairman", "张三", "general_manager", "board", "决议1号", date(2022, 1, 5))
    e1.authorise_signer("general_manager", "李四", "other_managers", "board", "决议2号")
    e1.revoke_signer("李四", "general_manager", "other_managers", "决议3号", "总经理调任")
    expected = state(e1)

    assert state(replayed(e1)) == expected
