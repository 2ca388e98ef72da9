"""Messages machines send: out-of-office replies, bounces of the bot's replies, read
receipts, calendar replies to session invitations, list mail and system notices."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage

from tests.data.mail import clients as c
from tests.data.mail.kit import CONFIRMATION_SUBJECT, attached, leaf, multipart, our_message_id, render, text
from tests.data.mail.parts import outlook_body, plain

SESSION_SUBJECT = "Digital informationsträff om Jämställt Västra Götaland 2024–2027 (Dnr 801-9838-2024)"
SESSION_UID = "intake.session.info-2025-05-13@lansstyrelsen.se"


def our_confirmation(name: str, to: str) -> bytes:
    """A reply as the bot sends it (stdlib composition, RFC 3834 headers)."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = "Länsstyrelsen Västra Götaland <vastragotaland@lansstyrelsen.se>"
    message["To"] = to
    message["Subject"] = CONFIRMATION_SUBJECT
    message["Date"] = "Mon, 05 May 2025 08:00:00 +0200"
    message["Message-ID"] = our_message_id(name)
    message["Auto-Submitted"] = "auto-replied"
    message.set_content("Hej!\n\nTack, er anslutning är registrerad (Dnr 801-9838-2024).\n\nLänsstyrelsen Västra Götaland\n")
    return message.as_bytes()


def _headers_of(raw: bytes) -> bytes:
    return raw.split(b"\r\n\r\n", 1)[0] + b"\r\n"


# --- automatic replies ---------------------------------------------------------------------------

def exchange_out_of_office() -> bytes:
    ours = our_message_id("confirmation-lerum")
    mid = c.message_id("ooo-exchange", "exchange-online", "")
    date = "Mon, 05 May 2025 06:01:00 +0000"
    headers = c.via_board_mx("lerum.se", date) + c.outlook(
        c.address("Elin Andersson", "elin.andersson@lerum.se"), f"Automatiskt svar: {CONFIRMATION_SUBJECT}", mid, date,
        extra=(("In-Reply-To", ours), ("References", ours), ("Auto-Submitted", "auto-generated"),
               ("X-Auto-Response-Suppress", "All")))
    return render(headers, outlook_body("Jag är på semester till och med 2 juni.\n\nElin", banner=False), "_000_DB9PR07MB")


def exchange_inbox_rule_reply() -> bytes:
    ours = our_message_id("confirmation-boras")
    mid = c.message_id("inbox-rule", "exchange", "boras.se")
    date = "Mon, 05 May 2025 08:03:00 +0200"
    headers = c.via_board_mx("boras.se", date) + c.outlook(
        c.address("Funktionsbrevlåda Borås", "jamstalldhet@boras.se"), f"SV: {CONFIRMATION_SUBJECT}", mid, date,
        online=False, extra=(("In-Reply-To", ours), ("X-Auto-Response-Suppress", "All"),
                             ("X-MS-Exchange-Inbox-Rules-Loop", "jamstalldhet@boras.se")))
    return render(headers, text(plain("Tack för ditt mejl. Vi besvarar det inom fem arbetsdagar.", False)), "")


def gmail_vacation() -> bytes:
    ours = our_message_id("confirmation-hb")
    mid = c.message_id("vacation", "gmail", "")
    date = "Mon, 05 May 2025 08:05:00 +0200"
    headers = c.via_board_mx("hb.se", date) + c.gmail(
        c.address("Moa Lind", "moa.lind@hb.se"), f"Re: {CONFIRMATION_SUBJECT}", mid, date,
        extra=(("In-Reply-To", ours), ("References", ours), ("Auto-Submitted", "auto-replied")))
    return render(headers, multipart("alternative", text(plain("Jag är föräldraledig.", False)),
                                     text("<div>Jag är föräldraledig.</div>\n", "html")), "000000000000e5f6a7b8")


