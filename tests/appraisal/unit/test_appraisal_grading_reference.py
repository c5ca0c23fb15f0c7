"""The forced distribution, sorted once, gives what the rule says read literally: for every manager, the rank
is 1 + how many ranked managers have a higher total, ties share the better rank and grade (DOMAIN.md "Grades")."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from services.appraisal_svc.domain import Candidate, propose_grades, quota
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import BASIC, EXCELLENT, QUALIFIED, UNQUALIFIED


def reference(group: list[Candidate], policy: PolicyParameters) -> dict[str, tuple]:
    """Quadratic and literal: each manager compared with every other."""
    size = len(group)
    top, bottom = quota(size, policy.excellent_pct), quota(size, policy.basic_pct)
    out = [c for c in group if c.vetoed or c.total < policy.exit_score_floor]
    ranked = [c for c in group if c not in out]
    places = {}
    for c in ranked:
        rank = 1 + sum(1 for o in ranked if o.total > c.total)
        last = sum(1 for o in ranked if o.total >= c.total)
        if rank <= top:
            grade, tied = EXCELLENT, last > top
        elif rank > len(ranked) - bottom:
            grade, tied = BASIC, False
        else:
            grade, tied = QUALIFIED, bottom > 0 and last > len(ranked) - bottom
        places[c.manager_key] = (grade, rank, rank, tied)
    for c in out:
        position = len(ranked) + 1 + sum(1 for o in out if o.total > c.total)
        places[c.manager_key] = (UNQUALIFIED, None, position, False)
    return places


def random_group(rng: random.Random) -> list[Candidate]:
    size = rng.randint(1, 60)
    low, high = rng.choice([(6000, 6100), (6500, 10500), (9000, 9010)])  # few distinct totals: many ties
    return [Candidate(f"m{i}", Decimal(rng.randint(low, high)) / 100, rng.random() < 0.05) for i in range(size)]


@pytest.mark.parametrize("seed", range(40))
def test_grades_ranks_and_positions_are_those_of_the_literal_rule_on_random_groups(seed: int) -> None:
    rng = random.Random(seed)
    group = random_group(rng)
    policy = PolicyParameters(excellent_pct=Decimal(rng.choice([0, 10, 20, 35])), basic_pct=Decimal(rng.choice([0, 10, 25])))

    proposals = propose_grades(group, policy).proposals

    assert {p.manager_key: (p.grade, p.rank, p.position, p.tied_at_boundary) for p in proposals} == reference(group, policy)
    assert [p.position for p in proposals] == sorted(p.position for p in proposals), "best position first"
