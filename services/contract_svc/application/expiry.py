"""The expiry warning: which tenures end within their policy's window, and recording the warning once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement

from services.contract_svc.adapters.queries import running_tenure_ids
from services.contract_svc.application.commands import Command
from services.contract_svc.application.handlers import policy_on
from services.contract_svc.domain import expiry
from services.contract_svc.domain.tenure import Tenure
from shared.domain.parameters import PolicyParameters
from shared.unit_of_work import UnitOfWork


class WarnExpiringTenures(Command):
    """Record `Tenure.ExpiryWarned` for each tenure newly within its window on `as_of` (a scheduler's daily call)."""

    as_of: date
    enterprise_id: UUID | None = None


@dataclass(frozen=True)
class Expiring:
    tenure: Tenure
    days_left: int
    params: PolicyParameters  # of the tenure's policy as in force on the day asked


async def expiring(uow: UnitOfWork, as_of: date, enterprise_id: UUID | None,
                   within: ColumnElement[bool] | None = None) -> list[Expiring]:
    """The tenures in force whose term ends within their policy's `expiry_warning_days` of `as_of`, by end."""
    found = []
    for tenure_id in await running_tenure_ids(uow, as_of, enterprise_id, within):
        tenure = await uow.load(Tenure, tenure_id)
        _, params = await policy_on(uow, tenure, as_of)
        if expiry.within_warning(tenure, as_of, params):
            found.append(Expiring(tenure, expiry.days_left(tenure, as_of), params))
    return found


async def warn_expiring(uow: UnitOfWork, cmd: WarnExpiringTenures,
                        within: ColumnElement[bool] | None = None) -> list[Expiring]:
    """Warn of each tenure newly within its window; one warned before is not warned again."""
    warned = []
    for item in await expiring(uow, cmd.as_of, cmd.enterprise_id, within):
        if item.tenure.warn_expiry(cmd.as_of, item.params):
            await uow.save(item.tenure, effective_date=cmd.as_of)
            warned.append(item)
    return warned
