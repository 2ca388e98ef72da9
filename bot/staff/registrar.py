"""The registrar's list (registratorns lista): every document that came in under a campaign's
case number, which is what an authority must register as allmän handling. One row per
inbound message: when it arrived, from whom, its subject and attachments, and what it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.purge import attachment_names
from bot.db.tables import Affiliation, InboundMessage, Submission
from bot.staff.excel_csv import excel_csv
from bot.staff.sheets import Column, Sheet, workbook
from parsers.model import LOCAL_ZONE, Campaign


@dataclass(frozen=True)
class Entry:
    case_number: str
    received_at: datetime          # local time, naive (as a register and Excel write it)
    sender: str
    subject: str
    attachments: tuple[str, ...]
    what: str                      # see WHAT
    organisation: str
    message_id: str


# What a document was, in the registrar's words, from how the bot classified and handled it.
WHAT = {"form": "blankett", "update": "uppdatering", "duplicate": "dubblett", "correspondence": "korrespondens",
        "calendar_reply": "kalendersvar", "automatic": "automatiskt meddelande", "bounce": "studs",
        "unreadable": "inte läsbar"}
_BY_OUTCOME = {"registered": "form", "needs_review": "form", "incomplete": "form", "duplicate_form": "duplicate",
               "duplicate_message": "duplicate", "correspondence": "correspondence", "answered": "correspondence",
               "calendar_reply": "calendar_reply", "automatic": "automatic", "bounce": "bounce",
               "quarantined": "unreadable"}
COLUMNS = (Column("Diarienummer", 15), Column("Inkom", 17), Column("Avsändare", 32), Column("Ämne", 50),
           Column("Bilagor", 40), Column("Typ av handling", 18), Column("Organisation", 28),
           Column("Meddelande-id", 40))


def registrar_entries(session: Session, campaigns: tuple[Campaign, ...], campaign_key: str | None = None,
                      since: date | None = None) -> list[Entry]:
    query = select(InboundMessage).order_by(InboundMessage.received_at, InboundMessage.id)
    if campaign_key is not None:
        query = query.where(InboundMessage.campaign_key == campaign_key)
    if since is not None:
        query = query.where(InboundMessage.received_at >= datetime.combine(since, time(), LOCAL_ZONE))
    case_numbers = {c.key: c.case_number for c in campaigns}
    # An attempt (a form that could not be read) names no organisation itself: its affiliation does
    # (the roster's, by the sender's domain: bot/inbound/attempt.py).
    organisations = dict(session.execute(select(Affiliation.id, Affiliation.organisation)).tuples().all())
    return [_entry(m, case_numbers.get(m.campaign_key or "", ""), organisations) for m in session.scalars(query)]


def _entry(message: InboundMessage, case_number: str, organisations: dict[int, str]) -> Entry:
    form = next((s for s in message.submissions if s.role == "form"), None)
    attempt = next((s for s in message.submissions if s.role == "attempt" and s.affiliation_id), None)
    organisation = _organisation(form) or (organisations.get(attempt.affiliation_id, "") if attempt else "")
    return Entry(case_number, message.received_at.astimezone(LOCAL_ZONE).replace(tzinfo=None), message.from_address,
                 message.subject, tuple(attachment_names(message)), WHAT[_what(message, form)],
                 organisation, message.message_id)


def _what(message: InboundMessage, form: Submission | None) -> str:
    if message.outcome == "needs_review" and form is None:
        return "unreadable"          # the form as PDF or a scan, or no readable .docx
    if message.outcome == "incomplete" and form is None:
        return "unreadable"          # a damaged or encrypted .docx
    if form is not None and (form.version or 1) > 1 and form.status != "duplicate":
        return "update"
    return _BY_OUTCOME.get(message.outcome, "unreadable")


def _organisation(form: Submission | None) -> str:
    return (form.form or {}).get("organisation", "") if form is not None else ""


def to_csv(entries: list[Entry]) -> str:
    """Semicolon-separated with a BOM, like the export (bot/staff/excel_csv.py): Swedish Excel
    opens it as it is, and a subject like ``=HYPERLINK(…)`` stays text."""
    return excel_csv([c.heading for c in COLUMNS],
                     ([e.case_number, f"{e.received_at:%Y-%m-%d %H:%M}", e.sender, e.subject, ", ".join(e.attachments),
                       e.what, e.organisation, e.message_id] for e in entries))


def to_xlsx(entries: list[Entry]) -> bytes:
    rows = tuple((e.case_number, e.received_at, e.sender, e.subject, ", ".join(e.attachments), e.what,
                  e.organisation, e.message_id) for e in entries)
    return workbook([Sheet("Inkomna handlingar", COLUMNS, rows)])
