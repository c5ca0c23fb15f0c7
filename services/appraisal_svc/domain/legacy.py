"""Member detail of appraisal groups recorded before members had streams of their own.

Until issue 10 the group's events carried every member's sheet (`Opened.members[].kpis`), inputs and results
(`Closed`, `ObjectionDecided`, `Revised`) and triggers (`Finalised.reports`). Recorded events are never
edited, so those events still replay; the group keeps that detail here, apart from its own state, and it is
read for a member that has no `MemberAppraisal` stream (a group recorded before the change). A group recorded
since carries none: its `LegacyDetail` stays empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .appraisal import AnnualScore
from .records import MemberFigures, report_of

Detail = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class LegacyDetail:
    sheets: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    inputs: Detail = field(default_factory=dict)
    results: Detail = field(default_factory=dict)
    reports: Detail = field(default_factory=dict)
    # A step taken since the change gave every member a stream of its own, from then on read instead.
    superseded: bool = False

    @classmethod
    def opened(cls, members: list[Mapping[str, Any]]) -> LegacyDetail:
        return cls(sheets={str(m["tenure_id"]): m["kpis"] for m in members if "kpis" in m})

    @property
    def read(self) -> bool:
        """Whether members' figures are read here: a legacy group no step has touched since the change."""
        return bool(self.sheets) and not self.superseded

    def scored(self, inputs: Detail | None, results: Detail | None) -> LegacyDetail:
        """A legacy event's figures; none in an event recorded since, whose step recorded them in the members'
        streams."""
        if inputs is None or results is None:
            return replace(self, superseded=bool(self.sheets))
        return replace(self, inputs=inputs, results=results)

    def reported(self, reports: Detail | None) -> LegacyDetail:
        return replace(self, superseded=bool(self.sheets)) if reports is None else replace(self, reports=reports)

    def figures(self, tenure_id: str) -> MemberFigures | None:
        """The member's figures as the legacy events recorded them; None when they recorded none."""
        if not self.read or tenure_id not in self.sheets:
            return None
        result, report = self.results.get(tenure_id), self.reports.get(tenure_id)
        return MemberFigures(self.inputs.get(tenure_id), AnnualScore.from_dict(result) if result else None,
                             report_of(report) if report is not None else None)
