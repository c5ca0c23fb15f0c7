"""The steps of an annual appraisal that span the group and its members (pure): each member scored once on
its audited inputs (kept in its stream), the group ranked on those scores (the group's decision), and at the
end each member's triggers and final result. Every check on the group is made before its first event is
triggered; the members' events are then triggered by the step's `Recording`, a part of the members at a time,
so that a large group is never held whole (a refusal in a later part undoes the step: one transaction)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

from shared.errors import RuleViolationError

from .annual import AnnualAppraisal
from .annual_checks import check_decision, check_finalising, check_objection_decision, check_revision
from .appraisal import AnnualScore
from .grading import Candidate, GradeProposal, grade_among, propose_grades
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
# What a group's step records in its members, given a part of them: every figure is decided before the first is
# recorded, and a caller records (and saves) a large group a part at a time, holding a part's new events at once.
Recording = Callable[[Members], None]


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


def _require_inputs(group: AnnualAppraisal, members: Members, inputs: Inputs) -> None:
    _refuse_lacking(group, missing_inputs(members, inputs))


def _refuse_lacking(group: AnnualAppraisal, lacking: list[dict[str, str]]) -> None:
    for gap in lacking:
        gap["manager_code"] = group.members[gap["tenure_id"]].manager_code  # type: ignore[assignment]
    if lacking:
        raise RuleViolationError(
            f"{len(lacking)} KPI figure(s) are missing or unaudited; the appraisal closes only on audited figures",
            field="actuals", rule="audited_actuals_complete",
            missing=[{k: g[k] for k in ("tenure_id", "manager_code", "kpi_code", "problem")} for g in lacking],
        )


class Closing:
    """A group's closing taken a part of its members at a time: each part scored on its audited inputs (every
    gap of every part noted), then the group ranked on all the scores and closed, then each part's scores and
    grades recorded in its members. Only the inputs and scores are kept between parts, not the members."""

    def __init__(self, group: AnnualAppraisal, closed_on: date) -> None:
        check_decision(group, "open", "close")
        self.group, self.closed_on = group, closed_on
        self.inputs: dict[str, Mapping[str, Any]] = {}
        self.scores: dict[str, AnnualScore] = {}
        self.lacking: list[dict[str, str]] = []

    def score(self, members: Members, inputs: Inputs) -> None:
        """A part of the members scored once on its inputs, in the group's order."""
        self.lacking += missing_inputs(members, inputs)
        if not self.lacking:
            for tenure_id, member in members.items():
                self.inputs[tenure_id] = inputs[tenure_id]
                self.scores[tenure_id] = member.score_on(inputs[tenure_id], self.group.policy)

    def rank(self) -> Recording:
        """The group ranked on every score and closed (refused if any figure is missing); what each member
        records of it, by the recording returned."""
        _refuse_lacking(self.group, self.lacking)
        proposals = ranking(self.group, self.scores)
        self.group.close(self.closed_on, proposals)
        return lambda part: _record(part, self.inputs, self.scores, proposals, "closing", self.closed_on)


def ranking(group: AnnualAppraisal, scores: Mapping[str, AnnualScore]) -> dict[str, GradeProposal]:
    """The group's proposed distribution of grades on its members' scores."""
    distribution = propose_grades([Candidate(t, s.total, s.vetoed) for t, s in scores.items()], group.policy)
    return {p.manager_key: p for p in distribution.proposals}


def scores_and_ranking(group: AnnualAppraisal, members: Members, inputs: Inputs
                       ) -> tuple[dict[str, AnnualScore], dict[str, GradeProposal]]:
    """Each member scored once on its audited inputs, and the group's proposed distribution of grades."""
    _require_inputs(group, members, inputs)
    scores = {tenure_id: members[tenure_id].score_on(inputs[tenure_id], group.policy) for tenure_id in group.members}
    return scores, ranking(group, scores)


def rescored(group: AnnualAppraisal, member: MemberAppraisal, tenure_id: str, inputs: Inputs
             ) -> tuple[AnnualScore, GradeProposal]:
    """One member scored again on its corrected audited inputs, and ranked against the other members'
    confirmed scores (DOMAIN.md "Changes after the fact"); nobody else is scored or placed again."""
    _require_inputs(group, {tenure_id: member}, inputs)
    score = member.score_on(inputs[tenure_id], group.policy)
    others = [Candidate(key, p.total, p.vetoed) for key, p in group.proposals.items() if key != tenure_id]
    return score, grade_among(Candidate(tenure_id, score.total, score.vetoed), others, group.policy)


