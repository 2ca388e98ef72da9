"""Benchmark: one `poll --once` pass over a large shared mailbox.

Seeds a private Dovecot (or pymap with --imap pymap) with N messages: mostly unrelated mail
(personal, newsletters, another case with a PDF) and a share of affiliation forms, each form
from a different organisation. Then times one pass (routing, fetching, parsing, registering,
replying) and a second, empty pass, and reports peak memory of the process.

    python -m bench.poll_pass --messages 2000 --forms 200
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from email.message import EmailMessage

from bot.app import build_app
from bot.db.engine import SchemaNeed, ensure_schema
from bot.campaigns import load_campaigns
from bot.demo.imap import EmbeddedImap, EmbeddedSmtp, append_messages
from bot.settings import ImapSettings, SmtpSettings
from bot.settings_load import load_settings
from bot.inbound.poll import poll_once
from bot.outbox.send import send_outbox
from parsers.model import Campaign, Contact, FormStyle

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "bot" / "demo" / "samples"


def corpus(total: int, forms: int, campaign: Campaign) -> list[bytes]:
    """``forms`` affiliation forms, one per roster organisation (cycling through the styles),
    spread evenly through ``total`` messages; the rest unrelated mail."""
    sys.path.insert(0, str(REPO))
    from tests.formbuilder import FillValues, build_form

    unrelated = [(SAMPLES / n).read_bytes() for n in ("un-003-newsletter.eml", "un-008-other-case-pdf.eml",
                                                       "un-012-personal.eml")]
    blank = campaign.form_path.read_bytes()
    styles = list(FormStyle)
    every = max(total // max(forms, 1), 1)
    messages, made = [], 0
    for i in range(total):
        if i % every == 0 and made < forms:
            entry = campaign.roster[made % len(campaign.roster)]
            domain = entry.domains[0] if entry.domains else "example.se"
            values = FillValues(organisation=entry.organisation, org_number=entry.org_number,
                                contact=Contact("Anna Berg", "Strateg", f"anna.berg{made}@{domain}", "070-123 45 67"),
                                goals=(1 + made % 15, 1 + (made + 5) % 15), sessions=(campaign.sessions[0].id,))
            docx = build_form(blank, campaign, values, styles[made % len(styles)])
            messages.append(_form_message(i, f"anna.berg{made}@{domain}", campaign, docx))
            made += 1
        else:
            messages.append(unrelated[i % 3].replace(b"Message-ID: <", f"Message-ID: <bench-{i}-".encode(), 1))
    return messages


def _form_message(i: int, sender: str, campaign: Campaign, docx: bytes) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = sender, campaign.reply_from
    message["Subject"] = f"Anslutningsblankett {campaign.name}, Dnr {campaign.case_number}"
    message["Message-ID"] = f"<bench-{i}@bench.example>"
    message["Date"] = "Mon, 07 Apr 2025 12:04:14 +0200"
    message.set_content("Hej,\n\nBifogat finns vår anslutningsblankett.\n")
    message.add_attachment(docx, maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="Anslutningsblankett.docx")
    return message.as_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--imap", choices=("dovecot", "pymap"), default="dovecot")
    args = parser.parse_args()
    campaigns = load_campaigns(REPO / "config" / "campaigns")
    campaign = next(c for c in campaigns if c.key == "jamstallt-vg-2024-2027")
    messages = corpus(args.messages, args.forms, campaign)
    with tempfile.TemporaryDirectory(prefix="ib") as tmp:
        work = Path(tmp)
        if args.imap == "dovecot":
            sys.path.insert(0, str(REPO))
            from tests.servers.dovecot import DovecotServer
            server = DovecotServer.start()
            credentials = server.add_user()
            host, port, user, password = credentials.host, credentials.port, credentials.username, credentials.password
            stop = server.stop
        else:
            imap = EmbeddedImap(log_dir=work).start()
            host, port, user, password, stop = imap.host, imap.port, imap.username, imap.password, imap.stop
        try:
            with EmbeddedSmtp() as smtp:
                started = time.perf_counter()
                append_messages(host, port, user, password, "INBOX", messages)
                seeded = time.perf_counter() - started
                settings = replace(load_settings({}, None), database_url=f"sqlite:///{work}/bench.db",
                                   campaigns_dir=REPO / "config" / "campaigns",
                                   imap=ImapSettings(host=host, port=port, username=user, password=password),
                                   smtp=SmtpSettings(host=smtp.host, port=smtp.port))
                app = build_app({}, settings=settings)
                ensure_schema(app.engine, SchemaNeed.CREATE)
                now = datetime.now(timezone.utc)
                started = time.perf_counter()
                report = poll_once(app, now)
                sent = send_outbox(app, now)
                first = time.perf_counter() - started
                started = time.perf_counter()
                poll_once(app, now)
                send_outbox(app, now)
                second = time.perf_counter() - started
        finally:
            stop()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"imap={args.imap} messages={args.messages} forms={report.ours} outcomes={dict(report.outcomes)} "
          f"sent={sent.sent}")
    print(f"seed {seeded:.2f} s | first pass {first:.2f} s ({first / args.messages * 1000:.2f} ms/message, "
          f"{first / max(report.ours, 1) * 1000:.1f} ms/form) | second pass {second:.3f} s | peak RSS {peak_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
