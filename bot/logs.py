"""Logging: every line carries the run id, the step and the Message-ID it is about."""

from __future__ import annotations

import logging
import uuid


class _Defaults(logging.Filter):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = self.run_id
        for name in ("message_id", "step"):
            if not hasattr(record, name):
                setattr(record, name, "-")
        return True


def setup_logging(verbose: bool) -> str:
    """Log lines of the "intake" loggers to stderr; returns this run's id."""
    run_id = uuid.uuid4().hex[:8]
    handler = logging.StreamHandler()
    handler.addFilter(_Defaults(run_id))
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s run=%(run_id)s step=%(step)s msg=%(message_id)s %(name)s: %(message)s"))
    root = logging.getLogger("intake")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    return run_id
