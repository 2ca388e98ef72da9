"""Export of affiliations for staff and other systems (the contract is in DESIGN.md)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, Submission
from parsers.model import Campaign


def affiliation_records(session: Session, campaigns: tuple[Campaign, ...]) -> list[dict[str, Any]]:
    by_key = {c.key: c for c in campaigns}
    rows = session.execute(
        select(Affiliation, AffiliationVersion, Submission, InboundMessage)
        .join(AffiliationVersion, (AffiliationVersion.affiliation_id == Affiliation.id)
              & (AffiliationVersion.version == Affiliation.current_version))
        .join(Submission, Submission.id == AffiliationVersion.submission_id)
        .join(InboundMessage, InboundMessage.id == Submission.inbound_message_id)
        .order_by(Affiliation.campaign_key, Affiliation.organisation, Affiliation.id)).all()
    return [_record(a, v, s, m, by_key.get(a.campaign_key)) for a, v, s, m in rows]


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


CSV_COLUMNS = ("campaign", "case_number", "organisation", "org_number", "organisation_type", "contact.name",
               "contact.title", "contact.email", "contact.phone", "decision.body", "decision.paragraph",
               "decision.date", "decision.reference", "goals", "sessions", "plan_text", "status", "problems",
               "version", "source.message_id", "source.from", "source.received_at", "source.attachment",
               "updated_at")


def to_csv(records: list[dict[str, Any]]) -> str:
    """Semicolon-separated with a BOM: what Swedish Excel opens correctly by double-click."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_cell(record, column) for column in CSV_COLUMNS])
    return "\ufeff" + out.getvalue()


def _cell(record: dict[str, Any], column: str) -> str:
    value: Any = record
    for part in column.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if column != "problems" else " | ".join(value)
    return str(value)
