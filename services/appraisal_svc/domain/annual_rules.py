"""What an annual appraisal decides at each step, from its members' sheets and inputs (pure)."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shared.errors import RuleViolationError

from .appraisal import AnnualScore, score_sheet
from .grading import Candidate, propose_grades
from .results import YearResult
from .triggers import evaluate_triggers

if TYPE_CHECKING:
    from .annual import AnnualAppraisal


def require_status(appraisal: AnnualAppraisal, status: str, action: str) -> None:
    if appraisal.status != status:
        raise RuleViolationError(
            f"the {appraisal.year} appraisal is {appraisal.status}; only an appraisal that is {status} can {action}",
            field="status",
            rule="appraisal_lifecycle",
        )


def missing_inputs(appraisal: AnnualAppraisal, inputs: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """Every KPI without an audited actual (or, for a rated KPI, without a rating), per member."""
    lacking = []
    for tenure_id, member in appraisal.members.items():
        given = inputs.get(tenure_id, {})
        for kpi in member["kpis"]:
            code = kpi["code"]
            if kpi["rule"] == "rated":
                if not given.get("ratings", {}).get(code):
                    lacking.append(_gap(member, code, "no rating"))
                continue
            actual = given.get("actuals", {}).get(code)
            if actual is None:
                lacking.append(_gap(member, code, "no actual"))
            elif not actual["audited"]:
                lacking.append(_gap(member, code, f"actual {actual['entry_id']} is not audited"))
    return lacking


def _gap(member: dict[str, Any], code: str, problem: str) -> dict[str, str]:
    return {"tenure_id": str(member["tenure_id"]), "manager_code": member["manager_code"], "kpi_code": code, "problem": problem}


def annual_score(appraisal: AnnualAppraisal, tenure_id: str, inputs: dict[str, dict[str, Any]]) -> AnnualScore:
    member, given = appraisal.members[tenure_id], inputs[tenure_id]
    actuals = {code: a["value"] for code, a in given.get("actuals", {}).items()}
    ratings = {code: [r["value"] for r in rs] for code, rs in given.get("ratings", {}).items()}
    return score_sheet(member["kpis"], actuals, ratings, appraisal.parameters)


def closing_results(
    appraisal: AnnualAppraisal, inputs: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each member's scores with every intermediate figure, and the proposed grade distribution."""
    lacking = missing_inputs(appraisal, inputs)
    if lacking:
        raise RuleViolationError(
            f"{len(lacking)} KPI figure(s) are missing or unaudited; the appraisal closes only on audited figures",
            field="actuals",
            rule="audited_actuals_complete",
            missing=lacking,
        )
    scores = {tenure_id: annual_score(appraisal, tenure_id, inputs) for tenure_id in appraisal.members}
    distribution = propose_grades(
        [Candidate(tenure_id, s.total, s.vetoed) for tenure_id, s in scores.items()], appraisal.parameters
    )
    results = {tenure_id: s.to_dict() for tenure_id, s in scores.items()}
    proposals = {p.manager_key: asdict(p) for p in distribution.proposals}
    return results, proposals


def grades_with_overrides(proposals: dict[str, Any], overrides: dict[str, Any]) -> dict[str, str]:
    return {key: overrides[key]["grade"] if key in overrides else p["grade"] for key, p in proposals.items()}


def finalising_reports(appraisal: AnnualAppraisal, histories: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Each member's exit triggers, warnings and ranking warnings, from this year and their earlier final years."""
    reports = {}
    for tenure_id, member in appraisal.members.items():
        proposal = appraisal.proposals[tenure_id]
        current = YearResult(appraisal.year, Decimal(proposal["total"]), appraisal.grades[tenure_id],
                             proposal["position"], proposal["group_size"])
        history = [YearResult(h["year"], Decimal(h["total"]), h["grade"], h.get("position"), h.get("group_size"))
                   for h in histories.get(tenure_id, [])]
        report = evaluate_triggers(
            current, annual_score(appraisal, tenure_id, appraisal.inputs), history, appraisal.parameters,
            level=member["level"], term_start_year=member.get("term_start_year"),
        )
        reports[tenure_id] = {
            "exit_triggers": [asdict(t) for t in report.exit_triggers],
            "warnings": [asdict(t) for t in report.warnings],
            "ranking_warnings": [asdict(t) for t in report.ranking_warnings],
        }
    return reports
