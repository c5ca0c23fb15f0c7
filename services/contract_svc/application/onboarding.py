"""Onboarding: an enterprise's serving managers brought in at once, all or none (domain/onboarding.py).

Each manager goes through the same domain steps as the one-by-one commands (register, open, review, approve,
sign, activate, issue and sign each letter), so every rule they check is checked here; the signatures are the
papers' (check_paper_signer), the importer being the actor of every event and the onboarding its cause.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.contract_svc.adapters.queries import registered_codes
from services.contract_svc.application.handlers import applicable_policy, existing, version_during
from services.contract_svc.application.onboarding_commands import PaperSignature, Roster, ServingManager
from services.contract_svc.application.signers import check_paper_signer
from services.contract_svc.application.tenures import opening_of
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.letter import PerformanceLetter
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.onboarding import Brought, Onboarding, business_date, cause_of
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.tenure import Tenure
from shared.errors import ConflictError, RuleViolationError, TenureSystemError
from shared.unit_of_work import UnitOfWork

SAVE_EVERY = 50  # managers decided and saved at a time: their events, records and messages then let go


async def onboard(uow: UnitOfWork, enterprise_id: UUID, roster: Roster, digest: str, document_format: str = "json",
                  ) -> tuple[Onboarding, list[Brought]]:  # fmt: skip
    """Every manager of `roster` in force, or none; the first refusal names its item (`managers.3.start`).
    `digest` is the SHA-256 of the document they came in. Made into commands, decided and saved SAVE_EVERY
    managers at a time in the one transaction, so that what is held at once stays bounded."""
    enterprise = await existing(uow, Enterprise, enterprise_id, "enterprise_id")
    await _codes_free(uow, roster.items.keys)
    onboarding = Onboarding.record(enterprise.id, roster.envelope.source, document_format, digest, len(roster.items))
    await uow.save(onboarding)
    uow.act_as(replace(uow.meta, causation_id=cause_of(onboarding.id)))
    policies = Policies(uow, enterprise)
    brought: list[Brought] = []
    for first, part in roster.items.parts(SAVE_EVERY):
        made: list[Aggregate] = []
        for index, item in enumerate(part, start=first):
            try:
                manager, tenure, letters = await _bring_in(enterprise, item, policies)
            except TenureSystemError as error:
                raise error.within(f"managers.{index}", f"manager {index} ({item.code})") from None
            brought.append(Brought(manager.code, manager.id, tenure.id, tuple(letter.key for letter in letters)))
            made += [manager, tenure, *letters]
        await uow.save(*made, effective_date=business_date, held=False)
    return onboarding, brought


class Policies:
    """The enterprise's policy in force on each tenure's start, looked up once per start."""

    def __init__(self, uow: UnitOfWork, enterprise: Enterprise) -> None:
        self.uow, self.enterprise = uow, enterprise
        self.found: dict[date, tuple[Policy, int]] = {}

    async def on(self, start: date) -> tuple[Policy, int]:
        if start not in self.found:
            self.found[start] = await applicable_policy(self.uow, self.enterprise, start)
        return self.found[start]


async def _bring_in(enterprise: Enterprise, item: ServingManager, policies: Policies
                    ) -> tuple[Manager, Tenure, list[PerformanceLetter]]:  # fmt: skip
    manager = Manager.register(item.code, item.name, item.level, item.position, item.title, enterprise.id)
    policy, number = await policies.on(item.start)
    tenure = Tenure.open(**opening_of(manager, policy, number, item))
    tenure.review(item.review.reviewer, item.review.reference, item.review.reviewed_on)
    tenure.approve(item.approval.decision_ref, item.approval.approved_on)
    for index, signature in enumerate(item.signatures):
        with _at(f"signatures.{index}", f"signature {index}"):
            _check(enterprise, manager, tenure, signature)
            tenure.sign(signature.signer_name, signature.signer_role, signature.party, signature.signed_on)
    tenure.activate(item.activated_on)
    letters: list[PerformanceLetter] = []
    for index, given in enumerate(item.letters):
        with _at(f"letters.{index}", f"letter {index}"):
            version, params = version_during(policy, tenure, given.issued_on)
            letter = PerformanceLetter.issue(tenure, [x.key for x in letters], given.kind, given.year,
                                             [k.raw() for k in given.kpis], params, given.issued_on, version)
            for signature in given.signatures:
                _check(enterprise, manager, tenure, signature)
                letter.sign(tenure, signature.signer_name, signature.signer_role, signature.party, signature.signed_on)
        letters.append(letter)
    return manager, tenure, letters


def _check(enterprise: Enterprise, manager: Manager, tenure: Tenure, signature: PaperSignature) -> None:
    check_paper_signer(enterprise, manager, tenure.position, signature.party, signature.signer_name,
                       signature.signer_role)


@contextlib.contextmanager
def _at(path: str, label: str) -> Iterator[None]:
    """Refusals inside it are about the item at `path` of the manager (`letters.2`)."""
    try:
        yield
    except TenureSystemError as error:
        raise error.within(path, label) from None


async def _codes_free(uow: UnitOfWork, codes: Sequence[str]) -> None:
    """Each code once in the import, and none already a manager's (codes are the group's: read_models.py)."""
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise RuleViolationError(f"manager code {code} appears twice in the import", field=f"managers.{index}.code",
                                     rule="unique")
        seen.add(code)
    taken = await registered_codes(uow, codes)
    if taken:
        index = next(i for i, code in enumerate(codes) if code in taken)
        raise ConflictError(f"manager code {codes[index]} is already registered; an onboarding brings in managers "
                            "the service does not hold", field=f"managers.{index}.code", rule="unique")
