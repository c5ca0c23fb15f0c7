"""What the appraisal service learns from others: the contract side's facts (enterprises, managers, policies,
tenures, letters and their signatures, exit decisions), kept in shared/knowledge's tables and read when a
group is opened and figures are checked. It acts on no other message by itself."""

from __future__ import annotations

from shared.knowledge.learning import MESSAGE_HANDLERS as LEARNING

MESSAGE_HANDLERS = {**LEARNING}
