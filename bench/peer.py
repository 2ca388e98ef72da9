"""The peer: a full-fetch intake, written the way common tools read a mailbox.

Paperless-ngx's mail fetcher (imap_tools ``MailBox.fetch(criteria, mark_seen=False)``) asks
the server for every message its rule matches and downloads each whole (``BODY.PEEK[]``),
then looks at it; a rule cannot express "the case number is in the subject, the body or the
attached form", so here it matches everything new. This peer does the same with imapclient,
in batches of 50 messages per FETCH (kinder than one round trip per message), read-only:

    new UIDs (UID SEARCH)  ->  FETCH BODY.PEEK[] per batch  ->  parse each message
    ->  is it ours? subject, then body, then the text of each .docx  ->  parse the form

It borrows the bot's pure functions for "is it ours" and for parsing the form
(parsers.route.route_message, parsers.form.parse.parse_form), so both sides do the same
deciding and the comparison is about how they use IMAP. It registers nothing and sends
nothing, which only flatters it. Run as a process, as the bot is:

    INTAKE_IMAP_HOST=... INTAKE_IMAP_PORT=... INTAKE_IMAP_USERNAME=... INTAKE_IMAP_PASSWORD=... \\
        python -m bench.peer --campaigns config/campaigns --output peer.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from imapclient import IMAPClient

from bot.campaigns import load_campaigns
from parsers.form.parse import parse_form
from parsers.mime.message import attachments, message_id, parse_message
from parsers.model import Campaign
from parsers.route import route_message

BATCH = 50


def intake(client: IMAPClient, folder: str, campaigns: tuple[Campaign, ...], after_uid: int = 0) -> dict:
    """Read every message after ``after_uid``; return what was ours and what was parsed."""
    client.select_folder(folder, readonly=True)
    uids = sorted(uid for uid in client.search(["UID", f"{after_uid + 1}:*"]) if uid > after_uid)
    ours: dict[str, str] = {}
    parsed = complete = 0
    for start in range(0, len(uids), BATCH):
        for uid, data in client.fetch(uids[start:start + BATCH], ["BODY.PEEK[]"]).items():
            message = parse_message(data[b"BODY[]"])
            found = route_message(message, campaigns)
            if found.campaign is None:
                continue
            ours[message_id(message)] = found.campaign.key
            for attachment in attachments(message):
                if attachment.is_docx:
                    result = parse_form(attachment.data, found.campaign)
                    parsed += 1
                    complete += result.form is not None and not result.problems
    return {"scanned": len(uids), "ours": ours, "forms_parsed": parsed, "forms_without_problems": complete,
            "last_uid": uids[-1] if uids else after_uid}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    env = os.environ
    client = IMAPClient(env["INTAKE_IMAP_HOST"], int(env["INTAKE_IMAP_PORT"]), ssl=False, use_uid=True)
    client.login(env["INTAKE_IMAP_USERNAME"], env["INTAKE_IMAP_PASSWORD"])
    try:
        result = intake(client, env.get("INTAKE_IMAP_FOLDER", "INBOX"), load_campaigns(args.campaigns))
    finally:
        client.logout()
    args.output.write_text(json.dumps(result))
    print(f"peer: scanned {result['scanned']}, ours {len(result['ours'])}, forms parsed {result['forms_parsed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
