"""bot/outbox."""
