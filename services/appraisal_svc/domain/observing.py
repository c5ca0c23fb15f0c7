"""What a final annual appraisal and the committee do with observation periods (pure): open one for each yellow
warning, conclude earlier open ones by rule when the manager is below standard again, and propose an exit for
each period not met, unless the tenure has ended (there is no post left to exit from)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from shared.domain.vocabulary import BASIC, NOT_MET, UNQUALIFIED

from .annual import AnnualAppraisal
from .member import MemberAppraisal
from .observation import OBSERVATION, ObservationPeriod
from .outcomes import ExitProposal
from .ranking import in_bottom
from .results import BOTTOM_RANKING_RED, BOTTOM_RANKING_YELLOW, YearResult


@dataclass
class Observed:
    """The periods opened and concluded by a final appraisal, and the exit proposals raised with them."""

    opened: list[ObservationPeriod] = field(default_factory=list)
    concluded: list[ObservationPeriod] = field(default_factory=list)
    proposals: list[ExitProposal] = field(default_factory=list)

    @property
    def aggregates(self) -> list[ObservationPeriod | ExitProposal]:
        return [*self.opened, *self.concluded, *self.proposals]


def observe(group: AnnualAppraisal, members: Mapping[str, MemberAppraisal], open_periods: list[ObservationPeriod],
            on: date, ended: Collection[str]) -> Observed:
    """At finalisation on `on`: `open_periods` are the members' periods of earlier years still open."""
    observed = Observed()
    for period in open_periods:
        member = members.get(str(period.tenure_id))
        why = below_standard(group, member) if member is not None else None
        if why is not None:
            proposal = None if str(period.tenure_id) in ended else exit_proposal(period, on)
            period.conclude_by_rule(why, on, group.id, proposal.id if proposal else None)
            observed.concluded.append(period)
            observed.proposals += [proposal] if proposal else []
    observed.opened = _opened(group, members, on, ended)
    return observed


def below_standard(group: AnnualAppraisal, member: MemberAppraisal) -> str | None:
    """Still below standard (仍不达标): graded basic or unqualified, or again in the bottom `bottom_warning_pct` %
    of the ranking; why, or None."""
    grade = member.final.grade if member.final is not None else None
    if grade in (BASIC, UNQUALIFIED):
        return f"graded {grade} in {group.year}"
    proposal = member.proposal
    if proposal is not None and grade is not None:
        result = YearResult(group.year, proposal.total, grade, proposal.position, proposal.group_size)
        if in_bottom(result, group.policy.bottom_warning_pct):
            return (f"position {proposal.position} of {proposal.group_size} in {group.year}: again in the bottom "
                    f"{group.policy.bottom_warning_pct} % of the annual ranking")
    return None


def _opened(group: AnnualAppraisal, members: Mapping[str, MemberAppraisal], on: date,
            ended: Collection[str]) -> list[ObservationPeriod]:
    """A period for each yellow warning of this year; none where the red one starts the exit procedure instead,
    nor for a tenure that has ended (by exit, termination or expiry of its term) before `on`."""
    opened = []
    for tenure_id, member in members.items():
        report, membership = member.figures.report, group.members[tenure_id]
        warnings = {w.kind: w for w in report.ranking_warnings} if report is not None else {}
        over = tenure_id in ended or (membership.tenure_end is not None and membership.tenure_end < on)
        if BOTTOM_RANKING_YELLOW not in warnings or BOTTOM_RANKING_RED in warnings or over:
            continue
        placing = member.proposal
        opened.append(ObservationPeriod.open(
            UUID(tenure_id), member.manager_id, group.enterprise_id, group.id, group.year,
            warnings[BOTTOM_RANKING_YELLOW], placing.position if placing else None,
            placing.group_size if placing else None, on, group.policy.observation_months))
    return opened


def exit_proposal(period: ObservationPeriod, on: date) -> ExitProposal:
    """The exit a period not met proposes; the contract side decides it like any other."""
    return ExitProposal(tenure_id=period.tenure_id, year=period.year, basis=OBSERVATION, manager_id=period.manager_id,
                        triggers=[period.exit_trigger()], proposed_on=on)


def conclude(period: ObservationPeriod, outcome: str, reason: str, decided_on: date, decision_makers: list[str],
             decision_ref: str | None, tenure_ended: bool) -> ExitProposal | None:
    """The committee's conclusion; not met raises an exit proposal while the tenure runs."""
    proposal = exit_proposal(period, decided_on) if outcome == NOT_MET and not tenure_ended else None
    period.conclude(outcome, reason, decided_on, decision_makers, decision_ref, proposal.id if proposal else None)
    return proposal
