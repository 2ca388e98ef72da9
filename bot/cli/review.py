"""`intake review [list|show|approve|reject|edit|resend|handled] ...`: the review queue.

Bare `intake review` is the list. Each action only parses, calls bot/staff/review.py and
prints what was done; a refusal is one line and exit 1. Messages an action queues (resend,
reject --notify) are sent at once when the SMTP server answers, else by the worker.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.app import App
from bot.cli import review_show
from bot.cli.arguments import parse_now, positive_int
from bot.cli.table import local, table
from bot.cli.texts import Texts, counted
from bot.db.engine import SchemaNeed
from bot.errors import ReviewError
from bot.outbox.send import send_outbox
from bot.staff import review
from bot.staff.audit import actor
from bot.staff.review import Done

NAME = "review"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["review"], description=t["review_description"])
    _list_options(parser, t)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    _list_options(actions.add_parser("list", help=t["review_list"], description=t["review_list"]), t)
    show = actions.add_parser("show", help=t["review_show"], description=t["review_show"])
    show.add_argument("ref", metavar="ID", help=t["review_ref"])
    show.add_argument("--save", type=Path, metavar="DIR", help=t["review_save"])
    _action(actions, "approve", t)
    reject = _action(actions, "reject", t)
    reject.add_argument("--reason", required=True, help=t["review_reason"])
    reject.add_argument("--notify", action="store_true", help=t["review_notify"])
    edit = _action(actions, "edit", t)
    edit.add_argument("field", metavar="FIELD", help=t["review_field"])
    edit.add_argument("value", metavar="VALUE", help=t["review_value"])
    _action(actions, "resend", t)
    _action(actions, "handled", t).add_argument("--note", default="", help=t["review_note"])


def _list_options(parser: argparse.ArgumentParser, t: Texts) -> None:
    parser.add_argument("--days", type=positive_int, help=t["days"])
    parser.add_argument("--campaign", metavar="KEY", help=t["campaign"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def _action(actions: argparse._SubParsersAction, name: str, t: Texts) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=t[f"review_{name}"], description=t[f"review_{name}"])
    parser.add_argument("ref", metavar="ID", help=t["review_ref"])
    parser.add_argument("--by", metavar="NAME", help=t["review_by"])
    parser.add_argument("--now", type=parse_now, help=t["now"])
    return parser


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    now = args.now or datetime.now(timezone.utc)
    try:
        with app.db_session() as session:
            if args.action in (None, "list"):
                return _list(session, args, now, t)
            if args.action == "show":
                return review_show.show(review.show(session, args.ref), args.save, t)
            done = _act(session, app, args, now)
    except ReviewError as exc:
        params = {name: t.get(f"status_{value}", value) for name, value in exc.params.items()}
        print(f"intake: {t['error']}: {t['refused_' + exc.code].format(**params)}", file=sys.stderr)
        return 1
    print(t[f"done_{args.action}"].format(ref=args.ref, by=done.action.by, at=local(done.action.at),
                                          **_done_values(done, t)))
    if done.sent is not None:
        _send(app, now, done, t)
    return 0


def _act(session, app: App, args: argparse.Namespace, now: datetime) -> Done:
    by = actor(args.by)
    if args.action == "approve":
        return review.approve(session, args.ref, by, now)
    if args.action == "reject":
        return review.reject(session, app, args.ref, args.reason, by, now, notify=args.notify)
    if args.action == "edit":
        return review.edit(session, app, args.ref, args.field, args.value, by, now)
    if args.action == "resend":
        return review.resend(session, app, args.ref, by, now)
    if args.action == "handled":
        return review.mark_handled(session, args.ref, by, now, note=args.note)
    raise ValueError(f"no review action {args.action!r}")


def _done_values(done: Done, t: Texts) -> dict[str, object]:
    changes = done.action.changes
    field, (before, after) = next(iter(changes.items()), ("", (None, None)))
    return {"field": review_show.label(field, t), "before": review_show.shown(before, t),
            "after": review_show.shown(after, t),
            "version": done.version.version if done.version else "",
            "to": ", ".join(done.sent.recipients) if done.sent else ""}


def _send(app: App, now: datetime, done: Done, t: Texts) -> None:
    if done.action.action == "reject":
        print(t["notice_queued"].format(to=", ".join(done.sent.recipients)))
    if not app.settings.smtp.host:
        print(t["queued_for_worker"])
        return
    report = send_outbox(app, now)
    print(t["sent_now"] if report.sent else t["queued_for_worker"])


def _list(session, args: argparse.Namespace, now: datetime, t: Texts) -> int:
    since = now - timedelta(days=args.days) if args.days is not None else None
    items = review.list_items(session, since, args.campaign)
    within = counted(t, "review_within", args.days, days=args.days) if args.days is not None else ""
    if not items:
        print(t["review_empty"].format(within=within))
        return 0
    print(counted(t, "review_heading", len(items), count=len(items), within=within))
    print()
    rows = [(i.ref, local(i.when), t["reason_" + i.reason.value], i.who, i.about or "-", i.command) for i in items]
    print(table((t["col_ref"], t["col_when"], t["col_what"], t["col_who"], t["col_about"], t["col_command"]), rows))
    details = [(i.ref, i.detail) for i in items if i.detail]
    if details:
        print()
        for ref, detail in details:
            print(f"{ref}: {' '.join(detail.split())}")
    return 0
