"""parsers.classify: each rule in the table, the order between them, and the details taken
from bounces and calendar replies."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from parsers.classify import Kind, classify
from parsers.mime.message import parse_message
from tests.data.mail.kit import VG, leaf, multipart, our_message_id, pdf, render, stable_zip, text
from tests.data.mail.machines import our_confirmation
from tests.data.mail.parts import exchange_file

OURS = our_message_id("confirmation-test")
DOCX = stable_zip(VG.form_path.read_bytes())  # type: ignore[union-attr]


def is_ours(mid: str) -> bool:
    return mid == OURS


def message(headers: str, body: str = "Hej!\n") -> EmailMessage:
    raw = headers.strip() + "\nMessage-ID: <x@example.se>\nContent-Type: text/plain; charset=utf-8\n\n" + body
    return parse_message(raw.encode())


@pytest.mark.parametrize("headers, kind", [
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nAuto-Submitted: auto-replied", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nAuto-Submitted: auto-generated", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nAuto-Submitted: no", Kind.NO_ATTACHMENT),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nPrecedence: bulk", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nPrecedence: junk", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nPrecedence: first-class", Kind.NO_ATTACHMENT),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nList-Id: <x.lists>", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nList-Unsubscribe: <mailto:x>", Kind.AUTOMATIC),
    ("From: MAILER-DAEMON@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: postmaster@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: no-reply@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: noreply.e-tjanst@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: Do-Not-Reply@lerum.se\nSubject: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Automatiskt svar: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Frånvaro: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Out of Office: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Undeliverable: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Olevererbart: Dnr 801-9838-2024", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: SV: Automatiskt svar: Dnr 801-9838-2024", Kind.NO_ATTACHMENT),  # a person answered it
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nReturn-Path: <>", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nX-Auto-Response-Suppress: All\n"
     "X-MS-Exchange-Inbox-Rules-Loop: a@lerum.se", Kind.AUTOMATIC),
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024\nX-Auto-Response-Suppress: All", Kind.NO_ATTACHMENT),
    ("Subject: Dnr 801-9838-2024", Kind.NO_ATTACHMENT),  # no sender: not automatic, the pipeline sends it to staff
    ("From: a@lerum.se\nSubject: Dnr 801-9838-2024", Kind.NO_ATTACHMENT),
])
def test_header_rules(headers: str, kind: Kind) -> None:
    assert classify(message(headers)).kind is kind


def test_reason_names_the_rule() -> None:
    assert classify(message("From: a@lerum.se\nSubject: x\nPrecedence: bulk")).reason == "precedence: Precedence: bulk"


# --- reports come before the generic rules ----------------------------------------------------

def _report(report_type: str, *parts: object, extra: str = "") -> EmailMessage:
    headers = [("From", "MAILER-DAEMON@mail.lerum.se"), ("Return-Path", "<>"), ("Subject", "Undelivered Mail"),
               ("Auto-Submitted", "auto-replied"), ("Message-ID", "<r@mail.lerum.se>"), ("MIME-Version", "1.0")]
    headers += [("In-Reply-To", extra)] if extra else []
    body = multipart("report", text("The mail system"), *parts, params=f"; report-type={report_type}")  # type: ignore[arg-type]
    return parse_message(render(headers, body))


STATUS = leaf("message/delivery-status", b"Reporting-MTA: dns; mail.lerum.se\n\nFinal-Recipient: rfc822; "
              b"anna@lerum.se\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n", "7bit")


def test_bounce_with_the_returned_message() -> None:
    found = classify(_report("delivery-status", STATUS, leaf("message/rfc822", our_confirmation("confirmation-test",
                                                                                                 "anna@lerum.se"), "7bit")))
    assert (found.kind, found.bounced_message_id) == (Kind.BOUNCE, OURS)
    assert found.delivery is not None
    assert (found.delivery.recipient, found.delivery.action, found.delivery.status) == ("anna@lerum.se", "failed", "5.1.1")
    assert "User unknown" in found.delivery.diagnostic


def test_bounce_with_returned_headers_only() -> None:
    headers = f"From: vastragotaland@lansstyrelsen.se\nMessage-ID:\n {OURS}\nSubject: x\n".encode()
    found = classify(_report("delivery-status", STATUS, leaf("text/rfc822-headers", headers, "7bit")))
    assert found.bounced_message_id == OURS


def test_bounce_without_returned_content_falls_back_to_threading() -> None:
    assert classify(_report("delivery-status", STATUS, extra=OURS), is_ours=is_ours).bounced_message_id == OURS
    assert classify(_report("delivery-status", STATUS, extra=OURS)).bounced_message_id == ""


def test_read_receipt_and_other_reports() -> None:
    mdn = leaf("message/disposition-notification", b"Final-Recipient: rfc822;a@lerum.se\nDisposition: "
               b"manual-action/MDN-sent-manually; displayed\n", "7bit")
    assert classify(_report("disposition-notification", mdn)).kind is Kind.READ_RECEIPT
    found = classify(_report("feedback-report", leaf("message/feedback-report", b"Feedback-Type: abuse\n", "7bit")))
    assert (found.kind, found.reason) == (Kind.AUTOMATIC, "auto_submitted: Auto-Submitted: auto-replied")


# --- calendar replies ------------------------------------------------------------------------------

CALENDAR = ("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"Ek, Olof: KS\";PARTSTAT=TENTATIVE;\r\n"
            " RSVP=TRUE:MAILTO:Olof.Ek@Kungalv.se\r\nUID:session-1@lansstyrelsen.se\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _calendar_message(ical: str, headers: str = "") -> EmailMessage:
    base = [("From", "olof.ek@kungalv.se"), ("Subject", "Preliminärt: Informationsträff"), ("Message-ID", "<c@k>"),
            ("MIME-Version", "1.0")]
    extra = [tuple(line.split(": ", 1)) for line in headers.splitlines() if line]
    calendar = leaf('text/calendar; charset="utf-8"; method=REPLY', ical.encode(), "7bit")
    return parse_message(render(base + extra, multipart("alternative", text("Svar"), calendar)))  # type: ignore[operator]


def test_calendar_reply_is_read() -> None:
    found = classify(_calendar_message(CALENDAR))
    assert found.kind is Kind.CALENDAR_REPLY
    assert found.calendar_reply is not None
    assert (found.calendar_reply.attendee, found.calendar_reply.partstat, found.calendar_reply.uid) == (
        "olof.ek@kungalv.se", "TENTATIVE", "session-1@lansstyrelsen.se")


def test_calendar_request_is_not_a_reply_and_automatic_comes_first() -> None:
    assert classify(_calendar_message(CALENDAR.replace("METHOD:REPLY", "METHOD:REQUEST"))).kind is Kind.NO_ATTACHMENT
    assert classify(_calendar_message(CALENDAR, "Auto-Submitted: auto-generated")).kind is Kind.AUTOMATIC


# --- content ---------------------------------------------------------------------------------------

def _sent(*files: object, in_reply_to: str = "") -> EmailMessage:
    headers = [("From", "anna@lerum.se"), ("Subject", "SV: Bekräftelse"), ("Message-ID", "<s@lerum.se>")]
    headers += [("In-Reply-To", in_reply_to), ("References", f"<older@x> {in_reply_to}")] if in_reply_to else []
    body = multipart("mixed", text("Hej"), *files) if files else text("Hej")  # type: ignore[arg-type]
    return parse_message(render(headers, body))


def test_any_reply_in_a_conversation_is_a_thread_reply_ours_or_not() -> None:
    # Issue 10, principle 4: staff write from Outlook too, so whose message it answers does not matter.
    assert classify(_sent(in_reply_to=OURS), is_ours=is_ours).kind is Kind.THREAD_REPLY
    assert classify(_sent(in_reply_to=OURS)).kind is Kind.THREAD_REPLY
    assert classify(_sent(in_reply_to="<someone.else@x>"), is_ours=is_ours).kind is Kind.THREAD_REPLY
    assert classify(_sent(in_reply_to=OURS), is_ours=is_ours).reason == f"thread_reply: answers our {OURS}"
    # "SV:" alone, without quoted text or thread headers, is a fresh message (a subject typed so).
    assert classify(_sent()).kind is Kind.NO_ATTACHMENT


def test_a_form_wins_over_the_thread_and_a_thread_over_other_files() -> None:
    form = exchange_file("Blankett.docx", DOCX)
    scan = exchange_file("Blankett.pdf", pdf("x"), "application/pdf")
    assert classify(_sent(form, in_reply_to=OURS), is_ours=is_ours).kind is Kind.FORM
    thread = classify(_sent(scan, in_reply_to=OURS), is_ours=is_ours)
    assert (thread.kind, thread.attachment_formats) == (Kind.THREAD_REPLY, ("pdf",))


def test_other_attachments_list_their_formats() -> None:
    found = classify(_sent(exchange_file("Blankett.pdf", pdf("x"), "application/pdf"),
                           exchange_file("Blankett.docx", pdf("y"))))
    assert (found.kind, found.attachment_formats) == (Kind.OTHER_ATTACHMENT, ("pdf", "pdf"))
    assert [a.filename for a in found.attachments] == ["Blankett.pdf", "Blankett.docx"]


def test_samples_classify(samples_dir: Path) -> None:
    kinds = {p.name: classify(parse_message(p.read_bytes())).kind for p in samples_dir.glob("*.eml")}
    assert kinds["vg-010-nonform-auto-reply.eml"] is Kind.AUTOMATIC
    assert kinds["vg-006-nonform-no-attachment.eml"] is Kind.NO_ATTACHMENT
    assert kinds["un-008-other-case-pdf.eml"] is Kind.OTHER_ATTACHMENT
    assert kinds["un-003-newsletter.eml"] is Kind.AUTOMATIC
    for name in ("vg-001-cc-plain.eml", "vg-002-legacy-octet-rfc2231.eml", "vg-009-cc-with-protocol.eml"):
        assert kinds[name] is Kind.FORM
