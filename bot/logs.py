"""Logging: every line carries the run id, the step, the Message-ID and the campaign it is
about; as text lines (the default) or as JSON lines (``--log-format json`` or the
``log_format`` setting), one object per event, for a log collector."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime, timezone

FORMATS = ("text", "json")
_FIELDS = ("message_id", "step", "campaign")


class _Defaults(logging.Filter):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = self.run_id
        for name in _FIELDS:
            if not hasattr(record, name):
                setattr(record, name, "-")
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, run, step, message_id, campaign, message
    (and exception, when there is one); a field the event does not have is null."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "run": getattr(record, "run_id", None)}
        for name in _FIELDS:
            value = getattr(record, name, "-")
            entry[name] = None if value == "-" else value
        entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(verbose: bool, log_format: str = "text", run_id: str | None = None) -> str:
    """Log lines of the "intake" loggers to stderr; returns this run's id."""
    run_id = run_id or uuid.uuid4().hex[:8]
    handler = logging.StreamHandler()
    handler.addFilter(_Defaults(run_id))
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s run=%(run_id)s step=%(step)s msg=%(message_id)s %(name)s: %(message)s"))
    root = logging.getLogger("intake")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    return run_id
