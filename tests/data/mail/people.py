"""Messages people send: forms from every kind of client, forwarded by registrars, signed,
in winmail.dat; the form in the wrong format; questions; answers to the bot's replies."""

from __future__ import annotations

from parsers.model import FormStyle
from tests.data.mail import clients as c
from tests.data.mail.kit import BOARD_VM, VM, attached, form, leaf, multipart, org, pdf, render, text, tnef
from tests.data.mail.parts import (
    apple_file,
    exchange_file,
    gmail_file,
    name_only_file,
    outlook_body,
    plain,
    signature,
    thunderbird_file,
)

DNR = "Dnr 801-9838-2024"
TITLE = "Jämställt Västra Götaland 2024–2027"
FORM_SUBJECT = f"Anslutningsblankett {TITLE}, {DNR}"

HARRYDA = org("Härryda kommun", "212000-4474", "Sara Holm", "sara.holm@harryda.se", (3, 4), ("info-2025-04-17",))
KUNGALV = org("Kungälvs kommun", "212000-8392", "Olof Ek", "olof.ek@kungalv.se", (5,), ("info-2025-05-13",))
PARTILLE = org("Partille kommun", "212000-8129", "Maria Sund", "maria.sund@partille.se", (1, 2), (), style=FormStyle.LEGACY_FIELDS)
TJORN = org("Tjörns kommun", "212000-0571", "Per Dahl", "per.dahl@tjorn.se", (7,), ("info-2025-10-07",), style=FormStyle.TYPED_MARKS)
GOTENE = org("Götene kommun", "212000-0282", "Lena Berg", "lena.berg@gotene.se", (9, 10), ("info-2025-05-13",))
OCKERO = org("Öckerö kommun", "212000-2569", "Åsa Nyström", "asa.nystrom@ockero.se", (11,), (), style=FormStyle.DELETED_ROWS)
AMAL = org("Åmåls kommun", "212000-9655", "Jan Ström", "jan.strom@amal.se", (12, 13), ("info-2025-04-17",))
VARA = org("Vara kommun", "212000-0563", "Eva Lund", "eva.lund@vara.se", (14,), ("info-2025-10-07",), style=FormStyle.RETYPED)
UDDEVALLA = org("Uddevalla kommun", "212000-0803", "Nils Ek", "nils.ek@uddevalla.se", (2, 6), ("info-2025-05-13",))
TROLLHATTAN = org("Trollhättans stad", "212000-8848", "Karin Ljung", "karin.ljung@trollhattan.se", (8,), ())
POLISEN = org("Polismyndigheten region Väst", "202100-0720", "Jonas Falk", "jonas.falk@polisen.se", (15,), (),
              style=FormStyle.LEGACY_FIELDS)
LIDKOPING = org("Lidköpings kommun", "212000-7311", "Anders Wik", "anders.wik@lidkoping.se", (1,), ("info-2025-04-17",))
MARIESTAD = org("Mariestads kommun", "212000-7436", "Britt Ahl", "britt.ahl@mariestad.se", (3,), (),
                style=FormStyle.TYPED_MARKS)
MARK = org("Marks kommun", "212000-3567", "Ida Fors", "ida.fors@mark.se", (4, 5), ("info-2025-05-13",))
STENUNGSUND = org("Stenungsunds kommun", "212000-7576", "Tove Rask", "tove.rask@stenungsund.se", (6,), ())
TRANEMO = org("Tranemo kommun", "212000-8558", "Leo Hed", "leo.hed@tranemo.se", (7, 8), ("info-2025-10-07",))
SALA = org("Sala kommun", "212000-1124", "Mira Alm", "mira.alm@sala.se", (2, 5), ("vm-info-2025-09-18",), campaign=VM,
           style=FormStyle.LEGACY_FIELDS)
VANERSBORG = org("Vänersborgs kommun", "212000-7337", "Siv Holt", "siv.holt@vanersborg.se", (), ())
FALKOPING = org("Falköpings kommun", "212000-2536", "Ali Demir", "ali.demir@falkoping.se", (9,), ())
HERRLJUNGA = org("Herrljunga kommun", "212000-1751", "Ulla Bro", "ulla.bro@herrljunga.se", (10,), ())
SOTENAS = org("Sotenäs kommun", "212000-4763", "Rut Sjö", "rut.sjo@sotenas.se", (11,), ())


def _form_mail(sender: str, body: str) -> str:
    return f"Hej,\n\n{body}\n\n{signature(sender, 'Jämställdhetsstrateg', '', '010-123 45 67')}"