def franvaro_subject_only() -> bytes:
    mid = c.message_id("franvaro", "uuid", "skara.se")
    date = "Mon, 05 May 2025 08:07:00 +0200"
    headers = c.via_board_mx("skara.se", date) + c.thunderbird(
        c.address("Jon Sköld", "jon.skold@skara.se"), f"Frånvaro: {CONFIRMATION_SUBJECT}", mid, date)
    return render(headers, text(plain("Jag är borta till 12 maj.", False)), "")


def mailing_list_post() -> bytes:
    mid = c.message_id("list", "uuid", "vgregion.se")
    date = "Tue, 06 May 2025 10:00:00 +0200"
    list_headers = (("List-Id", "Jamstalldhetsnatverket <jamstalldhet.lists.vgregion.se>"),
                    ("List-Post", "<mailto:jamstalldhet@lists.vgregion.se>"),
                    ("List-Unsubscribe", "<mailto:jamstalldhet-leave@lists.vgregion.se>"),
                    ("Precedence", "list"), ("Sender", "jamstalldhet-bounces@lists.vgregion.se"))
    headers = c.via_board_mx("lists.vgregion.se", date) + c.thunderbird(
        c.address("Anna Kvist", "anna.kvist@vgregion.se"), "[jamstalldhet] Påminnelse om anslutning, Dnr 801-9838-2024",
        mid, date, to="jamstalldhet@lists.vgregion.se", extra=list_headers)
    return render(headers, text(plain("Glöm inte att skicka in blanketten till Länsstyrelsen.", False)), "")


def newsletter() -> bytes:
    mid = c.message_id("newsletter", "uuid", "skr.se")
    date = "Tue, 06 May 2025 12:00:00 +0200"
    headers = c.via_board_mx("skr.se", date) + c.thunderbird(
        "SKR Nyhetsbrev <nyhetsbrev@skr.se>", "Nyhetsbrev: jämställdhet i maj", mid, date,
        extra=(("List-Unsubscribe", "<https://skr.se/avregistrera?u=12ab>"), ("Precedence", "bulk")))
    return render(headers, multipart("alternative", text(plain("Nyheter i maj.", False)),
                                     text("<p>Nyheter i maj.</p>\n", "html")), "----=_NL_")


def no_reply_notice() -> bytes:
    mid = c.message_id("noreply", "uuid", "e-tjanst.boras.se")
    date = "Tue, 06 May 2025 13:00:00 +0200"
    headers = c.via_board_mx("boras.se", date) + c.thunderbird(
        "Borås Stad e-tjänst <no-reply@e-tjanst.boras.se>", "Kvittens: handling i ärende Dnr 801-9838-2024 mottagen",
        mid, date)
    return render(headers, text(plain("Din handling har tagits emot. Detta mejl går inte att svara på.", False)), "")


# --- delivery reports ------------------------------------------------------------------------------

def _dsn(recipient: str, action: str, status: str, diagnostic: str, mta: str) -> str:
    return (f"Reporting-MTA: dns; {mta}\nArrival-Date: Mon, 05 May 2025 08:00:02 +0200\n\n"
            f"Final-Recipient: rfc822; {recipient}\nOriginal-Recipient: rfc822;{recipient}\nAction: {action}\n"
            f"Status: {status}\nDiagnostic-Code: smtp; {diagnostic}\n")


def exchange_ndr() -> bytes:
    original = our_confirmation("confirmation-molndal", "henrik.bengtsson@molndal.se")
    mid = c.message_id("ndr", "exchange", "molndal.se")
    date = "Mon, 05 May 2025 08:00:05 +0200"
    sender = "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@molndal.se>"
    headers = c.via_board_mx("molndal.se", date, dmarc="none") + c.outlook(
        sender, f"Olevererbart: {CONFIRMATION_SUBJECT}", mid, date, online=False,
        extra=(("Auto-Submitted", "auto-replied"), ("X-MS-Exchange-Message-Is-Ndr", "")))
    human = outlook_body("Det gick inte att leverera till henrik.bengtsson@molndal.se.\n"
                         "Mottagarens adress finns inte.", banner=False)
    status = leaf("message/delivery-status", _dsn("henrik.bengtsson@molndal.se", "failed", "5.1.10",
                                                  "550 5.1.10 RESOLVER.ADR.RecipientNotFound", "EXCH01.molndal.se")
                  .encode(), "7bit")
    report = multipart("report", human, status, attached(original), params=";\n\treport-type=delivery-status")
    return render(headers, report, "_000_EXCH01NDR")


