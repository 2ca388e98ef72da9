"""Messages and read-backs for issue 10's principles (tests/e2e/test_attempts.py,
test_who_commits.py, test_conversations.py): who may speak for an organisation, what goes back
to the sender, and what staff always see."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

from parsers.model import Contact, FormStyle
from tests.support.bot_process import Bot
from tests.support.campaigns import VG_KEY, shipped
from tests.support.formbuilder import FillValues, build_form, with_lines
from tests.support.hostile_mail import render
from tests.support.records import sent

VG = shipped()[VG_KEY]
CASE = VG.case_number
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DAY, LATER, NEXT = "2025-06-02T09:00:00+02:00", "2025-06-02T15:00:00+02:00", "2025-06-03T10:00:00+02:00"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an old Word .doc is an OLE container


def form(organisation: str = "Lerums kommun", org_number: str = "212000-2502", email: str = "elin.andersson@lerum.se",
         goals: tuple[int, ...] = (3, 12), **values: object) -> bytes:
    """A filled form, complete unless ``values`` or the arguments say otherwise."""
    fill = FillValues(organisation=organisation, org_number=org_number,
                      contact=Contact("Elin Andersson", "Strateg", email, "0302-52 10 00"), goals=goals,
                      sessions=(VG.sessions[0].id,), **values)  # type: ignore[arg-type]
    return build_form(VG.form_path.read_bytes(), VG, fill, FormStyle.CONTENT_CONTROLS)  # type: ignore[union-attr]


def retyped(*goal_lines: str, organisation: str = "Lerums kommun", org_number: str = "212000-2502",
            email: str = "elin.andersson@lerum.se") -> bytes:
    """A form retyped as lines (the goals as the sender wrote them)."""
    head = [f"Dnr {CASE}", f"Organisationens namn: {organisation}", f"Organisationsnummer: {org_number}",
            "Namn: Elin Andersson", f"E-post: {email}", "Prioriterade regionala mål"]
    return with_lines(VG.form_path.read_bytes(), [*head, *goal_lines])  # type: ignore[union-attr]


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def with_entities(data: bytes) -> bytes:
    """The form with an XML entity declaration in its document part (never resolved: unsafe)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "secret">]>', 1)
            archive.writestr(item, content)
    return out.getvalue()


def mail(n: int, sender: str, *, subject: str = f"Anslutning Dnr {CASE}", text: str = "Hej! Här kommer vår anmälan.\n",
         files: tuple[tuple[str, str, bytes], ...] = (), headers: tuple[tuple[str, str], ...] = (),
         date: str = "Mon, 02 Jun 2025 08:00:00 +0200") -> bytes:
    body = EmailMessage()
    body.set_content(text)
    for name, media_type, data in files:
        maintype, subtype = media_type.split("/")
        body.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if body.is_multipart():
        body.set_boundary(f"==principle-{n}==")
    own = [("From", sender), ("To", VG.reply_from), ("Subject", subject), ("Date", date),
           ("Message-ID", f"<principle-{n}@{sender.rsplit('@', 1)[-1] or 'x'}>")]
    return render([*own, *headers], body)


def mid(n: int, sender: str) -> str:
    return f"<principle-{n}@{sender.rsplit('@', 1)[-1] or 'x'}>"


def answers(bot: Bot) -> list[tuple[str, str]]:
    """Every automatic answer sent: (To, the kind the subject names)."""
    return [(str(m["To"]), str(m["Subject"])) for m in sent(bot)]


def rows_of(bot: Bot) -> dict[str, dict]:
    """The export, one row per organisation ("" for an organisation nobody could name)."""
    rows = bot.export()
    by_name = {row["organisation"]: row for row in rows}
    assert len(by_name) == len(rows), rows
    return by_name


def review_lines(bot: Bot, now: str = NEXT) -> dict[str, str]:
    """`intake review` as staff read it: the line of each item by its reference."""
    listing = bot.run("review", "list", "--now", now).stdout
    return {line.split()[0]: line for line in listing.splitlines()[1:] if line.strip() and not line.startswith(" ")}