# --- forms ---------------------------------------------------------------------------------

def outlook_form_with_logo() -> bytes:
    mid = c.message_id("outlook-logo", "exchange-online", "")
    date = "Mon, 07 Apr 2025 10:04:14 +0000"
    headers = c.via_board_mx("harryda.se", date) + c.outlook(
        c.address("Holm, Sara", "sara.holm@harryda.se"), FORM_SUBJECT, mid, date, attach=True)
    body = outlook_body(_form_mail("Sara Holm", "Bifogat finns Härryda kommuns anslutningsblankett."), logo=True)
    files = exchange_file("Anslutningsblankett Härryda kommun.docx", form(HARRYDA))
    return render(headers, multipart("mixed", body, files), "_004_DB9PR07MB")


def outlook_winmail_dat() -> bytes:
    mid = c.message_id("winmail", "exchange", "kungalv.se")
    date = "Tue, 08 Apr 2025 09:12:40 +0200"
    headers = c.via_board_mx("kungalv.se", date) + c.outlook(
        c.address("Olof Ek", "olof.ek@kungalv.se"), FORM_SUBJECT, mid, date, attach=True, online=False)
    packed = tnef([("ANSLUT~1.DOC", "Anslutningsblankett Kungälvs kommun.docx", form(KUNGALV))])
    dat = leaf('application/ms-tnef; name="winmail.dat"', packed, disposition='attachment; filename="winmail.dat"')
    body = text(plain(_form_mail("Olof Ek", "Här kommer vår anslutningsblankett.")))
    return render(headers, multipart("mixed", body, dat), "_000_EXCH01")


def gateway_winmail_octet() -> bytes:
    """A relay that relabels winmail.dat as application/octet-stream; the name still tells."""
    mid = c.message_id("winmail-octet", "exchange", "sotenas.se")
    date = "Tue, 08 Apr 2025 13:30:02 +0200"
    headers = c.via_board_mx("sotenas.se", date) + c.outlook(
        c.address("Rut Sjö", "rut.sjo@sotenas.se"), FORM_SUBJECT, mid, date, attach=True, online=False)
    packed = tnef([("ANSLUT~1.DOC", "Anslutningsblankett Sotenäs.docx", form(SOTENAS)),
                   ("PROTOK~1.PDF", "Protokollsutdrag KS § 44.pdf", pdf("Protokollsutdrag"))])
    dat = leaf('application/octet-stream; name="winmail.dat"', packed, disposition='attachment; filename="winmail.dat"')
    body = text(plain(_form_mail("Rut Sjö", "Blankett och protokollsutdrag bifogas.")))
    return render(headers, multipart("mixed", body, dat), "_000_EXCH02")


def gmail_form() -> bytes:
    mid = c.message_id("gmail-form", "gmail", "")
    date = "Wed, 9 Apr 2025 14:22:05 +0200"
    headers = c.via_board_mx("partille.se", date) + c.gmail(
        c.address("Maria Sund", "maria.sund@partille.se"), FORM_SUBJECT, mid, date)
    body = multipart("alternative", text(plain(_form_mail("Maria Sund", "Partille kommun ansluter sig."))),
                     text('<div dir="ltr">Hej,<div><br></div><div>Partille kommun ansluter sig.</div></div>\n', "html"))
    files = gmail_file("Anslutningsblankett Partille.docx", form(PARTILLE))
    return render(headers, multipart("mixed", body, files), "000000000000a1b2c3d4")


def gmail_case_number_in_body() -> bytes:
    mid = c.message_id("gmail-body", "gmail", "")
    date = "Wed, 9 Apr 2025 16:40:11 +0200"
    headers = c.via_board_mx("tjorn.se", date) + c.gmail(
        c.address("Per Dahl", "per.dahl@tjorn.se"), "Anslutningsblankett Tjörns kommun", mid, date)
    words = f"Vår blankett för anslutning, ert {DNR}, bifogas."
    body = multipart("alternative", text(plain(_form_mail("Per Dahl", words))),
                     text('<div dir="ltr">Hej,<br><br>Vår blankett för anslutning, ert Dnr 801&#8211;9838&#8211;2024, '
                          "bifogas.</div>\n", "html"))
    files = gmail_file("Anslutningsblankett Tjörns kommun.docx", form(TJORN))
    return render(headers, multipart("mixed", body, files), "000000000000b2c3d4e5")


