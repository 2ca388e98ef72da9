"""replies/digest.py and replies/rejection.py: the staff digest and the rejection notice,
composed from plain values."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from parsers.model import Campaign, InfoSession
from replies.digest import Coverage, Digest, GoalCount, Item, NewVersion, SessionCount, Waiting, compose_digest
from replies.message import Addressing, OutgoingFile
from replies.rejection import Rejection, compose_rejection
from replies.render import Templates, make_environment

STOCKHOLM_SUMMER = timezone(timedelta(hours=2))
NOW = datetime(2025, 6, 3, 7, 30, tzinfo=timezone(timedelta(hours=2)))
OWN_ID = "<intake.digest.1@lansstyrelsen.se>"
XLSX = OutgoingFile("anslutningar.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04")


@pytest.fixture(scope="module")
def env() -> Templates:
    return make_environment()


def digest(campaign: Campaign, language: str = "sv", **sections: object) -> Digest:
    addressing = Addressing(campaign=campaign, to=campaign.staff, message_id=OWN_ID, now=NOW, language=language,
                            reply_to=campaign.questions_to)
    return Digest(addressing=addressing, day=date(2025, 6, 3), since=NOW - timedelta(days=1), **sections)


def full(campaign: Campaign, language: str = "sv") -> Digest:
    since = NOW - timedelta(hours=20)
    return digest(
        campaign, language,
        new=(NewVersion("17", "Lerums kommun", 2, "registered", (3, 12), ("contact.email", "goals")),
             NewVersion("18", "Testby <kommun> & Co", 1, "needs_review", (2,))),
        needs_person=(Item("18", "affiliation_review", "Testby <kommun> & Co", "", "Finns inte i förteckningen.", since,
                           "intake review approve 18"),),
        failed=(Item("s4", "reply_bounced", "linnea@alingsas.se", "Bekräftelse", "550 5.1.1 User unknown", since,
                     "intake review handled s4"),),
        correspondence=(Item("m9", "correspondence", "elin@lerum.se", "SV: Tack!", "", since, "intake review handled m9"),),
        waiting=(Waiting("21", "Borås Stad", NOW - timedelta(days=3), ("Kontaktpersonens e-postadress saknas.",)),
                 Waiting("m30", "x@skovde.se", NOW, ())),
        coverage=(Coverage("Kommun", 31, 49, ("Ale kommun",), ()), Coverage("Region", 0, 1, ("VGR",), ("VGR",))),
        goals=(GoalCount(1, "Ett mål", 0), GoalCount(3, "Tre", 4), GoalCount(12, "Tolv", 8)),
        sessions=(SessionCount(InfoSession("okt", "Träff <hösten>", datetime(2025, 10, 7, 9, tzinfo=STOCKHOLM_SUMMER),
                                           datetime(2025, 10, 7, 10, tzinfo=STOCKHOLM_SUMMER), "", ""), 12, 7, 1, 2, 2),),
        attachment=XLSX)


def parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_the_digest_is_a_message_the_board_starts_to_its_staff(vg_campaign: Campaign, env: Templates) -> None:
    message = compose_digest(full(vg_campaign), env)
    assert message["To"] == "jamstalldhet.vg@lansstyrelsen.se" and message["Message-ID"] == OWN_ID
    assert message["Auto-Submitted"] == "auto-generated" and message["In-Reply-To"] is None
    assert message["Subject"] == "Sammanställning tisdag 3 juni 2025: Jämställt Västra Götaland 2024–2027"
    assert message["Content-Language"] == "sv"
    (attached,) = message.iter_attachments()
    assert attached.get_filename() == "anslutningar.xlsx" and attached.get_content() == b"PK\x03\x04"


def test_every_section_says_what_to_do(vg_campaign: Campaign, env: Templates) -> None:
    text, html = parts(compose_digest(full(vg_campaign), env))
    assert "Sedan förra sammanställningen (2 juni 2025 kl. 07.30)." in text
    assert "- Lerums kommun (version 2, registrerad): mål 3, 12. Ändrat: kontaktpersonens e-postadress, prioriterade mål" in text
    assert "[18] En anslutning att granska\n  Testby <kommun> & Co, 2 juni 2025 kl. 11.30\n" in text
    assert "  Kommando: intake review approve 18" in text
    assert "[s4] Svaret studsade\n  linnea@alingsas.se, ”Bekräftelse”, 2 juni 2025 kl. 11.30\n  550 5.1.1 User unknown" in text
    assert "[21] Borås Stad: väntat i 3 dagar" in text and "[m30] x@skovde.se: sedan i dag" in text
    assert "Den bifogade filen kunde inte läsas som blanketten" in text
    assert "31 av 49 kommuner har anslutit sig." in text and "0 av 1 region har anslutit sig." in text
    assert "Under handläggning: VGR." in text
    assert "Bifogat: alla anslutningar som Excel-fil (anslutningar.xlsx)." in text
    assert "Testby &lt;kommun&gt; &amp; Co" in html and "<kommun>" not in html  # senders' values escaped
    assert "intake review handled m9" in html
    assert ("== Kommande informationsträffar ==\n- Träff <hösten>, tisdag 7 oktober 2025 kl. 09.00–10.00\n"
            "  inbjudna 12: tackat ja 7, preliminärt 1, tackat nej 2, inget svar 2") in text
    assert "Träff &lt;hösten&gt;" in html and '<td valign="top" align="right">7</td>' in html


def test_the_goal_chart_is_table_cells_outlook_draws(vg_campaign: Campaign, env: Templates) -> None:
    text, html = parts(compose_digest(full(vg_campaign), env))
    bars = re.findall(r'<td width="(\d+)" height="14" bgcolor="#2e75b6"', html)
    assert bars == ["130", "260"]  # 4 and 8 of 8 at 260 px; a goal nobody chose has no bar
    assert "<b>0</b>" in html
    chart = [line for line in text.splitlines() if line.startswith("Mål ")]
    assert chart[0].startswith("Mål 1     0 " + " " * 30) and chart[2].startswith("Mål 12    8 " + "█" * 30)
    assert len({line.index(title) for line, title in zip(chart, ("Ett mål", "Tre", "Tolv"))}) == 1  # aligned
    covered = re.search(r'<td width="(\d+)" height="12" bgcolor="#3a8d5c"', html)
    assert covered and covered.group(1) == str(round(31 / 49 * 300))


def test_sections_without_content_are_left_out(vg_campaign: Campaign, env: Templates) -> None:
    quiet = digest(vg_campaign, goals=(GoalCount(1, "Ett mål", 0),))
    assert quiet.is_empty
    text, html = parts(compose_digest(quiet, env))
    assert "Inget nytt sedan förra sammanställningen, och inget väntar på en handläggare." in text
    for heading in ("Nya anslutningar", "Behöver en handläggare", "Svar som inte kom fram", "Korrespondens",
                    "Väntar på komplettering", "Kommande informationsträffar", "Täckning", "Bifogat"):
        assert heading not in text and heading not in html
    first = dataclasses.replace(quiet, since=None)
    assert "Det här är den första sammanställningen." in parts(compose_digest(first, env))[0]


def test_the_digest_in_english(vg_campaign: Campaign, env: Templates) -> None:
    message = compose_digest(full(vg_campaign, "en"), env)
    text, _ = parts(message)
    assert message["Subject"] == "Digest Tuesday 3 June 2025: Jämställt Västra Götaland 2024–2027"
    assert "31 of 49 municipalities have joined." in text and "Command: intake review approve 18" in text
    assert "== Upcoming information sessions ==" in text and "invited 12: accepted 7, tentative 1" in text


def test_the_rejection_notice_is_polite_and_gives_the_reason(vg_campaign: Campaign, env: Templates) -> None:
    addressing = Addressing(campaign=vg_campaign, to=("anna@testby.se",), message_id="<intake.rejection.1@lansstyrelsen.se>",
                            now=NOW, language="sv", reply_to=vg_campaign.reply_from,
                            in_reply_to="<form-1@testby.se>", references=("<form-1@testby.se>",))
    message = compose_rejection(Rejection(addressing, "Testby kommun", "Testby ligger inte i länet.\nHör av er!"), env)
    text, html = parts(message)
    assert message["Subject"] == "Er anslutning till Jämställt Västra Götaland 2024–2027, Dnr 801-9838-2024"
    assert message["Auto-Submitted"] == "auto-replied" and message["In-Reply-To"] == "<form-1@testby.se>"
    assert message["Reply-To"] == vg_campaign.reply_from
    assert text.startswith("Hej!") and "kan tyvärr inte registrera anslutningen" in text
    assert "Skälet är:\nTestby ligger inte i länet.\nHör av er!" in text
    assert "Testby ligger inte i länet.<br>" in html and "Med vänliga hälsningar" in text
