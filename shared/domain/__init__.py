"""The business language every service speaks (DOMAIN.md), written once: the fixed words, the policy
parameters with their defaults and checks, the tenure coefficient, and the typed payloads of every message
that crosses from one service to another. No I/O and no framework here."""
