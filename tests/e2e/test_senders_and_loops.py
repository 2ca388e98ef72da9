"""Who is answered, end to end through `intake poll --once` on Dovecot and aiosmtpd, as tables:
every instance of every loop header counts; robot senders by local part; our own mail coming
back is never answered and nothing automatic goes to our own addresses; a From whose display
name carries an encoded CR LF still gives its address, and a sender that truly cannot be read
goes to staff."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest

from tests.support.bot_process import Bot
from tests.support.campaigns import VM_KEY, shipped
from tests.support.hostile_mail import VG, contact_of, filled_form, form_mail, mail, org
from tests.support.records import by_message_id, replies_to, sent

pytestmark = pytest.mark.slow
NOW, LATER = "2025-06-02T09:00:00+02:00", "2025-06-02T15:00:00+02:00"
OWN = {VG.reply_from, VG.questions_to, *VG.staff, shipped()[VM_KEY].reply_from, shipped()[VM_KEY].questions_to}


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def outcomes_and_replies(bot: Bot, mids: list[str]) -> dict[str, tuple[str | None, int]]:
    rows = by_message_id(bot)
    return {mid: (rows.get(f"<{mid}>", {}).get("outcome"), len(replies_to(bot, f"<{mid}>"))) for mid in mids}


def never_to_ourselves(bot: Bot) -> None:
    recipients = {r.lower() for m in bot.smtp.messages for r in m.rcpt_tos}
    assert not recipients & {a.lower() for a in OWN}, recipients


# --- 1. every instance of every loop header --------------------------------------------------

LOOPS = [
    # (case, extra headers, outcome): each a complete form from its own organisation
    ("auto-submitted-twice", [("Auto-Submitted", "no"), ("Auto-Submitted", "auto-generated")], "automatic"),
    ("auto-submitted-no-then-replied", [("Auto-Submitted", "no"), ("Auto-Submitted", "auto-replied")], "automatic"),
    ("auto-submitted-parameter", [("Auto-Submitted", "auto-replied; owner-email=\"x@y.se\"")], "automatic"),
    ("auto-submitted-extension", [("Auto-Submitted", "auto-notified")], "automatic"),
    ("precedence-second", [("Precedence", "first-class"), ("Precedence", "bulk")], "automatic"),
    ("precedence-auto-reply", [("Precedence", "auto_reply")], "automatic"),
    ("list-header-late", [("X-Mailer", "Kommunens e-tjänst"), ("List-Unsubscribe", "<mailto:u@lists.ale.se>")],
     "automatic"),
    ("return-path-empty-second", [("Return-Path", "<kontakt@x.se>"), ("Return-Path", "<>")], "automatic"),
    ("exchange-loop-apart", [("X-Auto-Response-Suppress", "All"), ("X-Mailer", "Outlook"),
                             ("X-MS-Exchange-Inbox-Rules-Loop", "kontakt@x.se")], "automatic"),
    ("x-autoreply", [("X-Autoreply", "yes")], "automatic"),
    ("x-autorespond", [("X-Autorespond", "Frånvarande")], "automatic"),
    ("auto-submitted-no", [("Auto-Submitted", "no")], "registered"),
    ("auto-submitted-no-twice", [("Auto-Submitted", "no"), ("Auto-Submitted", "No")], "registered"),
    ("auto-submitted-no-comment", [("Auto-Submitted", "no (skickat av en person)")], "registered"),
]


def test_every_instance_of_every_loop_header_counts(bot: Bot) -> None:
    bot.mailbox.append([form_mail(f"{case}@loops.se", index, headers=headers)
                        for index, (case, headers, _) in enumerate(LOOPS)])
    bot.poll(now=NOW)
    expected = {f"{case}@loops.se": (outcome, 1 if outcome == "registered" else 0) for case, _, outcome in LOOPS}
    assert outcomes_and_replies(bot, list(expected)) == expected
    assert {r["organisation"] for r in bot.export()} == {
        org(index).organisation for index, (_, _, outcome) in enumerate(LOOPS) if outcome == "registered"}


# --- 2. robot senders by local part ------------------------------------------------------------

ROBOTS = [
    "owner-jamstalldhet@lists.lerum.se", "jamstalldhet-owner@lists.lerum.se", "jamstalldhet-request@lists.lerum.se",
    "bounce@mailer.ale.se", "bounces+kim=ale.se@mailer.ale.se", "bounce-4711@news.boras.se",
    "MAILER-DAEMON@mx.lerum.se", "mailer_daemon@mx.ale.se", "postmaster@lerum.se", "noreply@lerum.se",
    "no-reply@ale.se", "no_reply@boras.se", "noreply.e-tjanst@hjo.se", "do-not-reply@tjorn.se",
    "donotreply@skovde.se", "DoNotReply@vara.se", "listserv@lists.gu.se", "majordomo@lists.lerum.se",
]
PEOPLE = ["ownership@lerum.se", "request@ale.se", "owners@boras.se", "postmaster.assistent@hjo.se",
          "replies@tjorn.se", "bo.unce@vara.se"]


def test_robot_senders_are_never_answered(bot: Bot) -> None:
    questions = [mail(f"q{n}@robots.se", sender=sender) for n, sender in enumerate(ROBOTS + PEOPLE)]
    via_sender = mail("list-sender@robots.se", sender="kim.berg@lerum.se",
                      headers=[("Sender", "owner-natverket@lists.lerum.se")])
    with_form = form_mail("robot-form@robots.se", 0, sender="bounces+ale=ale.se@mailer.example")
    bot.mailbox.append([*questions, via_sender, with_form])
    bot.poll(now=NOW)
    expected = {f"q{n}@robots.se": ("automatic", 0) for n in range(len(ROBOTS))}
    expected.update({f"q{n}@robots.se": ("answered", 1) for n in range(len(ROBOTS), len(ROBOTS) + len(PEOPLE))})
    expected.update({"list-sender@robots.se": ("automatic", 0), "robot-form@robots.se": ("automatic", 0)})
    assert outcomes_and_replies(bot, list(expected)) == expected
    assert bot.export() == []


# --- 3. our own mail coming back ---------------------------------------------------------------

def stripped(raw: bytes, message_id: str | None = None) -> bytes:
    """A copy of one of our messages with its loop headers removed (and a new Message-ID)."""
    text = re.sub(rb"(?im)^(Auto-Submitted|X-Auto-Response-Suppress):[^\r\n]*\r?\n", b"", raw)
    if message_id:
        text = re.sub(rb"(?im)^Message-ID:[^\r\n]*", f"Message-ID: <{message_id}>".encode(), text)
    return text


def test_our_own_mail_coming_back_is_never_answered(bot: Bot) -> None:
    bot.mailbox.append([form_mail("first@ale.se", 0), mail("question@lerum.se", sender="kim@lerum.se")])
    bot.poll(now=NOW)
    # The two answers (a registration's invitation to the sessions goes out beside them).
    confirmation, answer = (m.original_content for m in bot.smtp.messages
                            if b"Auto-Submitted: auto-replied" in m.original_content)
    minted = "<intake.confirmation." + "0123456789abcdef" * 2 + "@lansstyrelsen.se>"
    vm = shipped()[VM_KEY]
    bot.mailbox.append([
        stripped(confirmation),                                  # our own, Message-ID in the outbox
        stripped(answer, "copy-with-new-id@lansstyrelsen.se"),   # from our reply address, a new Message-ID
        mail("minted@x.se", sender="eva@lerum.se", text="Vidare.\n", headers=[("Message-ID", minted)]),  # minted by us
        form_mail("staff-form@lansstyrelsen.se", 1, sender=VG.staff[0]),     # a colleague passes a form on
        mail("other-campaign@lansstyrelsen.se", sender=vm.reply_from),      # another campaign's address
        mail("questions-address@lansstyrelsen.se", sender=VG.questions_to.upper()),
        form_mail("contact-is-staff@boras.se", 4, data=filled_form(4, contact_email=VG.staff[0])),
    ])
    bot.poll(now=LATER)
    rows = by_message_id(bot)
    ours = BytesParser(policy=policy.default).parsebytes(confirmation)["Message-ID"]
    assert (rows[ours]["outcome"], "our own message" in rows[ours]["detail"]) == ("automatic", True), rows
    assert rows[minted]["outcome"] == "automatic"
    expected = {"copy-with-new-id@lansstyrelsen.se": ("needs_review", 0), "staff-form@lansstyrelsen.se": (
        "needs_review", 0), "other-campaign@lansstyrelsen.se": ("needs_review", 0),
        "questions-address@lansstyrelsen.se": ("needs_review", 0), "contact-is-staff@boras.se": ("registered", 1)}
    assert outcomes_and_replies(bot, list(expected)) == expected
    (to_sender,) = replies_to(bot, "<contact-is-staff@boras.se>")
    assert to_sender["To"] == contact_of(org(4))
    assert len(sent(bot)) == 3
    never_to_ourselves(bot)
    listing = bot.run("review", "--now", LATER).stdout
    # Two without a form wait as messages, two forms as affiliations whose reason says the same.
    assert listing.count("från vår egen adress") == 4, listing
    assert listing.count("anslutning att granska") == 2, listing


# --- 7. a From display name with an encoded line break -----------------------------------------

NAMES = [
    "=?utf-8?q?Kim=0D=0ABerg?=", "=?utf-8?b?S2ltDQpCZXJn?=", "=?utf-8?q?Kim=0ABerg?=",
    "=?utf-8?q?Kim=0D=0ABcc:_evil@example.com?=", '"=?utf-8?q?Berg=2C=0D=0AKim?="', "=?utf-8?q?Kim=00Berg?=",
    "=?iso-8859-1?q?Sj=F6berg=0D=0A?=",
]
UNREADABLE = [None, "undisclosed-recipients:;", "<>", "Kim Berg", "=?utf-8?q?kim=40ale.se?="]


def test_a_broken_display_name_keeps_its_address_and_an_unreadable_sender_goes_to_staff(bot: Bot) -> None:
    named = [form_mail(f"name{n}@names.se", n, from_header=f"{name} <{contact_of(org(n))}>")
             for n, name in enumerate(NAMES)]
    nobody = [form_mail(f"nobody{n}@names.se", 10 + n, from_header=value or "") for n, value in enumerate(UNREADABLE)]
    nobody[0] = re.sub(rb"(?m)^From: \r\n", b"", nobody[0])
    bot.mailbox.append(named + nobody)
    bot.poll(now=NOW)
    rows = by_message_id(bot)
    for n in range(len(NAMES)):
        row = rows[f"<name{n}@names.se>"]
        assert (row["outcome"], row["from_address"]) == ("registered", contact_of(org(n))), (NAMES[n], row)
        (reply,) = replies_to(bot, f"<name{n}@names.se>")
        assert reply["To"] == contact_of(org(n)) and reply["Bcc"] is None
    for n in range(len(UNREADABLE)):
        row = rows[f"<nobody{n}@names.se>"]
        assert (row["outcome"], row["from_address"]) == ("needs_review", ""), (UNREADABLE[n], row)
        assert "no usable From address" in row["detail"]
        assert replies_to(bot, f"<nobody{n}@names.se>") == []
    # Each is a form, so each waits as an affiliation whose reason names the sender.
    assert bot.run("review", "--now", NOW).stdout.count("Avsändarens adress gick inte att läsa") == len(UNREADABLE)
    assert all(r.lower() == r for m in bot.smtp.messages for r in m.rcpt_tos)  # no injected recipient
    assert {r for m in bot.smtp.messages for r in m.rcpt_tos} == {contact_of(org(n)) for n in range(len(NAMES))}
