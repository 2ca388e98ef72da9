"""Mail for the staff tests: forms that need review or completion, a PDF instead of the form,
a delivery report about one of our replies, an answer in our thread, and a way to read back
what the bot sent and what it stored."""

from __future__ import annotations

from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from sqlalchemy import create_engine, select

from bot.db.tables import Affiliation, InboundMessage, OutboxMessage
from parsers.model import Contact, FormStyle
from tests.support.bot_process import Bot
from tests.support.campaigns import VG_KEY, shipped
from tests.support.formbuilder import FillValues, build_form
from tests.support.paths import SAMPLES

VG = shipped()[VG_KEY]
CASE = VG.case_number
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Monday: the forms come in; Tuesday: staff act on them.
DAY, LATER, NEXT = "2025-06-02T09:00:00+02:00", "2025-06-02T10:00:00+02:00", "2025-06-03T09:00:00+02:00"


@dataclass(frozen=True)
class Seeded:
    testby: int        # affiliation needing review (unknown organisation)
    lerum: int         # affiliation waiting for the sender (no email)
    alingsas: int      # registered affiliation
    skovde: int        # affiliation needing review: the form came as PDF (issue 10: every attempt is one)
    pdf: int           # message: the form as PDF (Skövde's attempt)
    thread: int        # message: correspondence in our thread
    bounced: int       # reply: Alingsås's confirmation, bounced
    alingsas_message_id: str


def seed(bot: Bot) -> Seeded:
    """One of each: a registered form whose confirmation bounces and is answered in its thread,
    a form for review, one waiting for the sender, and a PDF instead of the form."""
    alingsas_mail = SAMPLES / "vg-002-legacy-octet-rfc2231.eml"
    bot.mailbox.append([alingsas_mail, unknown_organisation(), without_email(), as_pdf()], dated=True)
    bot.poll(now=DAY)
    confirmation = next(m for m in sent(bot) if m["To"] == "linnea.lindqvist@alingsas.se")
    ours = confirmation["Message-ID"]
    bot.mailbox.append([bounce(ours, confirmation["Subject"], "linnea.lindqvist@alingsas.se"),
                        thread_reply(7, "linnea.lindqvist@alingsas.se", ours, date="Mon, 02 Jun 2025 09:40:00 +0200")],
                       dated=True)
    bot.poll(now=LATER)
    affiliation = dict(rows(bot, select(Affiliation.organisation, Affiliation.id)))
    message = dict(rows(bot, select(InboundMessage.message_id, InboundMessage.id)))
    return Seeded(affiliation["Testby kommun"], affiliation["Lerums kommun"], affiliation["Alingsås kommun"],
                  affiliation["Skövde kommun"], message["<staff-3@skovde.se>"], message["<staff-7@alingsas.se>"],
                  scalar(bot, OutboxMessage.id, OutboxMessage.message_id == ours),
                  "<5ee6813bbd2b7db2b011.1644@alingsas.se>")


def mail(n: int, sender: str, subject: str = f"Anslutning Dnr {CASE}", body: str = "Hej! Här kommer vår blankett.\n",
         headers: dict[str, str] | None = None, attachment: tuple[str, str, bytes] | None = None,
         date: str = "Mon, 02 Jun 2025 08:00:00 +0200") -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, VG.reply_from, subject
    message["Message-ID"] = f"<staff-{n}@{sender.split('@')[1]}>"
    message["Date"] = date
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if attachment:
        name, mime, data = attachment
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def form(values: FillValues) -> bytes:
    return build_form(VG.form_path.read_bytes(), VG, values, FormStyle.CONTENT_CONTROLS)


def unknown_organisation(n: int = 1) -> bytes:
    """Testby kommun is on no roster: the form waits for staff review."""
    values = FillValues(goals=(2, 5), sessions=("info-2025-10-07",))
    return mail(n, "anna.aberg@testby.se", attachment=("Anslutning Testby.docx", DOCX, form(values)))


def without_email(n: int = 2) -> bytes:
    """Lerum's form without the contact's email: the sender is asked to complete it."""
    values = FillValues(organisation="Lerums kommun", org_number="212000-2502",
                        contact=Contact("Elin Andersson", "Strateg", "", "0302-52 10 00"), goals=(12,))
    return mail(n, "elin.andersson@lerum.se", attachment=("Blankett Lerum.docx", DOCX, form(values)))


def alingsas_update(n: int, email: str, goals: tuple[int, ...], date: str) -> bytes:
    """An updated form from Alingsås (registered by the sample vg-002), with or without the email."""
    values = FillValues(organisation="Alingsås kommun", org_number="212000-9622",
                        contact=Contact("Linnea Lindqvist", "Strateg", email, "0322-61 60 00"), goals=goals)
    return mail(n, "linnea.lindqvist@alingsas.se", subject=f"Uppdaterad anslutning Dnr {CASE}", date=date,
                attachment=("Anslutning Alingsås v2.docx", DOCX, form(values)))


def as_pdf(n: int = 3) -> bytes:
    return mail(n, "mikael.berg@skovde.se", attachment=("Anslutning Skövde.pdf", "application/pdf", b"%PDF-1.4\n%\xe2\n"))


def thread_reply(n: int, sender: str, ours: str, date: str = "Mon, 02 Jun 2025 08:00:00 +0200") -> bytes:
    return mail(n, sender, subject="SV: Tack!", body="Tack för bekräftelsen! Vi hörs.\n",
                headers={"In-Reply-To": ours, "References": ours}, date=date)


def bounce(ours: str, subject: str, recipient: str) -> bytes:
    return DSN.format(ours=ours, subject=subject, recipient=recipient).replace("\n", "\r\n").encode()


def parsed(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[return-value]


def sent(bot: Bot) -> list[EmailMessage]:
    return [parsed(m.original_content) for m in bot.smtp.messages]


def text_of(message: EmailMessage) -> str:
    """The text part, with the newlines of a file (the wire has CRLF)."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def rows(bot: Bot, query) -> list:
    """Rows of a SELECT against the bot's database."""
    engine = create_engine(bot.database_url)
    try:
        with engine.connect() as db:
            return list(db.execute(query).all())
    finally:
        engine.dispose()


def scalar(bot: Bot, column, *where):
    found = rows(bot, select(column).where(*where))
    assert len(found) == 1, found
    return found[0][0]


DSN = """From: Mail Delivery System <MAILER-DAEMON@mx.alingsas.se>
To: vastragotaland@lansstyrelsen.se
Subject: Undelivered Mail Returned to Sender
Message-ID: <staff-bounce@alingsas.se>
Date: Mon, 02 Jun 2025 09:30:00 +0200
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

--dsn
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.

--dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.alingsas.se

Final-Recipient: rfc822; {recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--dsn
Content-Type: text/rfc822-headers

From: Länsstyrelsen Västra Götaland <vastragotaland@lansstyrelsen.se>
Subject: {subject}
Message-ID: {ours}

--dsn--
"""
