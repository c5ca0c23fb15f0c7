"""Handlers for performance letters: each letter is its own aggregate, read with the tenure it belongs to."""

from __future__ import annotations

from uuid import UUID

from services.contract_svc.adapters.letters import letter_of, letters_of
from services.contract_svc.application import commands as c
from services.contract_svc.application.handlers import policy_on
from services.contract_svc.application.signers import check_signer
from services.contract_svc.domain.letter import PerformanceLetter
from services.contract_svc.domain.tenure import Tenure
from shared.auth.scope import Access
from shared.unit_of_work import UnitOfWork


async def issue_letter(uow: UnitOfWork, tenure_id: UUID, cmd: c.IssueLetter) -> tuple[Tenure, PerformanceLetter]:
    tenure = await uow.load(Tenure, tenure_id)
    issued = [letter.key for letter in await letters_of(uow, tenure)]
    number, params = await policy_on(uow, tenure, cmd.issued_on or tenure.start)
    kpis = [k.raw() for k in cmd.kpis]
    letter = PerformanceLetter.issue(tenure, issued, cmd.kind, cmd.year, kpis, params, cmd.issued_on, number)
    await uow.save(letter, effective_date=cmd.issued_on)
    return tenure, letter


async def sign_letter(
    uow: UnitOfWork, tenure_id: UUID, key: str, cmd: c.Sign, version: int | None, signer: Access
) -> tuple[Tenure, PerformanceLetter]:
    tenure = await uow.load(Tenure, tenure_id)
    letter = await letter_of(uow, tenure_id, key, version)
    name = await check_signer(uow, tenure, cmd, signer)
    letter.sign(tenure, name, cmd.signer_role, cmd.party, cmd.signed_on)
    await uow.save(letter, effective_date=cmd.signed_on)
    return tenure, letter


async def revise_letter(
    uow: UnitOfWork, tenure_id: UUID, key: str, cmd: c.ReviseLetter, version: int | None
) -> tuple[Tenure, PerformanceLetter]:
    tenure = await uow.load(Tenure, tenure_id)
    letter = await letter_of(uow, tenure_id, key, version)
    number, params = await policy_on(uow, tenure, cmd.revised_on or tenure.start)
    letter.revise(tenure, [k.raw() for k in cmd.kpis], cmd.reason, params, cmd.revised_on, number)
    await uow.save(letter, effective_date=cmd.revised_on)
    return tenure, letter
