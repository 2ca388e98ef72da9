"""`intake review [--days N] [--now T]`: what needs a person."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from bot.app import App
from bot.cli.arguments import parse_now, positive_int
from bot.cli.texts import Texts
from bot.staff.review import review_items
from parsers.model import LOCAL_ZONE
from bot.db.engine import SchemaNeed

NAME = "review"
SCHEMA = SchemaNeed.REQUIRE


def add_parser(commands: argparse._SubParsersAction, t: Texts) -> None:
    parser = commands.add_parser(NAME, help=t["review"], description=t["review"])
    parser.add_argument("--days", type=positive_int, default=30, help=t["days"])
    parser.add_argument("--now", type=parse_now, help=t["now"])


def run(args: argparse.Namespace, app: App, t: Texts) -> int:
    since = (args.now or datetime.now(timezone.utc)) - timedelta(days=args.days)
    with app.db_session() as session:
        items = review_items(session, since)
    if not items:
        print(t["review_empty"].format(days=args.days))
        return 0
    print(t["review_heading"].format(count=len(items), days=args.days))
    for item in items:
        print(f"{item.when.astimezone(LOCAL_ZONE):%Y-%m-%d %H:%M}  {t['review_' + item.what]:<10} "
              f"{item.status:<15} {item.who}")
        print(f"    {item.about}")
        if item.detail:
            print(f"    {item.detail}")
    return 0