def thunderbird_rfc2231_continuation() -> bytes:
    mid = c.message_id("thunderbird", "uuid", "gotene.se")
    date = "Thu, 10 Apr 2025 08:15:33 +0200"
    headers = c.via_board_mx("gotene.se", date) + c.thunderbird(
        c.address("Lena Berg", "lena.berg@gotene.se"), "Anslutning, Dnr: 801-9838-2024", mid, date)
    body = text(plain(_form_mail("Lena Berg", "Götene kommuns blankett bifogas.")), params="; format=flowed",
                cte="8bit")
    files = thunderbird_file("Anslutningsblankett Götene kommun – underskriven version.docx", form(GOTENE))
    return render(headers, multipart("mixed", body, files), "------------")


def apple_mail_inline_docx() -> bytes:
    mid = c.message_id("apple", "apple", "ockero.se")
    date = "Thu, 10 Apr 2025 19:02:47 +0200"
    headers = c.via_board_mx("ockero.se", date) + c.apple_mail(
        c.address("Åsa Nyström", "asa.nystrom@ockero.se", q=True), "Diarienummer 801-9838-2024 – anslutning Öckerö",
        mid, date, extra=(("Content-Transfer-Encoding", "7bit"),))
    body = multipart("mixed", text(plain("Hej!\n\nHär är vår blankett.")),
                     apple_file("Anslutningsblankett Öckerö.docx", form(OCKERO)),
                     text("\nHälsningar\nÅsa Nyström\nÖckerö kommun\n"))
    return render(headers, body, "Apple-Mail=_5E2B7C1A-")


def notes_rfc2047_filename() -> bytes:
    mid = c.message_id("notes", "uuid", "amal.se")
    date = "Fri, 11 Apr 2025 11:47:00 +0200"
    headers = c.via_board_mx("amal.se", date) + c.notes(
        c.address("Jan Ström", "jan.strom@amal.se"), f"Anslutningsblankett Jämställt Västra Götaland, {DNR}", mid, date)
    shown = "=?ISO-8859-1?Q?Anslutningsblankett_=C5m=E5ls_kommun=2Edocx?="
    files = leaf(f'application/octet-stream; name="{shown}"', form(AMAL), disposition=f'attachment; filename="{shown}"')
    body = text(plain(_form_mail("Jan Ström", "Bifogar blanketten.")), charset="iso-8859-1")
    return render(headers, multipart("mixed", body, files), "=_alternative 0040E1C2C1258C")


def name_parameter_only() -> bytes:
    mid = c.message_id("name-only", "uuid", "vara.se")
    date = "Fri, 11 Apr 2025 15:05:19 +0200"
    headers = c.via_board_mx("vara.se", date) + c.thunderbird(
        c.address("Eva Lund", "eva.lund@vara.se"), FORM_SUBJECT, mid, date)
    body = text(plain(_form_mail("Eva Lund", "Blanketten, omskriven i eget dokument.")))
    return render(headers, multipart("mixed", body, name_only_file("Anslutning Vara.docx", form(VARA))), "----=_NextPart_")


def registrar_forward_attached() -> bytes:
    """The registrar forwards the original as an attachment; only the original names the case."""
    inner_mid = c.message_id("uddevalla-original", "exchange", "uddevalla.se")
    inner_date = "Mon, 14 Apr 2025 07:58:00 +0200"
    inner_headers = c.outlook(c.address("Nils Ek", "nils.ek@uddevalla.se"), FORM_SUBJECT, inner_mid, inner_date,
                              to="Registrator Uddevalla <registrator@uddevalla.se>", attach=True, online=False)
    inner = render(inner_headers, multipart("mixed", text(plain(_form_mail("Nils Ek", "Till Länsstyrelsen."), False)),
                                            exchange_file("Anslutningsblankett Uddevalla.docx", form(UDDEVALLA))),
                   "_002_EXCH01")
    mid = c.message_id("uddevalla-forward", "exchange", "uddevalla.se")
    date = "Mon, 14 Apr 2025 09:30:12 +0200"
    headers = c.via_board_mx("uddevalla.se", date) + c.outlook(
        c.address("Registrator Uddevalla", "registrator@uddevalla.se"), "VB: Anslutningsblankett", mid, date,
        attach=True, online=False)
    note = text(plain("Hej,\n\nVidarebefordrar enligt nedan för registrering hos er.\n\nRegistrator\nUddevalla kommun"))
    return render(headers, multipart("mixed", note, attached(inner, 'attachment; filename="Anslutningsblankett.eml"')),
                  "_003_EXCH01")


