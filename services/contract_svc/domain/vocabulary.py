"""The fixed words of DOMAIN.md that commands may use."""

from __future__ import annotations

LEVELS = ("leadership", "middle", "professional")

POSITIONS = (
    "general_manager",
    "deputy_general_manager",
    "chief_financial_officer",
    "other_senior",
    "middle_manager",
    "professional_manager",
)

GRADES = ("excellent", "qualified", "basic", "unqualified")

# The two parties of an agreement or a letter: the enterprise (its authorised signer) and the manager.
PARTIES = ("enterprise", "manager")
