"""The worker's optional health endpoint ([health] listen = "127.0.0.1:8080"; off when empty).

    GET /healthz   200 "ok" while the last successful mailbox pass is recent (the threshold of
                   `intake status`, status.stale_after_minutes) and no mail server refuses our
                   login; 503 with the reason otherwise
    GET /metrics   the same figures as `intake status`, in Prometheus' text format, with what
                   only this process knows (pass durations, the lease, refused logins)

The figures come from the database (bot.staff.status, which `intake status` prints), so a
replica that stands by is healthy while the holder works, and every replica's /metrics tells
the same story. It is served by stdlib http.server in a daemon thread, one short database
session per request.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.errors import ConfigError, IntakeError
from bot.health_address import parse_listen
from bot.staff.status import Status, status

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("intake.health")
TEXT = "text/plain; charset=utf-8"
PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class WorkerState:
    """What only this process knows, written by the worker's jobs, read by the endpoint."""

    pass_count: int = 0
    pass_seconds_total: float = 0.0
    last_pass_seconds: float = 0.0
    holds_mailbox: bool = False
    refused: dict[str, str] = field(default_factory=dict)  # "imap" | "smtp" -> why, while refused
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def pass_done(self, seconds: float) -> None:
        with self._lock:
            self.pass_count += 1
            self.pass_seconds_total += seconds
            self.last_pass_seconds = seconds

    def login(self, server: str, refused: str = "") -> None:
        """A login to ``server`` was refused (with why), or worked (empty)."""
        with self._lock:
            if refused:
                self.refused[server] = refused
            else:
                self.refused.pop(server, None)


def health(figures: Status | None, state: WorkerState) -> tuple[int, str]:
    """(HTTP status, body) of /healthz."""
    if figures is None:
        return 503, "unhealthy: the database cannot be read\n"
    problems = [f"{server} login refused: {why}" for server, why in sorted(state.refused.items())]
    if figures.stale:
        age = "no successful pass yet" if figures.pass_age is None else \
            f"last successful pass {int(figures.pass_age.total_seconds())} s ago"
        problems.insert(0, f"stale: {age}")
    return (503, "unhealthy: " + "; ".join(problems) + "\n") if problems else (200, "ok\n")


def metrics(figures: Status | None, state: WorkerState) -> str:
    """/metrics in the Prometheus text exposition format."""
    lines: list[str] = []

    def metric(name: str, kind: str, about: str, samples: list[tuple[str, float]]) -> None:
        lines.extend((f"# HELP intake_{name} {about}", f"# TYPE intake_{name} {kind}"))
        lines.extend(f"intake_{name}{labels} {_number(value)}" for labels, value in samples)

    metric("database_up", "gauge", "1 when the database answered this scrape.", [("", figures is not None)])
    if figures is not None:
        metric("messages", "gauge", "Inbound messages of ours, by outcome.",
               [(f'{{outcome="{o}"}}', n) for o, n in sorted(figures.outcomes.items())])
        metric("outbox_messages", "gauge", "Outbox rows, by status.",
               [(f'{{status="{s}"}}', n) for s, n in sorted(figures.outbox.items())])
        metric("outbox_due", "gauge", "Pending outbox rows whose time has come.", [("", figures.outbox_due)])
        metric("failed_replies_waiting", "gauge", "Failed or bounced replies not marked handled.",
               [("", figures.failed_waiting)])
        metric("review_waiting", "gauge", "Other items waiting for a person.", [("", figures.review_waiting)])
        metric("last_pass_success_timestamp_seconds", "gauge", "When the last mailbox pass succeeded (any process).",
               [("", figures.last_pass.timestamp() if figures.last_pass else 0)])
        metric("pass_stale", "gauge", "1 when the last successful pass is older than status.stale_after_minutes.",
               [("", figures.stale)])
        metric("job_last_success_timestamp_seconds", "gauge", "When each job last succeeded (any process).",
               [(f'{{job="{j.name}"}}', j.last_success.timestamp()) for j in figures.jobs if j.last_success])
        metric("job_last_failure_timestamp_seconds", "gauge", "When each job last failed (any process).",
               [(f'{{job="{j.name}"}}', j.last_failure.timestamp()) for j in figures.jobs if j.last_failure])
    metric("pass_duration_seconds", "summary", "Mailbox passes run by this process.",
           [("_sum", state.pass_seconds_total), ("_count", state.pass_count)])
    metric("last_pass_duration_seconds", "gauge", "The last pass this process ran.", [("", state.last_pass_seconds)])
    metric("mailbox_lease_held", "gauge", "1 while this process holds the mailbox's lease.",
           [("", state.holds_mailbox)])
    metric("login_refused", "gauge", "1 while the server refuses this process's login.",
           [(f'{{server="{server}"}}', server in state.refused) for server in ("imap", "smtp")])
    return "\n".join(lines) + "\n"


def serve(app: App, state: WorkerState) -> ThreadingHTTPServer | None:
    """Start the endpoint in a daemon thread when [health] listen is set; None otherwise."""
    if not app.settings.health.listen:
        return None
    host, port = parse_listen(app.settings.health.listen)
    try:
        server = ThreadingHTTPServer((host, port), _handler(app, state))
    except OSError as exc:
        raise ConfigError(app.settings.origins.get("health.listen", app.settings.source), "health.listen",
                          "cannot listen on {address}: {reason}", address=app.settings.health.listen,
                          reason=exc.strerror or str(exc)) from exc
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    log.info("health endpoint on http://%s:%d/healthz and /metrics", host, server.server_address[1],
             extra={"step": "health"})
    return server


def _number(value: float) -> str:
    return str(int(value)) if isinstance(value, int) or float(value).is_integer() else repr(float(value))


def _figures(app: App) -> Status | None:
    try:
        with app.db_session() as session:
            return status(session, app, datetime.now(timezone.utc))
    except (SQLAlchemyError, IntakeError) as exc:
        log.debug("health: the database cannot be read: %s", exc, extra={"step": "health"})
        return None


def _handler(app: App, state: WorkerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                code, body, kind = *health(_figures(app), state), TEXT
            elif path == "/metrics":
                code, body, kind = 200, metrics(_figures(app), state), PROMETHEUS
            else:
                code, body, kind = 404, "not found: try /healthz or /metrics\n", TEXT
            data = body.encode()
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # a monitor scrapes often: not logged
            return

    return Handler
