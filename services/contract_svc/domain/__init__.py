"""The contract service's domain: policies, enterprises, managers, tenures with their agreements and letters,
and target bids. Pure: no I/O. Errors raised are those of `shared.errors`."""

from .bid import BidDecline, TargetBid
from .enterprise import Enterprise
from shared.domain.kpi import Kpi
from .letter import PerformanceLetter, letter_id
from .letters import LetterVersion, letter_key
from .manager import Manager
from shared.domain.parameters import PolicyParameters
from .pay import Pay
from .policy import Policy, PolicyVersion
from .records import (
    Approval,
    ExitDecision,
    ExitProposal,
    Extension,
    Review,
    Signature,
    TenureAppraisal,
    Termination,
)
from .sheet import kpis_for_year, validate_sheet
from .signing import SignerAuthorisation
from .tenure import Tenure
from .terms import AgreementTerms

__all__ = [
    "AgreementTerms",
    "Approval",
    "BidDecline",
    "Enterprise",
    "ExitDecision",
    "ExitProposal",
    "Extension",
    "Kpi",
    "LetterVersion",
    "Manager",
    "Pay",
    "PerformanceLetter",
    "Policy",
    "PolicyParameters",
    "PolicyVersion",
    "Review",
    "Signature",
    "SignerAuthorisation",
    "TargetBid",
    "Tenure",
    "TenureAppraisal",
    "Termination",
    "kpis_for_year",
    "letter_id",
    "letter_key",
    "validate_sheet",
]
