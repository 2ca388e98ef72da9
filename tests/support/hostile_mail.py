"""Messages for the hostile-input tests, header lines written exactly as given (repeats, odd
encodings, control characters), and filled forms from the roster's organisations, one
organisation per case so that a table of cases can go through one pass together."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import cache

from parsers.model import Contact, FormStyle, RosterEntry
from tests.support.campaigns import VG_KEY, shipped
from tests.support.formbuilder import FillValues, build_form

VG = shipped()[VG_KEY]
CASE = VG.case_number
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE = "Mon, 02 Jun 2025 08:00:00 +0200"


def org(index: int) -> RosterEntry:
    """The index-th organisation of the Västra Götaland roster (one per test case)."""
    return VG.roster[index]


def contact_of(entry: RosterEntry) -> str:
    return f"kontakt@{entry.domains[0]}"


@cache
def filled_form(index: int, contact_email: str = "") -> bytes:
    """A complete form from org(index): registered as it stands."""
    entry = org(index)
    values = FillValues(organisation=entry.organisation, org_number=entry.org_number,
                        contact=Contact("Kim Berg", "Strateg", contact_email or contact_of(entry), "031-123 45 67"),
                        goals=(3, 12), sessions=(VG.sessions[0].id,))
    return build_form(VG.form_path.read_bytes(), VG, values, FormStyle.CONTENT_CONTROLS)  # type: ignore[union-attr]


def mail(mid: str, *, sender: str = "", subject: str = "", text: str = "Hej!\n",
         headers: Sequence[tuple[str, str]] = (), files: Sequence[tuple[str, str, bytes]] = (),
         from_header: str | None = None, date: str = DATE) -> bytes:
    """A message: From (``from_header`` as written, else ``sender``), To, Subject, Date,
    Message-ID ``<mid>`` (unless ``headers`` name their own), then ``headers`` in order and as
    written, then the body: ``text`` and each (name, type, bytes) file."""
    body = EmailMessage()
    body.set_content(text)
    for name, media_type, data in files:
        maintype, subtype = media_type.split("/")
        body.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if body.is_multipart():
        body.set_boundary(f"=={hashlib.sha256(mid.encode()).hexdigest()[:24]}==")  # the same bytes every run
    own = [("From", from_header if from_header is not None else sender), ("To", VG.reply_from),
           ("Subject", subject or f"Anslutning, Dnr {CASE}"), ("Date", date)]
    if not any(name.lower() == "message-id" for name, _ in headers):
        own.append(("Message-ID", f"<{mid}>"))
    return render([*own, *headers], body)


def render(headers: Sequence[tuple[str, str]], body: EmailMessage) -> bytes:
    """Header lines as given (``None``-free, CRLF), then the MIME headers and body of ``body``."""
    mime = body.as_bytes(policy=policy.SMTP)
    lines = b"".join(f"{name}: {value}\r\n".encode("utf-8", "surrogateescape") for name, value in headers)
    return lines + mime


def form_mail(mid: str, index: int, *, sender: str = "", data: bytes | None = None, name: str = "Anslutning.docx",
              media_type: str = DOCX, **kwargs: object) -> bytes:
    """org(index)'s form (or ``data`` in its place) from its contact, or from ``sender``."""
    file = (name, media_type, data if data is not None else filled_form(index))
    return mail(mid, sender=sender or contact_of(org(index)), files=[file], **kwargs)  # type: ignore[arg-type]


def message_id_of(raw: bytes) -> str:
    value = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True).get("Message-ID", "")
    found = re.search(r"<[^<>\s]+>", re.sub(r"[\x00-\x1f\x7f]", "", str(value)))
    return found.group(0) if found else ""
