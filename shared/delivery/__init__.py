"""Messages between the services: the outbox relay, the transports, the inbox and its processor.

How a message travels, and why each step is what it is:

1. A command's transaction writes its events and one outbox row per subscribed destination (unit_of_work.py),
   and rings the outbox doorbell when it commits (an in-process signal; on PostgreSQL also NOTIFY, so a relay
   in another process wakes too). Nothing polls tightly: an idle relay looks once every `relay_idle_seconds`.
2. The relay (relay.py) runs one lane per destination, so a slow or dead peer never delays another. A lane
   splits the pending rows into partitions by stream and sends each partition's rows as one batch, the
   partitions concurrently: order holds per stream (as Kafka keeps it per partition key), not across
   streams. Rows are marked delivered in bulk. A peer that does not answer is retried with a capped backoff
   that resets when it answers; one log line when it goes down, one when it is back.
3. The receiver records the batch durably in its inbox (de-duplicated by sender and message id) and answers
   per message at once (inbox.py). Long work never runs inside the request, so the relay's timeout cannot
   cut it in half.
4. The inbox processor (processor.py) then makes each message take effect exactly once, in bounded
   transactions, in arrival order per stream; on PostgreSQL its partitions (by stream, as the relay's) run
   concurrently, each in transactions of its own.

**Effects do not depend on arrival order across streams**: a handler whose message needs a fact that has not
arrived yet raises `NotReadyError` (shared/messages.py), and the message waits in the inbox, with what it
waits for recorded, until a later message brings that fact. Payroll's tenure settlement waits for every
annual result its tenure appraisal was computed from; learned updates of a tenure wait for the tenure. The
alternative, a relay that keeps causal order across streams and services, would serialise every
destination behind its slowest dependency and cannot see dependencies between two senders at all.
"""

import zlib


def partition_of(stream: str, partitions: int) -> int:
    """The partition of a stream's messages: the relay's and the inbox processor's alike."""
    return zlib.crc32(stream.encode()) % partitions
