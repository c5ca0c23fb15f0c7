"""`tenurectl token` prints what the services accept; a scenario is run by people of one role each, never a
superuser."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from shared.auth.local import LOCAL_ISSUER, LocalIssuer, audience
from shared.auth.principal import Grant, Principal
from shared.auth.tokens import TokenVerifier
from tenurectl import bodies
from tenurectl.audit import TOKEN_ENV, caller
from tenurectl.cast import Cast, cast_of
from tenurectl.cli import main, parser
from tenurectl.contract import taken_by
from tenurectl.identity import Bearer, LocalTokens, default_auth_dir
from tenurectl.scenario import ScenarioError
from tests.tenurectl.tenurectl_samples import small_scenario


async def principal_of(token: str, folder: Path, service: str = "contract") -> Principal:
    """Who the token says the caller is, as a service trusting the issuer of `folder` verifies it."""
    jwks = LocalIssuer(folder).jwks()
    return await TokenVerifier(issuer=LOCAL_ISSUER, audience=audience(service), jwks=jwks).principal(token)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


async def test_a_printed_token_names_the_user_their_grants_and_own_manager_code_for_every_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "token", "--user", "赵磊", "--role", "manager@E1", "--role", "auditor@*",
                       "--manager-code", "M01", "--auth-dir", str(tmp_path))

    assert code == 0 and out.count("\n") == 1, "the token alone, on one line"
    for service in ("contract", "appraisal", "payroll"):
        caller = await principal_of(out.strip(), tmp_path, service)
        assert (caller.subject, caller.name, caller.manager_code) == ("赵磊", "赵磊", "M01")
        assert caller.grants == {Grant("manager", "E1"), Grant("auditor", "*")}
    assert (tmp_path / "local-signing-key.pem").exists(), "the key is made on first use, as the services make it"


async def test_the_subject_and_lifetime_can_be_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "token", "--user", "王董", "--role", "chairman@E1", "--subject", "u-1024",
                       "--ttl-hours", "0.5", "--auth-dir", str(tmp_path))

    caller = await principal_of(out.strip(), tmp_path)
    claims = jwt.decode(out.strip(), options={"verify_signature": False})  # verified just above
    assert code == 0 and (caller.subject, caller.name) == ("u-1024", "王董")
    assert claims["exp"] - claims["iat"] == 1800


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--role", "boss@E1"], "unknown role 'boss'"),
        (["--role", "chairman"], "must read role@ENTERPRISE"),
        (["--role", "manager@E1"], "give --manager-code"),
        (["--role", "auditor@*", "--ttl-hours", "0"], "--ttl-hours"),
    ],
    ids=["unknown-role", "no-enterprise", "manager-without-code", "no-lifetime"],
)
def test_a_token_that_cannot_be_granted_is_refused_with_exit_2_and_nothing_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = run(capsys, "token", "--user", "某人", "--auth-dir", str(tmp_path), *argv)

    assert (code, out) == (2, "")
    assert said in err


def test_the_auth_folder_is_tenure_auth_dir_else_the_services_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TENURE_AUTH_DIR", str(tmp_path / "keys"))
    assert default_auth_dir() == tmp_path / "keys"

    monkeypatch.delenv("TENURE_AUTH_DIR")
    monkeypatch.delenv("AUTH_DIR", raising=False)
    monkeypatch.delenv("DATA_DIR", raising=False)
    assert default_auth_dir() == Path("data") / "auth"

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_auth_dir() == tmp_path / "elsewhere" / "auth"


async def grants_of(bearer: Bearer, folder: Path) -> set[str]:
    return {str(grant) for grant in (await principal_of(bearer.token, folder)).grants}


async def test_each_person_of_a_run_holds_one_role_in_the_scenarios_enterprise_unless_their_office_is_the_groups(
    tmp_path: Path,
) -> None:
    cast = cast_of(small_scenario(), LocalTokens(tmp_path))

    assert await grants_of(cast.group_hr, tmp_path) == {"group_hr_admin@*"}
    assert await grants_of(cast.hr, tmp_path) == {"enterprise_hr@E9"}
    assert await grants_of(cast.chairman, tmp_path) == {"chairman@E9"}
    assert await grants_of(cast.committee, tmp_path) == {"appraisal_committee@E9"}
    assert await grants_of(cast.payroll, tmp_path) == {"payroll_officer@E9"}
    assert await grants_of(cast.erp, tmp_path) == {"integration@*"}
    assert await grants_of(cast.auditor, tmp_path) == {"auditor@*"}
    assert await grants_of(cast.operations, tmp_path) == {"operations@*"}
    for code, bearer in cast.managers.items():
        manager = await principal_of(bearer.token, tmp_path)
        assert {str(g) for g in manager.grants} == {"manager@E9"} and manager.manager_code == code


async def test_the_chairman_signs_as_the_person_the_board_authorised_and_each_manager_as_themself(
    tmp_path: Path,
) -> None:
    scenario = small_scenario()
    cast = cast_of(scenario, LocalTokens(tmp_path))
    general_manager = scenario.manager("G1")
    authorised = {grant["person_name"] for grant in bodies.grant_bodies(scenario)}

    chairman = await principal_of(cast.signer(bodies.enterprise_signature("2023-06-21"), "G1").token, tmp_path)
    manager = await principal_of(cast.signer(bodies.manager_signature(general_manager, "2023-06-21"), "G1").token,
                                 tmp_path)

    assert {chairman.name} == authorised
    assert (manager.name, manager.manager_code) == (general_manager["name"], "G1")


def test_the_board_decides_each_party_signs_its_own_side_and_hr_activates(tmp_path: Path) -> None:
    scenario = small_scenario()
    cast = cast_of(scenario, LocalTokens(tmp_path))

    steps = [(action, taken_by(cast, action, body, "D1")) for action, body in
             bodies.agreement_steps(scenario, scenario.manager("D1"))]

    assert steps == [
        ("review", cast.chairman),
        ("approval", cast.chairman),
        ("signatures", cast.chairman),
        ("signatures", cast.managers["D1"]),
        ("activation", cast.hr),
    ]


def test_a_signature_by_someone_the_run_has_no_part_for_is_refused(tmp_path: Path) -> None:
    cast: Cast = cast_of(small_scenario(), LocalTokens(tmp_path))
    stranger = {**bodies.enterprise_signature("2023-06-21"), "signer_name": "李总", "signer_role": "general_manager"}

    with pytest.raises(ScenarioError, match="李总"):
        cast.signer(stranger, "G1")


async def test_an_audit_command_sends_the_given_token_else_tenure_token_else_one_minted_for_its_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    folder = ["--auth-dir", str(tmp_path)]

    assert caller(parser().parse_args(["record", "M01", "--token", "given", *folder])).token == "given"
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    assert caller(parser().parse_args(["verify", *folder])).token == "from-env"
    monkeypatch.delenv(TOKEN_ENV)
    assert await grants_of(caller(parser().parse_args(["changes", "M01", "--from", "2024", *folder])),
                           tmp_path) == {"auditor@*"}
    assert await grants_of(caller(parser().parse_args(["rebuild", *folder])), tmp_path) == {"operations@*"}
