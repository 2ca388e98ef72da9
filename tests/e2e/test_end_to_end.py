"""Every worked example through `intake poll --once` and `intake export`, on real servers."""

from __future__ import annotations

import json
import signal
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from bot.db.tables import InboundMessage, OutboxMessage
from tests.support.bot_process import Bot

pytestmark = pytest.mark.slow


def _expected(samples_dir: Path) -> list[dict]:
    return json.loads((samples_dir / "expected.json").read_text(encoding="utf-8"))


def _message_id(path: Path) -> str:
    headers = BytesParser(policy=policy.default).parsebytes(path.read_bytes(), headersonly=True)
    return "".join(str(headers["Message-ID"]).split())


def _replies_to(sent, message_id: str) -> list:
    found = []
    for item in sent:
        parsed = BytesParser(policy=policy.default).parsebytes(item.original_content)
        if "".join(str(parsed.get("In-Reply-To", "")).split()) == message_id:
            found.append((item, parsed))
    return found


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


@pytest.mark.parametrize("action", ["flag", "move", "none"])
def test_samples_end_to_end(bot: Bot, samples_dir: Path, action: str) -> None:
    cases = _expected(samples_dir)
    bot.extra_env["INTAKE_MAILBOX_ACTION"] = action
    bot.extra_env["INTAKE_MAILBOX_MOVE_TO"] = "Intake/Behandlat"
    bot.mailbox.append([samples_dir / case["eml"] for case in cases])
    before = {m.key: m for m in bot.mailbox.snapshot()}

    first = bot.poll()
    assert "Läste 12 nya meddelanden" in first.stdout, first.stdout
    records = bot.export()
    sent = bot.smtp.messages

    by_org = {r["organisation"]: r for r in records}
    assert len(by_org) == len(records), "one registration per organisation"
    for case in cases:
        mid = _message_id(samples_dir / case["eml"])
        expect = case["expect"]
        replies = _replies_to(sent, mid)
        assert expect["replies"]["min"] <= len(replies) <= expect["replies"]["max"], (case["id"], len(replies))
        recipients = {r.lower() for item, _ in replies for r in item.rcpt_tos}
        assert {a.lower() for a in expect["replies"]["to_include"]} <= recipients, case["id"]
        if case["kind"] == "form" and expect.get("organisation"):
            record = by_org[expect["organisation"]]
            assert record["status"] in expect["status_in"], (case["id"], record["problems"])
            assert record["org_number"] == expect["org_number"]
            assert record["contact"]["email"] == expect["contact_email"]
            assert record["goals"] == expect["goals"]
            assert record["sessions"] == expect["sessions"]
            if expect["version"] is not None:
                assert record["version"] == expect["version"]
            assert record["campaign"] == case["campaign"]
            assert record["case_number"] == "801-9838-2024"
        if expect.get("registered") is False:
            assert all(r["source"]["message_id"] != mid for r in records), case["id"]
        if expect["untouched"]:
            after = {m.key: m for m in bot.mailbox.snapshot()}
            assert after[mid].folder == before[mid].folder, case["id"]
            assert after[mid].flags == before[mid].flags, case["id"]

    # Superseded forms share the registration of the form that superseded them.
    for case in cases:
        if case.get("superseded_by"):
            later = next(c for c in cases if c["id"] == case["superseded_by"])
            assert later["expect"]["organisation"] in by_org
    assert len(records) == 5  # Lerum, Alingsås, Borås, Mölndal, Skövde

    _assert_mailbox_action(bot, cases, samples_dir, before, action)

    # A second pass sends nothing and changes nothing.
    snapshot = bot.mailbox.snapshot()
    second = bot.poll(now="2025-06-02T10:00:00+02:00")
    assert "Läste 0 nya meddelanden" in second.stdout, second.stdout
    assert len(bot.smtp.messages) == len(sent)
    assert bot.export() == records
    assert bot.mailbox.snapshot() == snapshot


def _assert_mailbox_action(bot: Bot, cases: list[dict], samples_dir: Path, before: dict, action: str) -> None:
    after = {m.key: m for m in bot.mailbox.snapshot()}
    for case in cases:
        mid = _message_id(samples_dir / case["eml"])
        if case["expect"]["untouched"]:
            continue
        if action == "flag":
            assert after[mid].flags == before[mid].flags | {"\\Flagged"}, case["id"]
            assert after[mid].folder == "INBOX"
        elif action == "move":
            assert after[mid].folder == "Intake/Behandlat", case["id"]
            assert after[mid].flags == before[mid].flags
        else:
            assert after[mid].flags == before[mid].flags and after[mid].folder == "INBOX"
    # Reading never marks anything as read: PEEK throughout.
    assert not any("\\Seen" in m.flags for m in after.values())


