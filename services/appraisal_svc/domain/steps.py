"""The steps of an annual appraisal that span the group and its members (pure): each member scored once on
its audited inputs (kept in its stream), the group ranked on those scores (the group's decision), and at the
end each member's triggers and final result. Every check is made and every figure computed before the first
event is triggered, so a refused step records nothing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from shared.errors import RuleViolationError

from .annual import AnnualAppraisal
from .annual_checks import check_decision, check_finalising, check_objection_decision, check_revision
from .appraisal import AnnualScore
from .grading import Candidate, GradeProposal, propose_grades
from .member import MemberAppraisal
from .results import TriggerReport, YearResult
from .triggers import evaluate_triggers

Inputs = Mapping[str, Mapping[str, Any]]
Members = Mapping[str, MemberAppraisal]


class PastYear(NamedTuple):
    """A manager's earlier final annual result, and the tenure it was under."""

    tenure_id: str
    result: YearResult


History = Mapping[str, list[PastYear]]  # by tenure id of this group's members


def missing_inputs(members: Members, inputs: Inputs) -> list[dict[str, str]]:
    """Every KPI without an audited actual (or, for a rated KPI, without a rating), per member."""
    lacking = []
    for tenure_id, member in members.items():
        given = inputs.get(tenure_id, {})
        for kpi in member.kpis:
            code = kpi["code"]
            if kpi["rule"] == "rated":
                problem = None if given.get("ratings", {}).get(code) else "no rating"
            else:
                actual = given.get("actuals", {}).get(code)
                problem = ("no actual" if actual is None else
                           None if actual["audited"] else f"actual {actual['entry_id']} is not audited")
            if problem is not None:
                lacking.append({"tenure_id": tenure_id, "kpi_code": code, "problem": problem})
    return lacking


def scores_and_ranking(group: AnnualAppraisal, members: Members, inputs: Inputs
                       ) -> tuple[dict[str, AnnualScore], dict[str, GradeProposal]]:
    """Each member scored once on its audited inputs, and the group's proposed distribution of grades."""
    lacking = missing_inputs(members, inputs)
    for gap in lacking:
        gap["manager_code"] = group.members[gap["tenure_id"]].manager_code  # type: ignore[assignment]
    if lacking:
        raise RuleViolationError(
            f"{len(lacking)} KPI figure(s) are missing or unaudited; the appraisal closes only on audited figures",
            field="actuals", rule="audited_actuals_complete",
            missing=[{k: g[k] for k in ("tenure_id", "manager_code", "kpi_code", "problem")} for g in lacking],
        )
    scores = {tenure_id: members[tenure_id].score_on(inputs[tenure_id], group.policy) for tenure_id in group.members}
    distribution = propose_grades([Candidate(t, s.total, s.vetoed) for t, s in scores.items()], group.policy)
    return scores, {p.manager_key: p for p in distribution.proposals}


def _record(members: Members, inputs: Inputs, scores: Mapping[str, AnnualScore],
            proposals: Mapping[str, GradeProposal], because: str, on: date) -> None:
    for tenure_id, member in members.items():
        member.record_score(inputs[tenure_id], scores[tenure_id], because, on)
        member.record_grade(proposals[tenure_id])


def close(group: AnnualAppraisal, members: Members, inputs: Inputs, closed_on: date) -> None:
    check_decision(group, "open", "close")
    scores, proposals = scores_and_ranking(group, members, inputs)
    group.close(closed_on, proposals)
    _record(members, inputs, scores, proposals, "closing", closed_on)


def decide_objection(group: AnnualAppraisal, members: Members, objection_id: str, outcome: str, reason: str,
                     decided_on: date, inputs: Inputs | None) -> None:
    """Upheld: every member scored again on the ledgers as corrected since, and the group ranked again."""
    check_objection_decision(group, objection_id, outcome, reason, decided_on)
    again = scores_and_ranking(group, members, inputs) if outcome == "upheld" and inputs else None
    group.decide_objection(objection_id, outcome, reason, decided_on, again[1] if again else None)
    if again is not None and inputs is not None:
        _record(members, inputs, *again, f"objection {objection_id}", decided_on)


def _grade(group: AnnualAppraisal, tenure_id: str, proposal: GradeProposal) -> str:
    override = group.overrides.get(tenure_id)
    return override.grade if override is not None else proposal.grade


def _report(group: AnnualAppraisal, tenure_id: str, score: AnnualScore, proposal: GradeProposal,
            history: list[PastYear]) -> TriggerReport:
    member = group.members[tenure_id]
    current = YearResult(group.year, proposal.total, _grade(group, tenure_id, proposal), proposal.position,
                         proposal.group_size)
    return evaluate_triggers(current, score, [past.result for past in history], group.policy,
                             level=member.level, term_start_year=member.term_start_year)


def _final(group: AnnualAppraisal, members: Members, reports: Mapping[str, TriggerReport], on: date) -> None:
    for tenure_id, member in members.items():
        member.record_report(reports[tenure_id])
        member.finalise(group.grades[tenure_id], on, group.policy_version, group.parameters)


def finalise(group: AnnualAppraisal, members: Members, history: History, on: date) -> None:
    """Each member's exit triggers, warnings and ranking warnings, on its kept score; then its final result."""
    check_finalising(group, on)
    reports = {}
    for tenure_id, member in members.items():
        assert member.figures.score is not None
        reports[tenure_id] = _report(group, tenure_id, member.figures.score, group.proposals[tenure_id],
                                     history.get(tenure_id, []))
    group.finalise(on)
    _final(group, members, reports, on)


def revise(group: AnnualAppraisal, members: Members, inputs: Inputs, reason: str, decided_on: date,
           history: History) -> None:
    """Scored and ranked again on corrected figures; a member whose final result changes is sent it again."""
    check_revision(group, reason)
    scores, proposals = scores_and_ranking(group, members, inputs)
    reports = {t: _report(group, t, scores[t], proposals[t], history.get(t, [])) for t in members}
    group.revise(reason, decided_on, proposals)
    _record(members, inputs, scores, proposals, "revision", decided_on)
    _final(group, members, reports, decided_on)
