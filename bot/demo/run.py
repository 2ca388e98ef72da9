"""`intake demo`: the whole flow on this machine with nothing installed but the package.

Starts an embedded IMAP server (pymap) and SMTP server (aiosmtpd) on 127.0.0.1, loads the
sample messages into the mailbox, runs one pass on a fresh SQLite database under var/demo/,
and shows what was registered and what was sent, invitations to the information sessions
included (sent mail is also kept as .eml files).

The pass runs at the moment the sample mail fits (a minute after the newest sample's Date)
unless --now says otherwise: with the real clock, the sample campaigns' sessions would all
be over and nobody would be invited.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from bot.app import build_app
from bot.calendar.changes import session_changes
from bot.db.engine import SchemaNeed, ensure_schema
from bot.demo.imap import EmbeddedImap, append_messages
from bot.demo.smtp import EmbeddedSmtp
from bot.errors import ConfigError
from bot.inbound.poll import poll_once
from bot.outbox.send import send_outbox
from bot.settings import ImapSettings, Settings, SmtpSettings
from bot.staff.export import affiliation_records
from parsers.model import LOCAL_ZONE

SAMPLES = Path(__file__).resolve().parent / "samples"  # shipped as package data
DEMO_SENT = "Skickat"


def run_demo(base: Settings, samples: Path | None, now: datetime | None,
             var_dir: Path = Path("var/demo"), out=sys.stdout) -> int:
    """The demo on ``base`` settings with the database and mail servers replaced by its own."""
    samples = samples or SAMPLES
    messages = sorted(samples.glob("*.eml"))
    if not messages:
        raise ConfigError(str(samples), None, "no sample messages (*.eml) found")
    shutil.rmtree(var_dir, ignore_errors=True)
    (var_dir / "sent").mkdir(parents=True)
    say = lambda text="": print(text, file=out, flush=True)  # noqa: E731
    say(f"intake demo: {len(messages)} exempelmeddelanden från {samples}")
    with EmbeddedImap(log_dir=var_dir) as imap, EmbeddedSmtp(save_dir=var_dir / "sent") as smtp:
        say(f"  IMAP (pymap)    127.0.0.1:{imap.port}  användare {imap.username}")
        say(f"  SMTP (aiosmtpd) 127.0.0.1:{smtp.port}")
        append_messages(imap.host, imap.port, imap.username, imap.password, "INBOX",
                        [path.read_bytes() for path in messages])
        say(f"  Lade {_n(len(messages), 'meddelande', 'meddelanden')} i INBOX.")
        # pymap marks no folder \Sent, so the demo names the one it makes for the copies.
        append_messages(imap.host, imap.port, imap.username, imap.password, DEMO_SENT, [])
        settings = replace(
            base, database_url=f"sqlite:///{(var_dir / 'intake.db').resolve()}",
            outbox=replace(base.outbox, sent_folder=DEMO_SENT),
            imap=ImapSettings(host=imap.host, port=imap.port, username=imap.username, password=imap.password),
            smtp=SmtpSettings(host=smtp.host, port=smtp.port))
        app = build_app({}, settings=settings)
        ensure_schema(app.engine, SchemaNeed.CREATE)
        when = now or sample_moment(messages)
        say(f"\nKör som om klockan vore {when.astimezone(LOCAL_ZONE):%Y-%m-%d %H.%M} "
            f"({'--now' if now else 'strax efter det senaste exempelmeddelandet; ange --now för en annan tid'}).")
        say("\nBehandlar brevlådan:")
        session_changes(app, when)
        passed = poll_once(app, when, progress=lambda event, info: _show_progress(say, event, info))
        left = passed.scanned - passed.ours
        say(f"  {_n(left, 'meddelande', 'meddelanden')} gällde ingen kampanj och lämnades "
            + ("orört (inte läst, flaggat eller flyttat)." if left == 1 else "orörda (inte lästa, flaggade eller flyttade)."))
        report = send_outbox(app, when)
        say(f"  skickade {_n(report.sent, 'meddelande', 'meddelanden')} ({report.deferred} väntar, "
            f"{report.failed} misslyckades); {_n(report.copied, 'kopia', 'kopior')} sparade i brevlådans mapp {DEMO_SENT}")
        sent = smtp.wait_for(report.sent, timeout=10)
    with app.db_session() as session:
        records = affiliation_records(session, app.campaigns)
    say(f"\nRegistrerade anslutningar ({len(records)}):")
    for r in records:
        say(f"  {r['organisation']:<22} {r['org_number']:<12} {r['status']:<13} v{r['version']}  "
            f"mål {', '.join(map(str, r['goals']))}  träffar {', '.join(r['sessions']) or '-'}")
    invitations = sum(1 for m in sent if _subject(m).startswith(("Inbjudan:", "Invitation:")))
    say(f"\nSkickade meddelanden ({len(sent)}, varav {invitations} inbjudningar till informationsträffar "
        f"med kalenderhändelse), sparade i {var_dir / 'sent'}:")
    for message in sent:
        say(f"  till {', '.join(message.rcpt_tos)}: {_subject(message)}")
    database = (var_dir / "intake.db").resolve()
    say(f"\nDatabas: {database}\nSe exporten: INTAKE_DATABASE_URL=sqlite:///{database} "
        f"{_this_command()} export --format json")
    return 0


def _this_command() -> str:
    """How to run the command that is running now: `intake` when that is on PATH."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "__main__.py":
        return f"{sys.executable} -m bot.cli"
    on_path = shutil.which("intake")
    return "intake" if on_path and Path(on_path).resolve() == argv0.resolve() else str(argv0)


def _subject(message) -> str:
    return str(BytesParser(policy=policy.default).parsebytes(message.original_content, headersonly=True)["Subject"])


def sample_moment(messages: list[Path]) -> datetime:
    """A minute after the newest Date among the samples (now, if none has a readable Date)."""
    dates = []
    for path in messages:
        headers = BytesParser(policy=policy.compat32).parsebytes(path.read_bytes(), headersonly=True)
        try:
            dates.append(parsedate_to_datetime(headers.get("Date", "")))
        except (TypeError, ValueError):
            continue
    aware = [d for d in dates if d.tzinfo is not None]
    return max(aware) + timedelta(minutes=1) if aware else datetime.now(timezone.utc)


def _n(count: object, one: str, many: str) -> str:
    """"1 nytt meddelande", "3 nya meddelanden"."""
    return f"{count} {one if count == 1 else many}"


def _show_progress(say, event: str, info: dict[str, object]) -> None:
    if event == "scan":
        say(f"  {_n(info['new'], 'nytt meddelande', 'nya meddelanden')} i {info['folder']}")
    elif event == "message":
        say(f"  {info['outcome']:<18} {info['from']}  {info['message_id']}")