def _record(members: Members, inputs: Inputs, scores: Mapping[str, AnnualScore],
            proposals: Mapping[str, GradeProposal], because: str, on: date) -> None:
    for tenure_id, member in members.items():
        member.record_score(inputs[tenure_id], scores[tenure_id], because, on)
        member.record_grade(proposals[tenure_id])


def close(group: AnnualAppraisal, members: Members, inputs: Inputs, closed_on: date) -> Recording:
    """The group closed on all its members' scores and ranking, taken as one part (see `Closing`)."""
    closing = Closing(group, closed_on)
    closing.score(members, inputs)
    return closing.rank()


def decide_objection(group: AnnualAppraisal, members: Members, objection_id: str, outcome: str, reason: str,
                     decided_on: date, inputs: Inputs | None) -> None:
    """Upheld: the objector alone scored again on their ledger as corrected since, and placed against the
    others' confirmed scores. Rejected: recorded with its reason."""
    check_objection_decision(group, objection_id, outcome, reason, decided_on)
    tenure_id = group.objections[objection_id].tenure_id
    again = rescored(group, members[tenure_id], tenure_id, inputs) if outcome == "upheld" and inputs else None
    group.decide_objection(objection_id, outcome, reason, decided_on, again[1] if again else None)
    if again is not None and inputs is not None:
        _record({tenure_id: members[tenure_id]}, inputs, {tenure_id: again[0]}, {tenure_id: again[1]},
                f"objection {objection_id}", decided_on)


def _report(group: AnnualAppraisal, tenure_id: str, score: AnnualScore, proposal: GradeProposal, grade: str,
            history: list[PastYear]) -> TriggerReport:
    member = group.members[tenure_id]
    current = YearResult(group.year, proposal.total, grade, proposal.position, proposal.group_size)
    return evaluate_triggers(current, score, [past.result for past in history], group.policy,
                             level=member.level, term_start_year=member.term_start_year)


def _final(group: AnnualAppraisal, members: Members, reports: Mapping[str, TriggerReport], on: date) -> None:
    for tenure_id, member in members.items():
        member.record_report(reports[tenure_id])
        member.finalise(group.grades[tenure_id], on, group.policy_version, group.parameters)


def _reports(group: AnnualAppraisal, members: Members, history: History) -> dict[str, TriggerReport]:
    """Each member's exit triggers, warnings and ranking warnings, on its kept score and confirmed grade."""
    reports = {}
    for tenure_id, member in members.items():
        assert member.figures.score is not None
        reports[tenure_id] = _report(group, tenure_id, member.figures.score, group.proposals[tenure_id],
                                     group.grades[tenure_id], history.get(tenure_id, []))
    return reports


def finalise(group: AnnualAppraisal, history: History, on: date) -> Recording:
    """The group final; each member's triggers and warnings, then its final result, by the recording returned
    (a part of the members at a time: each member's report needs only its own score and the group's grades)."""
    check_finalising(group, on)
    group.finalise(on)
    return lambda part: _final(group, part, _reports(group, part, history), on)


def revise(group: AnnualAppraisal, members: Members, inputs: Inputs, tenure_id: str, reason: str, decision_ref: str,
           decided_on: date, history: History) -> None:
    """The corrected member alone scored again and placed against the others' confirmed scores; its final result
    is sent again if it changed. A member opened now from a legacy group's events is finalised on its kept score."""
    check_revision(group, tenure_id, reason, decision_ref)
    score, proposal = rescored(group, members[tenure_id], tenure_id, inputs)
    finals = {t: m for t, m in members.items() if t == tenure_id or m.final is None}
    reports = {}
    for t, member in finals.items():
        kept = score if t == tenure_id else member.figures.score
        assert kept is not None
        placed, grade = (proposal, proposal.grade) if t == tenure_id else (group.proposals[t], group.grades[t])
        reports[t] = _report(group, t, kept, placed, grade, history.get(t, []))
    group.revise(tenure_id, reason, decision_ref, decided_on, proposal)
    _record({tenure_id: members[tenure_id]}, inputs, {tenure_id: score}, {tenure_id: proposal}, "revision", decided_on)
    _final(group, finals, reports, decided_on)