_POSTFIX_FAILED = ("This is the mail system at host mail.{0}.\n\nI'm sorry to have to inform you that your "
                   "message could not\nbe delivered to one or more recipients.\n")
_POSTFIX_DELAYED = ("This is the mail system at host mail.{0}.\n\n"
                    "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n")


def postfix_dsn(action: str = "failed") -> bytes:
    delayed = action == "delayed"
    name = "confirmation-ulricehamn" if not delayed else "confirmation-tidaholm"
    recipient = "kontakt@ulricehamn.se" if not delayed else "info@tidaholm.se"
    original = our_confirmation(name, recipient)
    domain = recipient.split("@")[1]
    mid = f"<20250505060{'9' if delayed else '1'}12.4ZbQ1x2Jz9@mail.{domain}>"
    date = "Mon, 05 May 2025 08:01:12 +0200" if not delayed else "Mon, 05 May 2025 12:09:12 +0200"
    subject = "Delayed Mail (still being retried)" if delayed else "Undelivered Mail Returned to Sender"
    headers = [("Return-Path", "<>"), *c.via_board_mx(domain, date, dmarc="none"), ("Date", date),
               ("From", f"MAILER-DAEMON@mail.{domain} (Mail Delivery System)"), ("Subject", subject),
               ("To", "vastragotaland@lansstyrelsen.se"), ("Auto-Submitted", "auto-replied"),
               ("MIME-Version", "1.0"), ("Message-Id", mid)]
    notice = text(_POSTFIX_DELAYED.format(domain) if delayed else _POSTFIX_FAILED.format(domain), cte="7bit",
                  charset="us-ascii")
    status = leaf("message/delivery-status", _dsn(recipient, action, "4.4.1" if delayed else "5.1.1",
                                                  "450 4.4.1 connect timed out" if delayed
                                                  else "550 5.1.1 User unknown", f"mail.{domain}").encode(), "")
    returned = leaf("text/rfc822-headers", _headers_of(original), "")
    report = multipart("report", notice, status, returned, params=";\n\treport-type=delivery-status")
    return render(headers, report, f"{mid[1:13]}.")


def postfix_delayed() -> bytes:
    return postfix_dsn("delayed")


# --- read receipts -----------------------------------------------------------------------------------

def outlook_read_receipt() -> bytes:
    ours = our_message_id("confirmation-alingsas")
    mid = c.message_id("read-receipt", "exchange", "alingsas.se")
    date = "Mon, 05 May 2025 09:00:00 +0200"
    headers = c.via_board_mx("alingsas.se", date) + c.outlook(
        c.address("Linnea Lindqvist", "linnea.lindqvist@alingsas.se"), f"Läst: {CONFIRMATION_SUBJECT}", mid, date,
        online=False, extra=(("In-Reply-To", ours), ("References", ours)))
    human = text(plain(f"Ditt meddelande\n\n  Ämne: {CONFIRMATION_SUBJECT}\n\nlästes måndag 2025-05-05 09:00.", False))
    notification = leaf("message/disposition-notification",
                        (f"Reporting-UA: EXCH01.alingsas.se; Microsoft Exchange Server\n"
                         f"Final-Recipient: rfc822;linnea.lindqvist@alingsas.se\nOriginal-Message-ID: {ours}\n"
                         "Disposition: manual-action/MDN-sent-manually; displayed\n").encode(), "7bit")
    report = multipart("report", human, notification, params=";\n\treport-type=disposition-notification")
    return render(headers, report, "_000_EXCH01MDN")