def registrar_forward_inline() -> bytes:
    mid = c.message_id("trollhattan-forward", "exchange-online", "")
    date = "Tue, 15 Apr 2025 10:11:12 +0000"
    headers = c.via_board_mx("trollhattan.se", date) + c.outlook(
        c.address("Registrator Trollhättans stad", "registrator@trollhattan.se"),
        f"VB: Anslutning till {TITLE}", mid, date, attach=True)
    quoted = ("Hej,\n\nFör kännedom och registrering.\n\nRegistrator\nTrollhättans stad\n\n"
              "Från: Karin Ljung <karin.ljung@trollhattan.se>\nSkickat: den 14 april 2025 16:02\n"
              "Till: Registrator <registrator@trollhattan.se>\n"
              f"Ämne: Anslutning till {TITLE}, Dnr 801–9838–2024\n\nHej, blanketten bifogas.\n\nKarin Ljung")
    files = exchange_file("Anslutningsblankett Trollhattan.docx", form(TROLLHATTAN))
    return render(headers, multipart("mixed", outlook_body(quoted), files), "_004_DB9PR07MB")


def smime_signed_form() -> bytes:
    mid = c.message_id("smime", "exchange", "polisen.se")
    date = "Wed, 16 Apr 2025 13:45:50 +0200"
    headers = c.via_board_mx("polisen.se", date) + c.outlook(
        c.address("Falk Jonas", "jonas.falk@polisen.se"), FORM_SUBJECT, mid, date, attach=True, online=False)
    content = multipart("mixed", text(plain(_form_mail("Jonas Falk", "Polismyndigheten region Väst ansluter sig."))),
                        exchange_file("Anslutningsblankett Polisen.docx", form(POLISEN)))
    signature_part = leaf('application/pkcs7-signature; name="smime.p7s"', b"0\x82\x0b\x1a\x06\t*\x86H\x86\xf7\r\x01\x07\x02"
                          + bytes(200), disposition='attachment; filename="smime.p7s"')
    signed = multipart("signed", content, signature_part,
                       params=';\n\tprotocol="application/pkcs7-signature";\n\tmicalg=sha-256')
    return render(headers, signed, "----=_NextPart_000_")


def case_number_only_in_docx() -> bytes:
    mid = c.message_id("lidkoping", "exchange-online", "")
    date = "Thu, 17 Apr 2025 08:08:08 +0000"
    headers = c.via_board_mx("lidkoping.se", date) + c.outlook(
        c.address("Anders Wik", "anders.wik@lidkoping.se"), "Anslutningsblankett", mid, date, attach=True)
    body = outlook_body(_form_mail("Anders Wik", "Se bifogad fil."))
    return render(headers, multipart("mixed", body, exchange_file("Blankett Lidkoping.docx", form(LIDKOPING))),
                  "_004_DB9PR07MB")


def en_dash_reply_to_invitation() -> bytes:
    mid = c.message_id("mariestad", "exchange-online", "")
    date = "Thu, 17 Apr 2025 12:30:00 +0000"
    invitation = "<e3e67e1dbb72fab799f1@lansstyrelsen.se>"  # sent by staff, not by the bot
    headers = c.via_board_mx("mariestad.se", date) + c.outlook(
        c.address("Britt Ahl", "britt.ahl@mariestad.se"), f"SV: Välkommen att ansluta er till {TITLE} (Dnr 801–9838–2024)",
        mid, date, attach=True, extra=(("In-Reply-To", invitation), ("References", invitation)))
    body = outlook_body(_form_mail("Britt Ahl", "Se bifogad blankett."))
    return render(headers, multipart("mixed", body, exchange_file("Anslutningsblankett Mariestad.docx", form(MARIESTAD))),
                  "_004_DB9PR07MB")


def dnr_colon_spaced_dashes() -> bytes:
    mid = c.message_id("mark", "exchange-online", "")
    date = "Fri, 18 Apr 2025 09:00:01 +0000"
    headers = c.via_board_mx("mark.se", date) + c.outlook(
        c.address("Ida Fors", "ida.fors@mark.se"), "dnr:801\u00a0-\u00a09838\u00a0-\u00a02024 anslutningsblankett",
        mid, date, attach=True)
    body = outlook_body(_form_mail("Ida Fors", "Marks kommuns blankett."))
    return render(headers, multipart("mixed", body, exchange_file("Anslutningsblankett Mark.docx", form(MARK))),
                  "_004_DB9PR07MB")