def test_kill_after_commit_before_mailbox_action(bot: Bot, samples_dir: Path) -> None:
    sample = samples_dir / "vg-002-legacy-octet-rfc2231.eml"
    mid = _message_id(sample)
    bot.mailbox.append([sample])

    killed = bot.run("poll", "--once", "--now", "2025-06-02T09:00:00+02:00", check=False,
                     INTAKE_FAULT_KILL_AT="after_commit")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    engine = create_engine(bot.database_url)
    with engine.connect() as db:
        row = db.execute(select(InboundMessage.outcome, InboundMessage.mailbox_action)).one()
        assert tuple(row) == ("registered", "pending")
        # The confirmation and the invitation to the session still to come (7 October).
        pending = db.scalars(select(OutboxMessage.kind).where(OutboxMessage.status == "pending")).all()
        assert sorted(pending) == ["confirmation", "invitation"]
    assert bot.smtp.messages == []
    assert bot.mailbox.flags_by_message_id()[mid] == set()

    bot.poll(now="2025-06-02T09:05:00+02:00")
    bot.poll(now="2025-06-02T09:10:00+02:00")

    assert len(bot.smtp.messages) == 2
    assert bot.mailbox.flags_by_message_id()[mid] == {"\\Flagged"}
    records = bot.export()
    assert [(r["organisation"], r["version"]) for r in records] == [("Alingsås kommun", 1)]
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(InboundMessage)) == 1
        assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    engine.dispose()


def test_kill_after_smtp_send_resends_the_same_message(bot: Bot, samples_dir: Path) -> None:
    bot.mailbox.append([samples_dir / "vg-004-glyph-sv-prefix.eml"])
    killed = bot.run("poll", "--once", "--now", "2025-06-02T09:00:00+02:00", check=False,
                     INTAKE_FAULT_KILL_AT="after_smtp_send")
    assert killed.returncode == -signal.SIGKILL
    assert len(bot.smtp.messages) == 1
    bot.poll()
    # At-least-once delivery: the resend is byte-identical, so clients show one message;
    # then the invitation queued with it goes out once.
    assert len(bot.smtp.messages) == 3
    first, second, invitation = (m.original_content for m in bot.smtp.messages)
    assert first == second and b"Auto-Submitted: auto-replied" in first
    assert b"Content-Type: text/calendar" in invitation
    bot.poll()
    assert len(bot.smtp.messages) == 3


def test_a_failing_message_is_quarantined_and_the_pass_goes_on(bot: Bot, samples_dir: Path, tmp_path: Path) -> None:
    # An operator's override of the confirmation with a typo: composing that reply fails.
    overrides = tmp_path / "templates" / "sv"
    overrides.mkdir(parents=True)
    (overrides / "confirmation.txt").write_text("Hej {{ organisaton_namn }}\n", encoding="utf-8")
    bot.extra_env["INTAKE_TEMPLATES_DIR"] = str(overrides.parent)
    form, question = samples_dir / "vg-002-legacy-octet-rfc2231.eml", samples_dir / "vg-006-nonform-no-attachment.eml"
    bot.mailbox.append([form, question])

    bot.poll()

    engine = create_engine(bot.database_url)
    with engine.connect() as db:
        rows = dict(db.execute(select(InboundMessage.message_id, InboundMessage.outcome)).all())
        detail = db.scalar(select(InboundMessage.detail).where(InboundMessage.outcome == "quarantined"))
    engine.dispose()
    assert rows == {_message_id(form): "quarantined", _message_id(question): "answered"}
    assert "organisaton_namn" in detail
    assert bot.export() == []  # the failed registration was rolled back whole
    assert [m.rcpt_tos for m in bot.smtp.messages] == [("mikael.berg@skovde.se",)]
    flags = bot.mailbox.flags_by_message_id()
    assert flags[_message_id(form)] == set()  # left for staff to see
    assert flags[_message_id(question)] == {"\\Flagged"}

    bot.poll()  # not retried silently
    assert len(bot.smtp.messages) == 1
