"""Handlers for observation periods: the committee concludes one (load, decide, save)."""

from __future__ import annotations

from uuid import UUID

from services.appraisal_svc.adapters.observation_queries import tenure_over
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.domain import observing
from services.appraisal_svc.domain.observation import ObservationPeriod
from shared.unit_of_work import UnitOfWork


async def conclude_observation(uow: UnitOfWork, period_id: UUID, cmd: c.ConcludeObservation,
                               version: int | None) -> ObservationPeriod:
    """Met or not met, by the committee; not met proposes an exit unless the tenure has ended."""
    period = await uow.load(ObservationPeriod, period_id, expected_version=version)
    ended = await tenure_over(uow, period.tenure_id, cmd.decided_on)
    proposal = observing.conclude(period, cmd.outcome, cmd.reason, cmd.decided_on, list(cmd.decision_makers),
                                  cmd.decision_ref, ended)
    await uow.save(period, *([proposal] if proposal else []), effective_date=cmd.decided_on)
    return period
