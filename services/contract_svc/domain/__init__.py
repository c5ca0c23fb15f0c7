"""The contract service's domain: policies, enterprises, managers, tenures with their agreements and letters,
and target bids. Pure: no I/O. Errors raised are those of `shared.errors`."""

from .bid import BidDecline, TargetBid
from .enterprise import Enterprise
from .kpi import Kpi
from .letters import Letter, LetterVersion, letter_key
from .manager import Manager
from shared.domain.parameters import PolicyParameters
from .pay import Pay
from .policy import Policy, PolicyVersion
from .records import (
    Approval,
    ExitDecision,
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
    "Extension",
    "Kpi",
    "Letter",
    "LetterVersion",
    "Manager",
    "Pay",
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
    "letter_key",
    "validate_sheet",
]
