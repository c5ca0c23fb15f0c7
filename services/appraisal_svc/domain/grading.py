"""Forced distribution of grades in an appraisal group (DOMAIN.md "Grades").

1. A total below `exit_score_floor`, or a failed veto KPI: unqualified, whatever the rank.
2. The rest are ranked by total, descending; ties share the better rank and the better grade.
3. Quotas are taken of N, the group's size including the unqualified, rounded down: the top
   floor(N × excellent_pct / 100) excellent, the bottom floor(N × basic_pct / 100) of the ranked rest basic,
   the others qualified. A tie across the excellent boundary makes every tied manager excellent (more than
   the quota); one across the basic boundary leaves them all qualified (fewer than the quota). Where the
   ranked rest is too small for both quotas, excellent is filled first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from shared.errors import InvalidInputError

from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import BASIC, EXCELLENT, QUALIFIED, UNQUALIFIED

from .figures import HUNDRED, figure


class Candidate(NamedTuple):
    """One manager of the group: a key chosen by the caller, the annual total, whether a veto KPI failed."""

    manager_key: str
    total: Decimal
    vetoed: bool = False


@dataclass(frozen=True)
class GradeProposal:
    """A proposed grade; `rank` is among the ranked managers (None if unqualified), `position` in the whole
    group's annual ranking (the ranked first, then the unqualified by total), ties sharing the better one."""

    manager_key: str
    total: Decimal
    vetoed: bool
    grade: str
    reason: str
    rank: int | None
    position: int
    group_size: int
    ranked_count: int
    excellent_quota: int
    basic_quota: int
    tied_at_boundary: bool = False


@dataclass(frozen=True)
class GradeDistribution:
    """The proposals of one group, best position first."""

    group_size: int
    excellent_quota: int
    basic_quota: int
    proposals: tuple[GradeProposal, ...]

    def of(self, manager_key: str) -> GradeProposal:
        for proposal in self.proposals:
            if proposal.manager_key == manager_key:
                return proposal
        raise KeyError(manager_key)

    @property
    def grades(self) -> dict[str, str]:
        return {proposal.manager_key: proposal.grade for proposal in self.proposals}


def quota(group_size: int, pct: Decimal) -> int:
    """floor(group_size × pct / 100)."""
    return int(group_size * pct // HUNDRED)


def propose_grades(
    candidates: Iterable[Candidate | tuple[str, Any, bool]], params: PolicyParameters | Mapping[str, Any] | None
) -> GradeDistribution:
    """The proposed grade of every manager of one appraisal group, with the reason. O(N log N): one sort,
    then each tie group's better and worse positions read off the sorted order."""
    policy = PolicyParameters.of(params)
    group = [_candidate(item, index) for index, item in enumerate(candidates)]
    if len({c.manager_key for c in group}) != len(group):
        raise InvalidInputError("a manager appears twice in the group", field="candidates", rule="unique_managers")
    size = len(group)
    top, bottom = quota(size, policy.excellent_pct), quota(size, policy.basic_pct)
    is_out = [c.vetoed or c.total < policy.exit_score_floor for c in group]
    ranked = sorted((c for c, out in zip(group, is_out, strict=True) if not out), key=lambda c: -c.total)
    out = sorted((c for c, out in zip(group, is_out, strict=True) if out), key=lambda c: -c.total)
    counts = _Counts(size, len(ranked), top, bottom)
    proposals = [_ranked(c, rank, last, counts) for c, rank, last in _places(ranked)]
    for c, better, _ in _places(out):
        reason = _unqualified_reason(c, policy.exit_score_floor)
        proposals.append(counts.proposal(c, UNQUALIFIED, reason, None, len(ranked) + better))
    return GradeDistribution(size, top, bottom, tuple(proposals))


def grade_among(candidate: Candidate, others: Iterable[Candidate],
                params: PolicyParameters | Mapping[str, Any] | None) -> GradeProposal:
    """One manager's grade by the usual algorithm, ranked against the others' scores as they stand (an upheld
    objection, a correction after final: DOMAIN.md "Changes after the fact"). Only this proposal is made: the
    others keep theirs, even where a quota is then exceeded."""
    group = [*(o for o in others if o.manager_key != candidate.manager_key), candidate]
    return propose_grades(group, params).of(candidate.manager_key)


def _places(ordered: list[Candidate]) -> Iterator[tuple[Candidate, int, int]]:
    """Each candidate of a list sorted best first, with its tie group's first and last place (1-based):
    1 + how many are strictly better, and how many are at least as good."""
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end].total == ordered[start].total:
            end += 1
        for c in ordered[start:end]:
            yield c, start + 1, end
        start = end


class _Counts(NamedTuple):
    group_size: int
    ranked_count: int
    excellent_quota: int
    basic_quota: int

    def proposal(
        self, c: Candidate, grade: str, reason: str, rank: int | None, position: int, tied: bool = False
    ) -> GradeProposal:
        return GradeProposal(c.manager_key, c.total, c.vetoed, grade, reason, rank, position, *self, tied)


def _ranked(c: Candidate, rank: int, last: int, counts: _Counts) -> GradeProposal:
    """`rank`: 1 + how many ranked are better; `last`: the tie group's worst position."""
    top, bottom, count = counts.excellent_quota, counts.basic_quota, counts.ranked_count
    where = f"rank {rank} of {count} ranked in a group of {counts.group_size}"
    if rank <= top:
        tied = last > top
        why = f"{where}: within the excellent quota of {top}"
        why += f"; tied at {c.total} across its boundary, ties share the better grade" if tied else ""
        return counts.proposal(c, EXCELLENT, why, rank, rank, tied)
    if rank > count - bottom:
        why = f"{where}: within the bottom {bottom} of the ranked, the basic quota"
        return counts.proposal(c, BASIC, why, rank, rank)
    tied = bottom > 0 and last > count - bottom
    why = f"{where}: between the excellent quota of {top} and the basic quota of {bottom}"
    why += f"; tied at {c.total} across the basic boundary, ties share the better grade" if tied else ""
    return counts.proposal(c, QUALIFIED, why, rank, rank, tied)


def _unqualified_reason(c: Candidate, floor: Decimal) -> str:
    reasons = ["veto: a veto KPI failed"] if c.vetoed else []
    if c.total < floor:
        reasons.append(f"below floor: total {c.total} < exit_score_floor {floor}")
    return "; ".join(reasons) + ", unqualified whatever the rank"


def _candidate(item: Candidate | tuple[str, Any, bool], index: int) -> Candidate:
    if not isinstance(item, tuple) or len(item) not in (2, 3):
        raise InvalidInputError(
            f"candidates.{index} must be (manager_key, total, vetoed)", field=f"candidates.{index}", rule="candidate"
        )
    key, total, *rest = item
    vetoed = rest[0] if rest else False
    if not isinstance(vetoed, bool):
        raise InvalidInputError("vetoed must be true or false", field=f"candidates.{index}.vetoed", rule="boolean")
    return Candidate(str(key), figure(total, f"candidates.{index}.total"), vetoed)
