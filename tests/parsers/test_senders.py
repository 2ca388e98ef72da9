"""parsers.senders: the robot local parts as a table, and the intake's own mail."""

from __future__ import annotations

import pytest

from parsers.senders import ROBOT_LOCAL_PARTS, OwnMail, robot_sender

ROBOTS = [
    # (address, the table row it matches)
    ("owner-natverket@lists.lerum.se", "owner-*"), ("OWNER-X@lists.se", "owner-*"),
    ("natverket-owner@lists.lerum.se", "*-owner"), ("natverket-request@lists.lerum.se", "*-request"),
    ("bounce@mailer.ale.se", "bounce*"), ("bounces@mailer.ale.se", "bounce*"),
    ("bounces+kim=ale.se@mailer.ale.se", "bounce*"), ("bounce-4711@news.boras.se", "bounce*"),
    ("bouncehandler@x.se", "bounce*"),
    ("MAILER-DAEMON@mx.lerum.se", "mailer-daemon"), ("mailer_daemon@mx.se", "mailer-daemon"),
    ("mailerdaemon@mx.se", "mailer-daemon"), ("postmaster@lerum.se", "postmaster"),
    ("postmaster+x@lerum.se", "postmaster"), ("noreply@lerum.se", "noreply"), ("no-reply@ale.se", "noreply"),
    ("no_reply@boras.se", "noreply"), ("no.reply@hjo.se", "noreply"), ("noreply.e-tjanst@hjo.se", "noreply"),
    ("NoReply-Kommun@x.se", "noreply"), ("do-not-reply@tjorn.se", "do-not-reply"),
    ("donotreply@skovde.se", "do-not-reply"), ("DoNotReply@vara.se", "do-not-reply"),
    ("do_not_reply@vara.se", "do-not-reply"), ("listserv@lists.gu.se", "listserv"),
    ("majordomo@lists.lerum.se", "majordomo"),
]
PEOPLE = ["ownership@lerum.se", "owner@lerum.se", "owners@boras.se", "request@ale.se", "requester@x.se",
          "postmaster.assistent@hjo.se", "replies@tjorn.se", "bo.unce@vara.se", "kim.berg@lerum.se",
          "listservice@x.se", "not-reply-guy@x.se", "", "no-at-sign"]


@pytest.mark.parametrize("address, row", ROBOTS)
def test_robot_local_parts(address: str, row: str) -> None:
    assert robot_sender(address) == row


@pytest.mark.parametrize("address", PEOPLE)
def test_people_are_not_robots(address: str) -> None:
    assert robot_sender(address) == ""


def test_every_row_of_the_table_is_exercised() -> None:
    assert {row for _, row in ROBOTS} == {name for name, _ in ROBOT_LOCAL_PARTS}


OWN = OwnMail.of(["Vastragotaland@Lansstyrelsen.se", "jamstalldhet.vg@lansstyrelsen.se", "not an address"],
                 ["", "lansstyrelsen.se", "Intake.Example.se"])


@pytest.mark.parametrize("address, ours", [
    ("vastragotaland@lansstyrelsen.se", True), ("  JAMSTALLDHET.VG@lansstyrelsen.se ", True),
    ("bjorn.sjoberg@lansstyrelsen.se", False), ("vastragotaland@lansstyrelsen.se.evil.example", False),
    ("not an address", False), ("", False),
])
def test_our_addresses(address: str, ours: bool) -> None:
    assert OWN.is_ours(address) is ours


HEX = "0123456789abcdef" * 2


@pytest.mark.parametrize("message_id, minted", [
    (f"<intake.confirmation.{HEX}@lansstyrelsen.se>", True),
    (f"<intake.ask_for_docx.{HEX}@LANSSTYRELSEN.SE>", True),
    (f"<intake.digest.{HEX}@intake.example.se>", True),
    (f"<intake.confirmation.{HEX}@other.example>", False),       # another domain
    (f"<intake.confirmation.{HEX[:-1]}@lansstyrelsen.se>", False),  # not our shape
    ("<e3e67e1dbb72fab799f1@lansstyrelsen.se>", False),           # a colleague's message on our domain
    (f"intake.confirmation.{HEX}@lansstyrelsen.se", False), ("", False),
])
def test_message_ids_we_mint(message_id: str, minted: bool) -> None:
    assert OWN.minted(message_id) is minted
