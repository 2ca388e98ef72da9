"""The running system: settings, CLI, mailbox, pipeline, database, outbox."""
