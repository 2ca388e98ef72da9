"""Messages people send that are not a usable form: the form as PDF, .doc, .odt or a scan;
questions; answers in a thread the bot started; mail that is not about a campaign."""

from __future__ import annotations

from tests.data.mail import clients as c
from tests.data.mail.kit import (
    BANNER,
    CONFIRMATION_SUBJECT,
    DOCX,
    VG,
    Part,
    jpeg,
    multipart,
    odt,
    our_message_id,
    pdf,
    render,
    stable_zip,
    text,
    word97,
)
from tests.data.mail.parts import apple_file, exchange_file, gmail_file, outlook_body, plain, thunderbird_file

DNR = "Dnr 801-9838-2024"
FORM_SUBJECT = f"Anslutningsblankett Jämställt Västra Götaland 2024–2027, {DNR}"
ASK_FOR_DOCX_SUBJECT = "Skicka blanketten som Word-fil: anslutning till Jämställt Västra Götaland 2024–2027, Dnr 801-9838-2024"


def _outlook(seed: str, who: tuple[str, str], subject: str, date: str, body: str, *files: Part,
             logo: bool = False, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    domain = who[1].split("@")[1]
    mid = c.message_id(seed, "exchange-online", "")
    headers = c.via_board_mx(domain, date) + c.outlook(c.address(*who), subject, mid, date, attach=bool(files),
                                                      extra=extra)
    content = outlook_body(body, logo=logo)
    return render(headers, multipart("mixed", content, *files) if files else content, "_004_DB9PR07MB")


# --- the form in another format ----------------------------------------------------------------

def outlook_pdf() -> bytes:
    return _outlook("ale-pdf", ("Kim Ny", "kim.ny@ale.se"), FORM_SUBJECT, "Mon, 28 Apr 2025 08:30:00 +0000",
                    "Hej,\n\nBlanketten som PDF.\n\nKim Ny\nAle kommun",
                    exchange_file("Anslutningsblankett Ale kommun.pdf", pdf("Anslutningsblankett"), "application/pdf"))


def legacy_word_doc() -> bytes:
    return _outlook("bengtsfors-doc", ("Bo Gran", "bo.gran@bengtsfors.se"), FORM_SUBJECT,
                    "Mon, 28 Apr 2025 09:40:00 +0000", "Hej,\n\nVi har bara Word 2003.\n\nBo Gran",
                    exchange_file("Anslutningsblankett Bengtsfors.doc", word97(), "application/msword"))


def thunderbird_odt() -> bytes:
    mid = c.message_id("dals-ed-odt", "uuid", "dals-ed.se")
    date = "Mon, 28 Apr 2025 11:11:11 +0200"
    headers = c.via_board_mx("dals-ed.se", date) + c.thunderbird(
        c.address("Alva Strand", "alva.strand@dals-ed.se"), FORM_SUBJECT, mid, date)
    files = thunderbird_file("Anslutningsblankett Dals-Ed (LibreOffice).odt", odt("Anslutningsblankett"),
                             "application/vnd.oasis.opendocument.text")
    return render(headers, multipart("mixed", text(plain("Hej!\n\nBlanketten i LibreOffice-format.\n\nAlva")), files),
                  "------------")


def iphone_jpeg_scan() -> bytes:
    mid = c.message_id("essunga-scan", "apple", "essunga.se")
    date = "Tue, 29 Apr 2025 21:03:12 +0200"
    headers = c.via_board_mx("essunga.se", date) + c.apple_mail(
        c.address("Nils Dahl", "nils.dahl@essunga.se"), FORM_SUBJECT, mid, date, iphone=True)
    body = multipart("mixed", text(plain("Hej, inskannad blankett.")), apple_file("IMG_0412.jpeg", jpeg(), "image/jpeg"),
                     text("\nSkickat från min iPhone\n"))
    return render(headers, body, "Apple-Mail-")


def pdf_named_docx() -> bytes:
    mid = c.message_id("grastorp", "gmail", "")
    date = "Tue, 29 Apr 2025 10:10:10 +0200"
    headers = c.via_board_mx("grastorp.se", date) + c.gmail(
        c.address("Eva Ros", "eva.ros@grastorp.se"), FORM_SUBJECT, mid, date)
    body = multipart("alternative", text(plain("Hej!\n\nBlanketten bifogas.")), text("<div>Blanketten bifogas.</div>\n", "html"))
    return render(headers, multipart("mixed", body, gmail_file("Anslutningsblankett Grästorp.docx", pdf("x"), DOCX)),
                  "000000000000d4e5f6a7")


# --- questions and answers ---------------------------------------------------------------------

def question_without_attachment() -> bytes:
    return _outlook("gullspang-question", ("Lisa Ek", "lisa.ek@gullspang.se"),
                    f"Fråga om anslutning, {DNR}", "Wed, 30 Apr 2025 08:00:00 +0000",
                    "Hej,\n\nMåste beslutet fattas av kommunstyrelsen, eller räcker det med KSAU?\n\nLisa Ek")


def question_with_signature_logo() -> bytes:
    return _outlook("hjo-question", ("Hans Berg", "hans.berg@hjo.se"), f"Fråga, {DNR}",
                    "Wed, 30 Apr 2025 09:00:00 +0000", "Hej,\n\nVar hittar vi blanketten?\n\nHans Berg\nHjo kommun",
                    logo=True)


def html_only_body_case_number() -> bytes:
    mid = c.message_id("gotene-webmail", "uuid", "munkedal.se")
    date = "Wed, 30 Apr 2025 10:00:00 +0200"
    headers = c.via_board_mx("munkedal.se", date) + c.thunderbird(
        c.address("Gun Alm", "gun.alm@munkedal.se"), "Fråga om informationsträffarna", mid, date)
    html = (f'<html><body><div style="background:#ffeb9c">{BANNER}</div><p>Hej!</p>'
            "<p>Gäller Dnr 801&ndash;9838&ndash;2024: kan vi anmäla oss till träffen i oktober?</p>"
            "<p>Gun Alm<br>Munkedals kommun</p></body></html>\n")
    return render(headers, text(html, "html"), "")


def thread_reply_to_confirmation() -> bytes:
    ours = our_message_id("confirmation-karlsborg")
    return _outlook("karlsborg-thread", ("Tor Lind", "tor.lind@karlsborg.se"), f"SV: {CONFIRMATION_SUBJECT}",
                    "Thu, 01 May 2025 08:00:00 +0000", "Hej,\n\nTack! Vi ser fram emot träffen.\n\nTor Lind",
                    extra=(("In-Reply-To", ours), ("References", ours)))


def thread_reply_subject_changed() -> bytes:
    ours = our_message_id("confirmation-lilla-edet")
    return _outlook("lilla-edet-thread", ("Ebba Rosén", "ebba.rosen@lillaedet.se"), "SV: Tack för bekräftelsen",
                    "Thu, 01 May 2025 09:00:00 +0000", "Hej,\n\nKontaktpersonen byts till mig från juni.\n\nEbba",
                    extra=(("In-Reply-To", ours), ("References", f"<e3e67e1dbb72fab799f1@lansstyrelsen.se> {ours}")))


def thread_reply_with_pdf() -> bytes:
    ours = our_message_id("ask-for-docx-lysekil")
    return _outlook("lysekil-thread", ("Åke Viberg", "ake.viberg@lysekil.se"), f"SV: {ASK_FOR_DOCX_SUBJECT}",
                    "Thu, 01 May 2025 10:00:00 +0000", "Hej,\n\nWord-filen får jag inte till, här är en ny PDF.\n\nÅke",
                    exchange_file("Blankett Lysekil.pdf", pdf("Lysekil"), "application/pdf"),
                    extra=(("In-Reply-To", ours), ("References", ours)))


# --- not ours ----------------------------------------------------------------------------------

def unknown_case_number_docx() -> bytes:
    return _outlook("unknown-case", ("Pia Sten", "pia.sten@orust.se"),
                    "Anslutningsblankett, Dnr 801-1111-2025", "Fri, 02 May 2025 08:00:00 +0000",
                    "Hej,\n\nBlankett bifogas.\n\nPia Sten",
                    exchange_file("Blankett.docx", _blank_vg_form(), DOCX))


def other_matter_in_subject() -> bytes:
    return _outlook("other-matter", ("Per Yilmaz", "per.yilmaz@alingsas.se"), "Yttrande i ärende Dnr 801-5520-2025",
                    "Fri, 02 May 2025 09:00:00 +0000",
                    "Hej,\n\nVårt yttrande (jfr även Dnr 801-9838-2024, där vi redan anslutit oss).\n\nPer",
                    exchange_file("Yttrande.pdf", pdf("Yttrande"), "application/pdf"))


def personal_no_case_number() -> bytes:
    mid = "<ad1334dac80fc8d9221c.1793@lansstyrelsen.se>"
    date = "Fri, 02 May 2025 10:00:00 +0200"
    headers = [("From", "=?utf-8?q?Bj=C3=B6rn_Sj=C3=B6berg?= <bjorn.sjoberg@lansstyrelsen.se>"),
               ("To", "vastragotaland@lansstyrelsen.se"), ("Subject", "Lunch?"), ("Date", date), ("Message-ID", mid),
               ("MIME-Version", "1.0")]
    return render(headers, text("Hej!\n\nLunch kl. 12 i dag?\n\n/Björn\n"), "")


def phone_number_lookalike() -> bytes:
    return _outlook("phone", ("Stig Ek", "stig.ek@tanum.se"), "Ring mig om anslutningen",
                    "Fri, 02 May 2025 11:00:00 +0000",
                    "Hej,\n\nRing mig på +46 701-234-2024 eller 0525-180 20 24 (vxl 0525-18 000).\n\nStig\nTanums kommun")


def _blank_vg_form() -> bytes:
    return stable_zip(VG.form_path.read_bytes())  # type: ignore[union-attr]
