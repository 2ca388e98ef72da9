"""bot/inbound."""
