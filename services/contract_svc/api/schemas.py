"""What the contract service answers with (XPublic); commands are the request bodies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.contract_svc.domain.bid import TargetBid
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.signing import SignerAuthorisation
from shared.domain.kpi import Kpi
from shared.messages import jsonable


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PayPublic(Public):
    base: Decimal
    performance: Decimal


class EnterprisePublic(BaseModel):
    id: UUID
    code: str
    name_zh: str
    name_en: str | None
    category: str
    has_board: bool
    authorisations: list[SignerAuthorisation]  # the record reads as it is kept
    version: int

    @classmethod
    def of(cls, e: Enterprise) -> EnterprisePublic:
        return cls(
            id=e.id, code=e.code, name_zh=e.name_zh, name_en=e.name_en, category=e.category,
            has_board=e.has_board, version=e.version,
            authorisations=list(e.authorisations),
        )


class EnterpriseSummary(BaseModel):
    id: UUID
    code: str
    name_zh: str
    name_en: str | None
    category: str
    has_board: bool


class PolicyVersionPublic(BaseModel):
    number: int
    effective_from: date
    reason: str | None
    parameters: dict[str, Any]


class PolicyPublic(BaseModel):
    id: UUID
    name: str
    enterprise_id: UUID | None
    category: str | None
    versions: list[PolicyVersionPublic]
    version: int

    @classmethod
    def of(cls, p: Policy) -> PolicyPublic:
        return cls(
            id=p.id, name=p.name, enterprise_id=p.enterprise_id, category=p.category, version=p.version,
            versions=[
                PolicyVersionPublic(
                    number=v.number, effective_from=v.effective_from, reason=v.reason,
                    parameters=jsonable(v.recorded),
                )
                for v in p.versions
            ],
        )


class PolicyInForce(BaseModel):
    policy_id: UUID
    name: str
    on: date
    policy_version: int
    parameters: dict[str, Any]


class ManagerPublic(BaseModel):
    id: UUID
    code: str
    name: str
    level: str
    position: str
    title: str | None
    enterprise_id: UUID
    version: int

    @classmethod
    def of(cls, m: Manager) -> ManagerPublic:
        return cls(
            id=m.id, code=m.code, name=m.name, level=m.level, position=m.position, title=m.title,
            enterprise_id=m.enterprise_id, version=m.version,
        )


class BidDeclinePublic(Public):
    manager_id: UUID
    reason: str
    declined_on: date


class BidPublic(BaseModel):
    id: UUID
    enterprise_id: UUID
    position: str
    level: str
    kpis: list[Kpi]
    pay: PayPublic
    published_on: date
    policy_id: UUID | None
    policy_version: int | None
    status: str
    accepted_by: UUID | None
    confirmation_ref: str | None
    accepted_on: date | None
    declines: list[BidDeclinePublic]
    version: int

    @classmethod
    def of(cls, b: TargetBid) -> BidPublic:
        return cls(
            id=b.id, enterprise_id=b.enterprise_id, position=b.position, level=b.level,
            kpis=list(b.kpis), pay=PayPublic.model_validate(b.pay),
            published_on=b.published_on, policy_id=b.policy_id, policy_version=b.policy_version, status=b.status,
            accepted_by=b.accepted_by, confirmation_ref=b.confirmation_ref, accepted_on=b.accepted_on,
            declines=[BidDeclinePublic.model_validate(d) for d in b.declines], version=b.version,
        )
