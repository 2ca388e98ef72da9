"""A corpus of messages as real clients and servers produce them, with what must become of each.

Each row names a builder (tests/data/mail/: people.py forms, questions.py everything else a
person sends, machines.py what servers send) and the expected result at every level:

    campaign, found_in  routing: the campaign key, or None when the message is not ours;
                        "subject" | "body" | "attachment" as parsers.route finds it, "thread"
                        when only In-Reply-To/References to a reply of ours tie it to the
                        campaign (the bot routes those by its outbox), "" when not ours
    kind                parsers.classify.Kind value
    outcome             what the bot records: registered | incomplete | needs_review | answered |
                        correspondence | automatic (auto-replies, lists, read receipts) | bounce |
                        calendar_reply | not_ours (left untouched in the mailbox)
    reply               "none" | "one": replies the bot queues for the message
    files               (name, format, origin) of each attachment, as parsers.mime.message reads them
    dmarc               the verdict of AUTHSERV_ID's Authentication-Results
    bounced, partstat   for bounces the Message-ID bounced, for calendar replies the answer

``our_message_ids`` are the Message-IDs the corpus treats as sent by the bot; a run that
wants bounces and thread replies tied to replies must know them (e.g. as outbox rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.data.mail import machines as m
from tests.data.mail import people as p
from tests.data.mail import questions as q
from tests.data.mail.kit import AUTHSERV_ID, our_message_id

__all__ = ["AUTHSERV_ID", "CORPUS", "CorpusCase", "our_message_ids"]

VG = "jamstallt-vg-2024-2027"
VM = "jamstallt-vastmanland-2024-2027"
DOCX_FILE = "docx"


@dataclass(frozen=True)
class CorpusCase:
    id: str
    client: str
    build: Callable[[], bytes]
    campaign: str | None
    found_in: str
    kind: str
    outcome: str
    reply: str
    files: tuple[tuple[str, str, str], ...] = ()
    dmarc: str = "pass"
    bounced: str = ""
    partstat: str = ""


def _form(id: str, client: str, build: Callable[[], bytes], name: str, found_in: str = "subject",
          origin: str = "top", campaign: str = VG, outcome: str = "registered", reply: str = "one",
          dmarc: str = "pass") -> CorpusCase:
    return CorpusCase(id, client, build, campaign, found_in, "form", outcome, reply, ((name, "docx", origin),), dmarc)


CORPUS: tuple[CorpusCase, ...] = (
    # --- forms, from every kind of client --------------------------------------------------------
    _form("outlook-form-logo", "Outlook (Exchange Online)", p.outlook_form_with_logo,
          "Anslutningsblankett Härryda kommun.docx"),
    _form("outlook-winmail-dat", "Outlook (Exchange, rich text)", p.outlook_winmail_dat,
          "Anslutningsblankett Kungälvs kommun.docx", origin="tnef"),
    CorpusCase("relay-winmail-octet", "Outlook via relay (winmail.dat as octet-stream)", p.gateway_winmail_octet, VG,
               "subject", "form", "registered", "one",
               (("Anslutningsblankett Sotenäs.docx", "docx", "tnef"), ("Protokollsutdrag KS § 44.pdf", "pdf", "tnef"))),
    _form("gmail-form", "Gmail", p.gmail_form, "Anslutningsblankett Partille.docx"),
    _form("gmail-dnr-in-body", "Gmail", p.gmail_case_number_in_body, "Anslutningsblankett Tjörns kommun.docx",
          found_in="body"),
    _form("thunderbird-rfc2231", "Thunderbird", p.thunderbird_rfc2231_continuation,
          "Anslutningsblankett Götene kommun – underskriven version.docx"),
    _form("apple-mail-inline", "Apple Mail", p.apple_mail_inline_docx, "Anslutningsblankett Öckerö.docx"),
    _form("notes-rfc2047-name", "HCL Notes", p.notes_rfc2047_filename, "Anslutningsblankett Åmåls kommun.docx"),
    _form("name-parameter-only", "Thunderbird (name= only)", p.name_parameter_only, "Anslutning Vara.docx"),
    _form("registrar-forward-attached", "Outlook (registrar, forward as attachment)", p.registrar_forward_attached,
          "Anslutningsblankett Uddevalla.docx", found_in="body", origin="forwarded"),
    _form("registrar-forward-inline", "Outlook (registrar, inline forward)", p.registrar_forward_inline,
          "Anslutningsblankett Trollhattan.docx", found_in="body"),
    _form("smime-signed", "Outlook (S/MIME signed)", p.smime_signed_form, "Anslutningsblankett Polisen.docx"),
    _form("dnr-only-in-docx", "Outlook (Exchange Online)", p.case_number_only_in_docx, "Blankett Lidkoping.docx",
          found_in="attachment"),
    _form("en-dash-reply", "Outlook (Exchange Online)", p.en_dash_reply_to_invitation,
          "Anslutningsblankett Mariestad.docx"),
    _form("dnr-colon-nbsp", "Outlook on the web", p.dnr_colon_spaced_dashes, "Anslutningsblankett Mark.docx"),
    _form("arende-nb-hyphen", "Outlook for Mac", p.arende_non_breaking_hyphens, "Anslutningsblankett Stenungsund.docx"),
    _form("docx-named-doc", "Outlook (Exchange)", p.docx_named_doc, "Anslutningsblankett Tranemo.doc"),
    _form("vastmanland-form", "Outlook (Exchange)", p.vastmanland_form, "Anslutningsblankett Sala.docx", campaign=VM),
    _form("incomplete-form", "Gmail", p.incomplete_form, "Anslutningsblankett Vänersborg.docx", outcome="incomplete"),
    _form("dmarc-fail", "Thunderbird (spoofed sender)", p.dmarc_fail_form, "Anslutningsblankett Falköping.docx",
          outcome="needs_review", reply="none", dmarc="fail"),
    _form("dmarc-forged-fail", "Thunderbird", p.dmarc_pass_forged_fail, "Anslutningsblankett Herrljunga.docx"),
    # --- the form in another format: a person looks, the sender is asked for the .docx -----------------
    CorpusCase("outlook-pdf", "Outlook (Exchange Online)", q.outlook_pdf, VG, "subject", "other_attachment",
               "needs_review", "one", (("Anslutningsblankett Ale kommun.pdf", "pdf", "top"),)),
    CorpusCase("legacy-doc", "Outlook (Exchange Online)", q.legacy_word_doc, VG, "subject", "other_attachment",
               "needs_review", "one", (("Anslutningsblankett Bengtsfors.doc", "doc", "top"),)),
    CorpusCase("thunderbird-odt", "Thunderbird", q.thunderbird_odt, VG, "subject", "other_attachment",
               "needs_review", "one", (("Anslutningsblankett Dals-Ed (LibreOffice).odt", "odt", "top"),)),
    CorpusCase("iphone-jpeg-scan", "Apple Mail (iPhone)", q.iphone_jpeg_scan, VG, "subject", "other_attachment",
               "needs_review", "one", (("IMG_0412.jpeg", "image", "top"),)),
    CorpusCase("pdf-named-docx", "Gmail", q.pdf_named_docx, VG, "subject", "other_attachment", "needs_review", "one",
               (("Anslutningsblankett Grästorp.docx", "pdf", "top"),)),
    # --- questions and answers in threads ------------------------------------------------------------
    CorpusCase("question", "Outlook (Exchange Online)", q.question_without_attachment, VG, "subject",
               "no_attachment", "answered", "one"),
    CorpusCase("question-logo", "Outlook (Exchange Online, signature logo)", q.question_with_signature_logo, VG,
               "subject", "no_attachment", "answered", "one"),
    CorpusCase("html-only-dnr-in-body", "Webmail (HTML only)", q.html_only_body_case_number, VG, "body",
               "no_attachment", "answered", "one"),
    CorpusCase("thread-reply", "Outlook (Exchange Online)", q.thread_reply_to_confirmation, VG, "subject",
               "thread_reply", "correspondence", "none"),
    CorpusCase("thread-reply-new-subject", "Outlook (Exchange Online)", q.thread_reply_subject_changed, VG, "thread",
               "thread_reply", "correspondence", "none"),
    CorpusCase("thread-reply-pdf", "Outlook (Exchange Online)", q.thread_reply_with_pdf, VG, "subject",
               "thread_reply", "correspondence", "none", (("Blankett Lysekil.pdf", "pdf", "top"),)),
    # --- automatic mail ---------------------------------------------------------------------------------
    CorpusCase("exchange-ooo", "Exchange Online (out of office)", m.exchange_out_of_office, VG, "subject",
               "automatic", "automatic", "none"),
    CorpusCase("exchange-inbox-rule", "Exchange (inbox rule reply)", m.exchange_inbox_rule_reply, VG, "subject",
               "automatic", "automatic", "none"),
    CorpusCase("gmail-vacation", "Gmail (vacation responder)", m.gmail_vacation, VG, "subject", "automatic",
               "automatic", "none"),
    CorpusCase("franvaro-subject", "Thunderbird (auto-reply filter)", m.franvaro_subject_only, VG, "subject",
               "automatic", "automatic", "none"),
    CorpusCase("mailing-list", "Mailman list", m.mailing_list_post, VG, "subject", "automatic", "automatic", "none"),
    CorpusCase("no-reply-notice", "municipal e-service", m.no_reply_notice, VG, "subject", "automatic", "automatic",
               "none"),
    CorpusCase("newsletter", "newsletter tool", m.newsletter, None, "", "automatic", "not_ours", "none"),
    # --- reports -------------------------------------------------------------------------------------------
    CorpusCase("exchange-ndr", "Exchange (NDR)", m.exchange_ndr, VG, "subject", "bounce", "bounce", "none",
               dmarc="none", bounced=our_message_id("confirmation-molndal")),
    CorpusCase("postfix-dsn", "Postfix (DSN, headers only)", m.postfix_dsn, VG, "body", "bounce", "bounce", "none",
               dmarc="none", bounced=our_message_id("confirmation-ulricehamn")),
    CorpusCase("postfix-delayed", "Postfix (delay warning)", m.postfix_delayed, VG, "body", "bounce", "bounce", "none",
               dmarc="none", bounced=our_message_id("confirmation-tidaholm")),
    CorpusCase("outlook-read-receipt", "Outlook (read receipt)", m.outlook_read_receipt, VG, "subject",
               "read_receipt", "automatic", "none"),
    CorpusCase("thunderbird-read-receipt", "Thunderbird (MDN)", m.thunderbird_read_receipt, VG, "subject",
               "read_receipt", "automatic", "none", (("MDNPart3.txt", "other", "top"),)),
    CorpusCase("calendar-accept", "Outlook (meeting response)", m.outlook_calendar_accept, VG, "subject",
               "calendar_reply", "calendar_reply", "none", partstat="ACCEPTED"),
    CorpusCase("calendar-decline", "Gmail (Google Calendar)", m.gmail_calendar_decline, VG, "subject",
               "calendar_reply", "calendar_reply", "none", (("invite.ics", "other", "top"),), partstat="DECLINED"),
    # --- not ours: never fetched beyond headers and structure, never touched ------------------------------
    CorpusCase("unknown-case-number", "Outlook (Exchange Online)", q.unknown_case_number_docx, None, "", "form",
               "not_ours", "none", (("Blankett.docx", "docx", "top"),)),
    CorpusCase("other-matter", "Outlook (Exchange Online)", q.other_matter_in_subject, None, "", "other_attachment",
               "not_ours", "none", (("Yttrande.pdf", "pdf", "top"),)),
    CorpusCase("personal", "Outlook (internal)", q.personal_no_case_number, None, "", "no_attachment", "not_ours",
               "none", dmarc="none"),
    CorpusCase("phone-lookalike", "Outlook (Exchange Online)", q.phone_number_lookalike, None, "", "no_attachment",
               "not_ours", "none"),
)


our_message_ids: frozenset[str] = frozenset(our_message_id(name) for name in (
    "confirmation-karlsborg", "confirmation-lilla-edet", "ask-for-docx-lysekil", "confirmation-lerum",
    "confirmation-boras", "confirmation-hb", "confirmation-molndal", "confirmation-ulricehamn",
    "confirmation-tidaholm", "confirmation-alingsas", "confirmation-bollebygd"))
