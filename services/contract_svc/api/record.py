"""The contract service's part of a manager's tenure record: the manager, each tenure's agreement, letters,
extensions and exits, and the policy versions they were made under, as recorded by the as-of time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.contract_svc.adapters.exit_proposals import received_for
from services.contract_svc.adapters.read_models import enterprises_view, policies_view, tenures_view
from services.contract_svc.api.schemas import ManagerPublic, PolicyPublic
from services.contract_svc.api.tenure_schemas import TenurePublic
from services.contract_svc.domain.letter import PerformanceLetter, letter_ids
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.tenure import Tenure
from shared.records import ManagerStreams, RecordSpec

CATEGORIES = {
    "Tenure.AgreementSigned": "signature",
    "PerformanceLetter.Signed": "signature",
    "PerformanceLetter.Revised": "decision",
    "Tenure.AgreementApproved": "decision",
    "Tenure.Activated": "decision",
    "Tenure.TermExtended": "decision",
    "Tenure.Renewed": "decision",
    "Tenure.Terminated": "decision",
    "Tenure.Closed": "decision",
    "Tenure.ExitProposalDecided": "decision",
    "Tenure.TenureAppraisalRecorded": "appraisal",
    "Tenure.ExpiryWarned": "warning",
    "Policy.Revised": "decision",
}


async def manager_streams(conn: AsyncConnection, manager_id: UUID) -> ManagerStreams:
    """The manager, their tenures, and the policies that can apply to them (their enterprises' and categories')."""
    view = tenures_view.c
    rows = (await conn.execute(select(view.id, view.enterprise_id, view.start_date, view.end_date)
                               .where(view.manager_id == str(manager_id)))).all()
    tenures = [str(r.id) for r in rows]
    letters = [str(i) for r in rows for i in letter_ids(UUID(r.id), r.start_date, r.end_date)]
    enterprises = {str(r.enterprise_id) for r in rows}
    categories = select(enterprises_view.c.category).where(enterprises_view.c.id.in_(sorted(enterprises)))
    scope = or_(policies_view.c.enterprise_id.in_(sorted(enterprises)), policies_view.c.category.in_(categories))
    policies = [str(p) for p in (await conn.scalars(select(policies_view.c.id).where(scope))).all()]
    return ManagerStreams([str(manager_id), *tenures, *letters, *sorted(policies)], frozenset(tenures),
                          shared=frozenset(policies))


async def describe(
    conn: AsyncConnection, manager_id: UUID, streams: ManagerStreams, aggregates: Mapping[str, Aggregate]
) -> dict[str, Any]:
    manager = aggregates.get(str(manager_id))
    tenures = sorted((a for a in aggregates.values() if isinstance(a, Tenure)), key=lambda t: (t.start, t.term_number))
    policies = [a for a in aggregates.values() if isinstance(a, Policy)]
    enterprise_ids = {str(t.enterprise_id) for t in tenures} | ({str(manager.enterprise_id)} if isinstance(manager, Manager) else set())
    view = enterprises_view.c
    enterprises = (await conn.execute(select(view.id, view.code, view.name_zh, view.name_en)
                                      .where(view.id.in_(sorted(enterprise_ids))))).all()
    return {
        "manager": ManagerPublic.of(manager).model_dump(mode="json") if isinstance(manager, Manager) else None,
        "enterprises": [{"id": str(e.id), "code": e.code, "name_zh": e.name_zh, "name_en": e.name_en} for e in enterprises],
        "tenures": [(await _tenure(conn, t, aggregates, streams)).model_dump(mode="json") for t in tenures],
        "policies": [PolicyPublic.of(p).model_dump(mode="json") for p in policies],
    }


async def _tenure(
    conn: AsyncConnection, tenure: Tenure, aggregates: Mapping[str, Aggregate], streams: ManagerStreams
) -> TenurePublic:
    letters = [a for a in aggregates.values() if isinstance(a, PerformanceLetter) and a.tenure_id == tenure.id]
    letters.sort(key=lambda letter: (letter.created_on, letter.key))
    return TenurePublic.of(tenure, letters, await received_for(conn, tenure.id, streams.as_of))


# The letter events recorded in tenure streams before letters had their own: 0003 copied each to its letter.
SUPERSEDED = frozenset({"Tenure.LetterIssued", "Tenure.LetterSigned", "Tenure.LetterRevised"})
RECORD = RecordSpec(streams=manager_streams, describe=describe, categories=CATEGORIES, superseded=SUPERSEDED)
