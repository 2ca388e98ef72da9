"""Export of affiliations for staff and other systems: JSON (the contract in docs/design.md),
CSV for Excel, and .xlsx for people: one sheet per campaign, a column per goal, coverage totals.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, Submission
from bot.staff.coverage import coverage, goal_counts, roster_type
from bot.staff.excel_csv import excel_csv
from bot.staff.sheets import Column, Sheet, workbook
from parsers.model import LOCAL_ZONE, Campaign
from replies.phone import phone_for_people

STATUS_SV = {"registered": "registrerad", "needs_review": "behöver granskas", "incomplete": "ofullständig",
             "rejected": "avvisad"}
Row = tuple[Affiliation, AffiliationVersion, Submission, InboundMessage]


def affiliation_records(session: Session, campaigns: tuple[Campaign, ...],
                        campaign_key: str | None = None) -> list[dict[str, Any]]:
    by_key = {c.key: c for c in campaigns}
    return [_record(*row, by_key.get(row[0].campaign_key)) for row in _rows(session, campaign_key)]


def _rows(session: Session, campaign_key: str | None) -> list[Row]:
    query = (select(Affiliation, AffiliationVersion, Submission, InboundMessage)
             .join(AffiliationVersion, (AffiliationVersion.affiliation_id == Affiliation.id)
                   & (AffiliationVersion.version == Affiliation.current_version))
             .join(Submission, Submission.id == AffiliationVersion.submission_id)
             .join(InboundMessage, InboundMessage.id == Submission.inbound_message_id)
             .order_by(Affiliation.campaign_key, Affiliation.organisation, Affiliation.id))
    if campaign_key is not None:
        query = query.where(Affiliation.campaign_key == campaign_key)
    return [tuple(row) for row in session.execute(query).all()]  # type: ignore[misc]


def _record(affiliation: Affiliation, version: AffiliationVersion, submission: Submission,
            message: InboundMessage, campaign: Campaign | None) -> dict[str, Any]:
    form = version.form
    return {
        "campaign": affiliation.campaign_key,
        "case_number": campaign.case_number if campaign else form.get("case_number", ""),
        "organisation": affiliation.organisation,
        "org_number": form.get("org_number", ""),
        "organisation_type": form.get("organisation_type", ""),
        "contact": {k: form.get("contact", {}).get(k, "") for k in ("name", "title", "email", "phone")},
        "decision": {k: form.get("decision", {}).get(k, "") for k in ("body", "paragraph", "date", "reference")},
        "goals": sorted(form.get("goals", [])),
        "sessions": list(form.get("sessions", [])),
        "plan_text": form.get("plan_text", ""),
        "status": affiliation.status,
        "problems": [p["text"] for p in version.problems],
        "version": version.version,
        "source": {
            "message_id": message.message_id,
            "from": message.from_address,
            "received_at": message.received_at.isoformat(),
            "attachment": submission.attachment_name,
        },
        "updated_at": affiliation.updated_at.isoformat(),
    }


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# The CSV's columns: the JSON record's field (dotted) and the Swedish heading staff read.
CSV_COLUMNS = (("campaign", "Kampanj"), ("case_number", "Diarienummer"), ("organisation", "Organisation"),
               ("org_number", "Organisationsnummer"), ("organisation_type", "Typ av organisation"),
               ("contact.name", "Kontaktperson"), ("contact.title", "Titel"), ("contact.email", "E-post"),
               ("contact.phone", "Telefon"), ("decision.body", "Beslutande organ"), ("decision.paragraph", "Paragraf"),
               ("decision.date", "Beslutsdatum"), ("decision.reference", "Beslutets diarienummer"),
               ("goals", "Mål"), ("sessions", "Informationsträffar"), ("plan_text", "Planerat arbete"),
               ("status", "Status"), ("problems", "Problem"), ("version", "Version"),
               ("source.message_id", "Meddelande-id"), ("source.from", "Avsändare"), ("source.received_at", "Inkom"),
               ("source.attachment", "Bilaga"), ("updated_at", "Uppdaterad"))
_LOCAL_TIMES = frozenset({"source.received_at", "updated_at"})


def to_csv(records: list[dict[str, Any]]) -> str:
    """For Excel (bot/staff/excel_csv.py): Swedish headings, status in Swedish, times in Swedish
    local time, phone numbers as written in Sweden (text to Excel, as org numbers are)."""
    return excel_csv([heading for _, heading in CSV_COLUMNS],
                     ([_cell(record, column) for column, _ in CSV_COLUMNS] for record in records))


def _cell(record: dict[str, Any], column: str) -> str:
    value: Any = record
    for part in column.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if column != "problems" else " | ".join(value)
    if column in _LOCAL_TIMES and value:
        return f"{_local(datetime.fromisoformat(value)):%Y-%m-%d %H:%M}"
    if column == "status":
        return STATUS_SV.get(value, value)
    if column == "contact.phone":
        return phone_for_people(value)
    return str(value)


# --- .xlsx ------------------------------------------------------------------------------

_BEFORE_GOALS = (Column("Organisation", 30), Column("Organisationsnummer", 14), Column("Typ", 14),
                 Column("Status", 16), Column("Version", 8), Column("Kontaktperson", 22), Column("Titel", 20),
                 Column("E-post", 30), Column("Telefon", 16), Column("Beslutande organ", 20),
                 Column("Paragraf", 10), Column("Beslutsdatum", 12), Column("Beslutets diarienummer", 16))
_AFTER_GOALS = (Column("Informationsträffar", 24), Column("Planerat arbete", 50), Column("Problem", 40),
                Column("Inkom", 17), Column("Avsändare", 30), Column("Bilaga", 30), Column("Uppdaterad", 17))


def to_xlsx(session: Session, campaigns: tuple[Campaign, ...], campaign_key: str | None = None) -> bytes:
    """One sheet per campaign (only ``campaign_key``'s when given)."""
    rows = _rows(session, campaign_key)
    chosen = [c for c in campaigns if campaign_key in (None, c.key)]
    return workbook([_campaign_sheet(session, c, [r for r in rows if r[0].campaign_key == c.key]) for c in chosen])


def _campaign_sheet(session: Session, campaign: Campaign, rows: list[Row]) -> Sheet:
    goal_columns = tuple(Column(f"Mål {g.number}", 7, note=f"Mål {g.number}: {g.title}") for g in campaign.goals)
    columns = (*_BEFORE_GOALS, *goal_columns, *_AFTER_GOALS)
    return Sheet(campaign.name, columns, tuple(_sheet_row(campaign, *row) for row in rows),
                 footer=_totals(session, campaign, len(_BEFORE_GOALS), len(rows)))


def _sheet_row(campaign: Campaign, affiliation: Affiliation, version: AffiliationVersion, submission: Submission,
               message: InboundMessage) -> tuple[Any, ...]:
    form = version.form
    contact, decision = form.get("contact", {}), form.get("decision", {})
    goals = set(form.get("goals", []))
    return (affiliation.organisation, form.get("org_number", ""),
            roster_type(campaign, affiliation) or form.get("organisation_type", ""),
            STATUS_SV.get(affiliation.status, affiliation.status), version.version,
            contact.get("name", ""), contact.get("title", ""), contact.get("email", ""),
            phone_for_people(contact.get("phone", "")),
            decision.get("body", ""), decision.get("paragraph", ""), _date(decision.get("date", "")),
            decision.get("reference", ""),
            *("X" if g.number in goals else "" for g in campaign.goals),
            ", ".join(form.get("sessions", [])), form.get("plan_text", ""),
            "\n".join(p["text"] for p in version.problems), _local(message.received_at), message.from_address,
            submission.attachment_name, _local(affiliation.updated_at))


def _totals(session: Session, campaign: Campaign, goals_at: int, count: int) -> tuple[tuple[Any, ...], ...]:
    per_goal = ("Antal per mål (registrerade)", *[""] * (goals_at - 1), *(g.count for g in goal_counts(session, campaign)))
    joined = tuple((f"Anslutna: {c.type}", f"{c.joined} av {c.total}") for c in coverage(session, campaign))
    return (per_goal, ("Anslutningar i listan", count), *joined)


def _date(text: str) -> date | str:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return text


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_ZONE).replace(tzinfo=None)
