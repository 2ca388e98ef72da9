"""The server-side search that names the candidates (bot.inbound.candidates), against a real
Dovecot: every message of the mail corpus that routing finds ours is named, whatever way the
case number is written, and so is every way a case number can hide from a plain subject."""

from __future__ import annotations

import base64

import pytest

from bot.inbound.candidates import case_keys, candidate_uids, search_criteria
from bot.mail.imap import Mailbox
from bot.settings import ImapSettings
from tests.support.campaigns import shipped
from tests.support.mailcorpus import CORPUS

CAMPAIGNS = tuple(shipped().values())
NUMBER = "801–9838–2024"


def mail(mid: str, subject: str, body: str, headers: str = "") -> bytes:
    return (f"From: anna@lerum.se\r\nTo: vastragotaland@lansstyrelsen.se\r\nSubject: {subject}\r\n"
            f"Message-ID: <{mid}@lerum.se>\r\nMIME-Version: 1.0\r\n{headers}\r\n{body}").encode()


def encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


MIXED = "Content-Type: multipart/mixed; boundary=B\r\n"
HIDDEN = {  # a campaign's number where only a decoding search finds it
    "rfc2047-subject": mail("a", f"=?utf-8?B?{encoded('Anslutning ' + NUMBER)}?=", "Hej\r\n"),
    "base64-body": mail("b", "Hej", encoded(f"Gäller dnr {NUMBER}") + "\r\n",
                        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"),
    "qp-soft-break": mail("c", "Hej", "dnr 801-98=\r\n38-2024\r\n",
                          "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"),
    "html-entities": mail("d", "Hej", "<p>dnr 801&ndash;9838&ndash;2024</p>\r\n", "Content-Type: text/html\r\n"),
    "forwarded-encoded-subject": mail("e", "Fwd", "--B\r\nContent-Type: text/plain\r\n\r\nSe nedan\r\n--B\r\n"
                                      f"Content-Type: message/rfc822\r\n\r\nSubject: =?utf-8?B?{encoded(NUMBER)}?=\r\n"
                                      "From: x@y.se\r\n\r\nHej\r\n--B--\r\n", MIXED),
    "docx-by-octet-stream": mail("f", "Blankett", "--B\r\nContent-Type: text/plain\r\n\r\nHej\r\n--B\r\n"
                                 "Content-Type: application/octet-stream; name=\"=?utf-8?B?"
                                 f"{encoded('Blankett.docx')}?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                                 "UEsDBA==\r\n--B--\r\n", MIXED),
    "answer-to-a-reply": mail("g", "Tack", "Tack!\r\n", "In-Reply-To: <confirm.1@intake.example>\r\n"),
    "docx-named-as-text": mail("h", "Blankett", "--B\r\nContent-Type: text/plain\r\n\r\nHej\r\n--B\r\n"
                               "Content-Type: text/plain; name=\"Blankett.docx\"\r\nContent-Transfer-Encoding: base64\r\n"
                               "\r\nUEsDBA==\r\n--B--\r\n", MIXED),
    "docx-nested-in-alternative": mail("i", "Blankett", "--B\r\nContent-Type: text/plain\r\n\r\nHej\r\n--B\r\n"
                                       "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml"
                                       ".document\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--B--\r\n",
                                       "Content-Type: multipart/alternative; boundary=B\r\n"),
    "octet-stream-in-related": mail("j", "Hej", "--B\r\nContent-Type: text/html\r\n\r\n<p>Hej</p>\r\n--B\r\n"
                                    "Content-Type: application/octet-stream\r\n\r\nUEsDBA==\r\n--B--\r\n",
                                    "Content-Type: multipart/related; boundary=B\r\n"),
    "forwarded-in-alternative": mail("k", "Fwd", "--B\r\nContent-Type: text/plain\r\n\r\nSe nedan\r\n--B\r\n"
                                     "Content-Type: message/rfc822\r\n\r\nSubject: Hej\r\n\r\nHej\r\n--B--\r\n",
                                     "Content-Type: multipart/alternative; boundary=B\r\n"),
    "mixed-with-only-a-photo": mail("l", "Blankett", "--B\r\nContent-Type: image/jpeg\r\n\r\n/9j/\r\n--B--\r\n", MIXED),
    "single-part-docx": mail("m", "Blankett", "UEsDBA==\r\n",
                             "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
                             "Content-Transfer-Encoding: base64\r\n"),
    "single-part-named-docx": mail("o", "Blankett", "UEsDBA==\r\n",
                                   "Content-Type: text/plain\r\nContent-Disposition: attachment; "
                                   "filename=\"Blankett.docx\"\r\nContent-Transfer-Encoding: base64\r\n"),
    "forwarded-as-the-message": mail("p", "Fwd", "Subject: Hej\r\n\r\nHej\r\n", "Content-Type: message/rfc822\r\n"),
}
NOT_CANDIDATES = {
    "plain-note-naming-files": mail("n4", "Filerna", "Jag skickar .docx-filen (application/msword) sedan.\r\n"),
    "plain-note": mail("n1", "Lunch på fredag?", "Hej, ses vi?\r\n"),
    "other-number": mail("n2", "Yttrande", "I ärende 421-5511-2025 bifogas inget.\r\n"),
    "html-newsletter": mail("n3", "Nyhetsbrev", "--B\r\nContent-Type: text/plain\r\n\r\nNytt i maj\r\n--B\r\n"
                            "Content-Type: text/html\r\n\r\n<!DOCTYPE html><p>Nytt i maj</p>\r\n--B--\r\n",
                            "Content-Type: multipart/alternative; boundary=B\r\n"),
}


@pytest.fixture
def box(mailbox, imap_server):
    if imap_server.kind != "dovecot":
        pytest.skip("the substring search is Dovecot's; pymap is only the embedded demo server")
    named = [*(c.id for c in CORPUS), *HIDDEN, *NOT_CANDIDATES]
    mailbox.append([c.build() for c in CORPUS] + list(HIDDEN.values()) + list(NOT_CANDIDATES.values()))
    settings = ImapSettings(host=mailbox.host, port=mailbox.port, username=mailbox.username, password=mailbox.password)
    with Mailbox(settings) as connected:
        connected.select("INBOX")
        yield connected, dict(zip(named, range(1, len(named) + 1)))


def test_every_message_of_ours_in_the_corpus_is_a_candidate(box) -> None:
    connected, uid_of = box
    found = set(candidate_uids(connected, sorted(uid_of.values()), CAMPAIGNS, server_search=True))
    missed = [c.id for c in CORPUS if c.campaign and uid_of[c.id] not in found]
    assert missed == []


def test_numbers_only_a_decoding_search_sees_are_candidates(box) -> None:
    connected, uid_of = box
    found = set(candidate_uids(connected, sorted(uid_of.values()), CAMPAIGNS, server_search=True))
    assert [name for name in HIDDEN if uid_of[name] not in found] == []
    assert [name for name in NOT_CANDIDATES if uid_of[name] in found] == []


def test_without_server_search_every_new_message_is_a_candidate(box) -> None:
    connected, uid_of = box
    uids = sorted(uid_of.values())
    assert candidate_uids(connected, uids[5:], CAMPAIGNS, server_search=False) == uids[5:]
    assert candidate_uids(connected, [], CAMPAIGNS, server_search=True) == []


def test_the_search_keys() -> None:
    assert case_keys("801-9838-2024") == [["9838"]]
    assert case_keys("801-12-2024") == [["801", "12", "2024"]]  # a short middle group alone would match anything
    assert case_keys("no number") == []
    criteria = search_criteria(CAMPAIGNS)
    assert criteria[0] == "OR" and ["HEADER", "In-Reply-To", ""] in _flat(criteria)


def _flat(criteria: list) -> list:
    out = []
    for item in criteria:
        if isinstance(item, list):
            out.append(item)
            out.extend(_flat(item))
    return out
