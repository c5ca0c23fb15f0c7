"""What the three services share: event store, outbox and inbox, API plumbing, settings."""
