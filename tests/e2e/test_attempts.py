"""Issue 10, principle 1: every attempt to join is visible as an affiliation.

A message with the case number whose form cannot be read (PDF, .doc, .odt, a photo, a
password-protected, damaged or unsafe .docx) makes a needs_review affiliation when the
organisation has none (the roster's by sender domain, or none), with the problem's code and the
message as its source, listed by `intake export`; when it has one, that stays as it is and the
attempt is shown in `intake review`. End to end through `intake poll --once` on real servers.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.support.bot_process import Bot
from tests.support.docx_mutations import encrypted, truncated
from tests.support.principles import (CASE, DAY, DOCX, JPEG, LATER, NEXT, OLE, PDF, answers, form, mail, mid, odt,
                                      review_lines, with_entities)
from tests.support.records import by_message_id, submissions

pytestmark = pytest.mark.slow
ELIN = "elin.andersson@lerum.se"
ASK_DOCX, INCOMPLETE = "Word-fil", "Komplettering"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


# (file sent, problem code, the answer's subject word or None, message outcome)
ATTEMPTS = {
    "pdf": (("Anslutning Lerum.pdf", "application/pdf", PDF), "pdf_document", ASK_DOCX, "needs_review"),
    "old-word": (("Anslutning.doc", "application/msword", OLE), "legacy_word_document", ASK_DOCX, "needs_review"),
    "odt": (("Anslutning.odt", "application/vnd.oasis.opendocument.text", odt()), "opendocument_text", ASK_DOCX,
            "needs_review"),
    "photo": (("IMG_2041.jpg", "image/jpeg", JPEG), "image_document", ASK_DOCX, "needs_review"),
    "password": (("Anslutning.docx", DOCX, encrypted(form())), "encrypted_document", INCOMPLETE, "incomplete"),
    "damaged": (("Anslutning.docx", DOCX, truncated(form())), "damaged_document", INCOMPLETE, "incomplete"),
    "entities": (("Anslutning.docx", DOCX, with_entities(form())), "unsafe_document", None, "needs_review"),
}


@pytest.mark.parametrize("case", list(ATTEMPTS))
def test_an_unreadable_form_is_a_needs_review_affiliation_of_the_sender_domains_organisation(bot: Bot,
                                                                                             case: str) -> None:
    file, code, answer, outcome = ATTEMPTS[case]
    bot.mailbox.append([mail(1, ELIN, files=(file,))])
    bot.poll(now=DAY)
    (row,) = bot.export()
    assert (row["organisation"], row["org_number"], row["organisation_type"]) == ("Lerums kommun", "212000-2502",
                                                                                  "Kommun")
    assert (row["status"], row["version"], row["goals"], row["contact"]["email"]) == ("needs_review", 0, [], "")
    assert row["source"] == {"message_id": mid(1, ELIN), "from": ELIN, "received_at": row["source"]["received_at"],
                             "attachment": file[0]}
    assert len(row["problems"]) == 1 and row["case_number"] == CASE
    assert "Elin Andersson" not in str(row) and "secret" not in str(row)  # nothing of the file is stored
    assert [s["codes"] for s in submissions(bot)] == [[code]]
    assert by_message_id(bot)[mid(1, ELIN)]["outcome"] == outcome
    # The sender is asked for what only the sender can give (a file we can read); an unsafe file, nothing.
    assert [(to, answer in subject) for to, subject in answers(bot)] == ([] if answer is None else [(ELIN, True)])
    lines = review_lines(bot)
    (ref,) = [ref for ref, line in lines.items() if "försök att ansluta, inget gick att läsa" in line]
    assert "Lerums kommun" in lines[ref] and f"intake review show {ref}" in lines[ref]
    # Nothing to approve or confirm yet: approving would commit Lerum to nothing.
    for action in ("approve", "resend"):
        refused = bot.run("review", action, ref, check=False)
        assert refused.returncode != 0 and f"anslutning {ref} har inga prioriterade mål" in refused.stderr
    assert not [r for r in lines if r.startswith("m")]  # shown as the affiliation, not twice
    # The registrar's list names the organisation the attempt belongs to, and what it was.
    listing = bot.run("registrar", "--format", "csv").stdout.removeprefix("\ufeff")
    (entry,) = csv.DictReader(io.StringIO(listing), delimiter=";")
    assert (entry["Organisation"], entry["Typ av handling"], entry["Bilagor"]) == (
        "Lerums kommun", "inte läsbar", file[0])


def test_repeated_attempts_of_an_unknown_organisation_make_one_row_which_a_readable_form_takes_over(bot: Bot) -> None:
    anna = "anna.svensson@gmail.com"
    pdf = ("blankett.pdf", "application/pdf", PDF)
    bot.mailbox.append([mail(1, anna, files=(pdf,)), mail(2, anna, files=(("scan.jpg", "image/jpeg", JPEG),),
                                                          text="Här är en bild i stället.\n")])
    bot.poll(now=DAY)
    (row,) = bot.export()
    assert (row["organisation"], row["status"], row["version"], row["org_number"]) == ("", "needs_review", 0, "")
    assert row["source"]["message_id"] == mid(1, anna)
    lines = review_lines(bot)
    assert f"m{by_message_id(bot)[mid(2, anna)]['id']}" in lines  # the second attempt, attached
    (line,) = [line for line in lines.values() if "försök att ansluta, inget gick att läsa" in line]
    assert anna in line  # named by the sender, as nobody could name the organisation
    assert len(answers(bot)) == 1  # one request for the .docx per sender and day (RFC 3834)
    # The readable form of an organisation the roster does not know: version 1 of the same row.
    testby = form(organisation="Testby kommun", org_number="212000-0001", email=anna)
    bot.mailbox.append([mail(3, anna, files=(("Anslutning.docx", DOCX, testby),))])
    bot.poll(now=NEXT)
    (row,) = bot.export()
    assert (row["organisation"], row["status"], row["version"]) == ("Testby kommun", "needs_review", 1)
    assert row["source"]["message_id"] == mid(3, anna)
    assert any("förteckning" in p for p in row["problems"])  # unknown_organisation, as before


def test_a_readable_form_after_an_attempt_registers_normally_as_version_one(bot: Bot) -> None:
    bot.mailbox.append([mail(1, ELIN, files=(("Anslutning.pdf", "application/pdf", PDF),))])
    bot.poll(now=DAY)
    bot.mailbox.append([mail(2, ELIN, files=(("Anslutning.docx", DOCX, form()),))])
    bot.poll(now=LATER)
    (row,) = bot.export()
    assert (row["organisation"], row["status"], row["version"], row["goals"], row["problems"]) == (
        "Lerums kommun", "registered", 1, [3, 12], [])
    assert row["source"]["message_id"] == mid(2, ELIN)
    first, confirmation = answers(bot)
    assert ASK_DOCX in first[1] and confirmation[0] == ELIN and "version" not in confirmation[1].lower()
    assert review_lines(bot) == {}  # nothing waits for a person
    (affiliation_id,) = {s["affiliation_id"] for s in submissions(bot) if s["affiliation_id"] is not None}
    shown = bot.run("review", "show", str(affiliation_id)).stdout
    versions = shown[shown.index("Versioner"):].splitlines()
    assert [line.split()[0] for line in versions[3:] if line.strip()][:2] == ["0", "1"], shown
    assert "första versionen" in next(line for line in versions[3:] if line.split()[:1] == ["1"])


def test_an_attempt_never_downgrades_a_registration_and_is_shown_for_review(bot: Bot) -> None:
    bot.mailbox.append([mail(1, ELIN, files=(("Anslutning.docx", DOCX, form()),))])
    bot.poll(now=DAY)
    for n, file in enumerate((("Protokoll.pdf", "application/pdf", PDF),
                              ("Anslutning ny.docx", DOCX, encrypted(form(goals=(3, 12, 13))))), start=2):
        bot.mailbox.append([mail(n, ELIN, subject=f"Ny version Dnr {CASE}", files=(file,))])
    bot.poll(now=LATER)
    (row,) = bot.export()
    assert (row["status"], row["version"], row["goals"], row["source"]["message_id"]) == (
        "registered", 1, [3, 12], mid(1, ELIN))
    lines = review_lines(bot)
    pdf_ref, docx_ref = (f"m{by_message_id(bot)[mid(n, ELIN)]['id']}" for n in (2, 3))
    assert "bilaga som inte gick att läsa" in lines[pdf_ref] and "Protokoll.pdf: Den bifogade filen är en PDF" in \
        lines[pdf_ref + ":"]
    assert "bilaga som inte gick att läsa" in lines[docx_ref]
    assert "lösenordsskyddad" in lines[docx_ref + ":"]
    # The sender is still asked for a file we can read (the registration stands meanwhile).
    assert [to for to, _ in answers(bot)] == [ELIN, ELIN, ELIN]