def arende_non_breaking_hyphens() -> bytes:
    mid = c.message_id("stenungsund", "apple", "stenungsund.se")
    date = "Fri, 18 Apr 2025 14:14:14 +0200"
    headers = c.via_board_mx("stenungsund.se", date) + c.outlook(
        c.address("Tove Rask", "tove.rask@stenungsund.se"), "Ärende 801\u20119838\u20112024: anslutning", mid, date,
        attach=True, extra=(("X-Mailer", "Microsoft Outlook 16.0 (Mac)"),))
    body = outlook_body(_form_mail("Tove Rask", "Blanketten bifogas."), banner=False)
    return render(headers, multipart("mixed", body, exchange_file("Anslutningsblankett Stenungsund.docx",
                                                                  form(STENUNGSUND))), "_004_DB9PR07MB")


def docx_named_doc() -> bytes:
    mid = c.message_id("tranemo", "exchange", "tranemo.se")
    date = "Sat, 19 Apr 2025 10:20:30 +0200"
    headers = c.via_board_mx("tranemo.se", date) + c.outlook(
        c.address("Leo Hed", "leo.hed@tranemo.se"), FORM_SUBJECT, mid, date, attach=True, online=False)
    body = text(plain(_form_mail("Leo Hed", "Blanketten (sparad som .doc).")))
    return render(headers, multipart("mixed", body, exchange_file("Anslutningsblankett Tranemo.doc", form(TRANEMO),
                                                                  "application/msword")), "_000_EXCH01")


def vastmanland_form() -> bytes:
    mid = c.message_id("sala", "exchange", "sala.se")
    date = "Mon, 22 Apr 2025 10:00:00 +0200"
    headers = c.via_board_mx("sala.se", date) + c.outlook(
        c.address("Mira Alm", "mira.alm@sala.se"), "Anslutningsblankett Ett jämställt Västmanland, Dnr 801-2231-2024",
        mid, date, to=BOARD_VM, attach=True, online=False)
    body = text(plain(_form_mail("Mira Alm", "Sala kommun ansluter sig.")))
    return render(headers, multipart("mixed", body, exchange_file("Anslutningsblankett Sala.docx", form(SALA))),
                  "_000_EXCH01")


def incomplete_form() -> bytes:
    mid = c.message_id("vanersborg", "gmail", "")
    date = "Tue, 22 Apr 2025 15:16:17 +0200"
    headers = c.via_board_mx("vanersborg.se", date) + c.gmail(
        c.address("Siv Holt", "siv.holt@vanersborg.se"), FORM_SUBJECT, mid, date)
    body = multipart("alternative", text(plain(_form_mail("Siv Holt", "Blanketten bifogas."))),
                     text('<div dir="ltr">Blanketten bifogas.</div>\n', "html"))
    return render(headers, multipart("mixed", body, gmail_file("Anslutningsblankett Vänersborg.docx", form(VANERSBORG))),
                  "000000000000c3d4e5f6")


def dmarc_fail_form() -> bytes:
    """Our border MX says DMARC failed; a header the sender wrote claims it passed."""
    mid = c.message_id("falkoping", "uuid", "falkoping.se")
    date = "Wed, 23 Apr 2025 03:12:44 +0200"
    forged = ("Authentication-Results", "mail.falkoping.se; dkim=pass header.d=falkoping.se; dmarc=pass header.from=falkoping.se")
    headers = c.via_board_mx("falkoping.se", date, dmarc="fail") + [forged] + c.thunderbird(
        c.address("Ali Demir", "ali.demir@falkoping.se"), FORM_SUBJECT, mid, date)
    body = text(plain(_form_mail("Ali Demir", "Blanketten bifogas.")))
    return render(headers, multipart("mixed", body, thunderbird_file("Anslutningsblankett Falköping.docx",
                                                                     form(FALKOPING))), "------------")


def dmarc_pass_forged_fail() -> bytes:
    mid = c.message_id("herrljunga", "uuid", "herrljunga.se")
    date = "Wed, 23 Apr 2025 09:12:44 +0200"
    forged = ("Authentication-Results", "mx.lansstyrelsen.se.evil.example; dmarc=fail header.from=herrljunga.se")
    headers = c.via_board_mx("herrljunga.se", date) + [forged] + c.thunderbird(
        c.address("Ulla Bro", "ulla.bro@herrljunga.se"), FORM_SUBJECT, mid, date)
    body = text(plain(_form_mail("Ulla Bro", "Blanketten bifogas.")))
    return render(headers, multipart("mixed", body, thunderbird_file("Anslutningsblankett Herrljunga.docx",
                                                                     form(HERRLJUNGA))), "------------")