def thunderbird_read_receipt() -> bytes:
    ours = our_message_id("confirmation-bollebygd")
    original = our_confirmation("confirmation-bollebygd", "ola.tuv@bollebygd.se")
    mid = c.message_id("mdn-tb", "uuid", "bollebygd.se")
    date = "Mon, 05 May 2025 09:30:00 +0200"
    headers = c.via_board_mx("bollebygd.se", date) + c.thunderbird(
        c.address("Ola Tuv", "ola.tuv@bollebygd.se"), f"Mottagningskvitto (visat) - {CONFIRMATION_SUBJECT}", mid, date,
        extra=(("In-Reply-To", ours), ("References", ours)))
    human = text("Detta är ett mottagningskvitto för e-postmeddelandet du skickade.\n", cte="8bit")
    notification = leaf('message/disposition-notification; name="MDNPart2.txt"',
                        (f"Reporting-UA: bollebygd.se; Thunderbird 128.10.0\nFinal-Recipient: rfc822;ola.tuv@bollebygd.se\n"
                         f"Original-Message-ID: {ours}\nDisposition: manual-action/MDN-sent-manually; displayed\n").encode(),
                        "7bit", disposition="inline")
    returned = leaf('text/rfc822-headers; name="MDNPart3.txt"', _headers_of(original), "7bit", disposition="inline")
    report = multipart("report", human, notification, returned, params="; report-type=disposition-notification")
    return render(headers, report, "------------")


# --- calendar replies ----------------------------------------------------------------------------------

def _calendar(who: str, cn: str, partstat: str, extra_params: str = "") -> str:
    attendee = f"ATTENDEE;CN={cn};{extra_params}PARTSTAT={partstat}:mailto:{who}"
    folded = attendee[:70] + "\r\n " + attendee[70:]  # content lines are folded at 75 octets
    return ("BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n"
            "METHOD:REPLY\r\nBEGIN:VEVENT\r\n" + folded + "\r\n"
            "ORGANIZER:mailto:vastragotaland@lansstyrelsen.se\r\nDTSTART:20250513T080000Z\r\n"
            f"SUMMARY;LANGUAGE=sv-SE:{SESSION_SUBJECT}\r\nUID:{SESSION_UID}\r\nSEQUENCE:0\r\n"
            "DTSTAMP:20250506T101010Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def outlook_calendar_accept() -> bytes:
    mid = c.message_id("accept", "exchange-online", "")
    date = "Tue, 06 May 2025 10:10:10 +0000"
    headers = c.via_board_mx("harryda.se", date) + c.outlook(
        c.address("Holm, Sara", "sara.holm@harryda.se"), f"Accepterat: {SESSION_SUBJECT}", mid, date)
    calendar = leaf('text/calendar; charset="utf-8"; method=REPLY',
                    _calendar("sara.holm@harryda.se", '"Holm, Sara"', "ACCEPTED", "RSVP=TRUE;").encode(), "base64")
    body = multipart("alternative", text(plain("", False)), text("<html><body></body></html>\n", "html"), calendar)
    return render(headers, body, "_000_DB9PR07MB")


def gmail_calendar_decline() -> bytes:
    mid = c.message_id("decline", "gmail", "")
    date = "Tue, 06 May 2025 11:11:11 +0200"
    headers = c.via_board_mx("kungalv.se", date) + c.gmail(
        c.address("Olof Ek", "olof.ek@kungalv.se"), f"Avböjd inbjudan: {SESSION_SUBJECT}", mid, date)
    ical = _calendar("olof.ek@kungalv.se", "Olof Ek", "DECLINED", "CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;")
    alternative = multipart("alternative", text(plain("Olof Ek har tackat nej till inbjudan.", False)),
                            text("<div>Olof Ek har tackat nej.</div>\n", "html"),
                            leaf('text/calendar; charset="UTF-8"; method=REPLY', ical.encode(), "7bit"))
    invite = leaf('application/ics; name="invite.ics"', ical.encode(), disposition='attachment; filename="invite.ics"')
    return render(headers, multipart("mixed", alternative, invite), "000000000000f6a7b8c9")

