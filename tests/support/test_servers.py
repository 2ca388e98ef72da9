"""The test servers and fixtures do what the rest of the suite relies on, for real."""

from __future__ import annotations

import smtplib
import socket
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from imapclient.exceptions import LoginError
from sqlalchemy import create_engine, text

from bot.demo.imap import (
    EmbeddedImap,
    EmbeddedServerError,
    EmbeddedSmtp,
    append_messages,
    connect_imap,
)
from tests.support.servers import ImapServer, Mailbox, unavailable
from tests.support.servers.dovecot import DovecotServer, find_program


def _message(n: int, subject: str = "Hello") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Elin Andersson <elin@lerum.se>"
    msg["To"] = "vastragotaland@lansstyrelsen.se"
    msg["Subject"] = f"{subject} {n}"
    msg["Message-ID"] = f"<test-{n}@lerum.se>"
    msg.set_content(f"Message number {n}.\n")
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def _samples(samples_dir: Path) -> list[Path]:
    return sorted(samples_dir.glob("*.eml"))


# --- IMAP -------------------------------------------------------------------------------


def test_mailbox_starts_empty_and_appended_samples_come_back_unchanged(
    mailbox: Mailbox, samples_dir: Path
) -> None:
    samples = _samples(samples_dir)
    with mailbox.client() as client:
        assert client.select_folder(mailbox.folder)[b"EXISTS"] == 0

    mailbox.append(samples)

    with mailbox.client() as client:
        client.select_folder(mailbox.folder)
        uids = client.search("ALL")
        assert len(uids) == len(samples)
        bodies = client.fetch(uids, ["BODY.PEEK[]"])
        assert [bodies[uid][b"BODY[]"] for uid in uids] == [p.read_bytes() for p in samples]
        # PEEK must not mark anything read: the shared mailbox stays as staff left it.
        assert all(b"\\Seen" not in f for f in client.get_flags(uids).values())


def test_search_and_bodystructure_find_the_docx_attachment(
    mailbox: Mailbox, samples_dir: Path
) -> None:
    mailbox.append([samples_dir / "vg-001-cc-plain.eml", samples_dir / "un-012-personal.eml"])
    with mailbox.client() as client:
        client.select_folder(mailbox.folder, readonly=True)
        [uid] = client.search(["SUBJECT", "801-9838-2024"])
        assert client.search(["HEADER", "Message-ID", "EXCH08.lerum.se"]) == [uid]
        structure = client.fetch([uid], ["BODYSTRUCTURE"])[uid][b"BODYSTRUCTURE"]
        assert structure.is_multipart
        parts, subtype = structure[0], structure[1]
        assert subtype.lower() == b"mixed"
        attachment = parts[1]
        assert (attachment[0].lower(), attachment[1].lower()) == (
            b"application",
            b"vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        # Section "2" is the attachment; a size-capped partial fetch works too.
        section = client.fetch([uid], ["BODY.PEEK[2]<0.100>"])[uid][b"BODY[2]<0>"]
        assert len(section) == 100
        assert b"\\Seen" not in client.get_flags([uid])[uid]


def test_body_without_peek_marks_seen(mailbox: Mailbox) -> None:
    mailbox.append([_message(1)])
    with mailbox.client() as client:
        client.select_folder(mailbox.folder)
        [uid] = client.search("ALL")
        client.fetch([uid], ["BODY[]"])
        assert b"\\Seen" in client.get_flags([uid])[uid]


def test_store_flag_and_move_leave_the_other_messages_alone(mailbox: Mailbox) -> None:
    mailbox.append([_message(1), _message(2), _message(3)])
    mailbox.append([_message(4)], flags=["\\Seen"])
    before_flags = mailbox.flags_by_message_id()
    assert before_flags["<test-4@lerum.se>"] == {"\\Seen"}

    with mailbox.client() as client:
        client.create_folder("Processed")
        client.select_folder(mailbox.folder)
        one, two = client.search(["HEADER", "Message-ID", "test-1@"]) + client.search(
            ["HEADER", "Message-ID", "test-2@"]
        )
        client.add_flags([one], ["\\Flagged"])
        client.move([two], "Processed")

    flags = mailbox.flags_by_message_id()
    assert flags["<test-1@lerum.se>"] == {"\\Flagged"}
    assert "<test-2@lerum.se>" not in flags
    for untouched in ("<test-3@lerum.se>", "<test-4@lerum.se>"):
        assert flags[untouched] == before_flags[untouched]
    assert mailbox.folders_by_message_id() == {
        "<test-1@lerum.se>": "INBOX",
        "<test-2@lerum.se>": "Processed",
        "<test-3@lerum.se>": "INBOX",
        "<test-4@lerum.se>": "INBOX",
    }


def test_uid_expunge_removes_only_the_given_message(mailbox: Mailbox) -> None:
    mailbox.append([_message(1), _message(2)])
    with mailbox.client() as client:
        assert client.has_capability("UIDPLUS")
        client.select_folder(mailbox.folder)
        first, second = client.search("ALL")
        client.add_flags([first, second], ["\\Deleted"])
        client.uid_expunge([first])
        assert client.search("ALL") == [second]


def test_custom_keyword_support_is_as_documented(
    imap_server: ImapServer, mailbox: Mailbox
) -> None:
    mailbox.append([_message(1)])
    with mailbox.client() as client:
        client.select_folder(mailbox.folder)
        client.add_flags(client.search("ALL"), ["$Processed"])
    stored = mailbox.flags_by_message_id()["<test-1@lerum.se>"]
    # pymap accepts keywords but keeps none; tests that need them must check the kind.
    assert stored == ({"$Processed"} if imap_server.kind == "dovecot" else set())


def test_snapshot_keys_messages_without_message_id_by_content_hash(mailbox: Mailbox) -> None:
    mailbox.append([b"Subject: no id\r\n\r\nbody\r\n", _message(1), _message(1)])
    [no_id] = [m for m in mailbox.snapshot() if m.message_id is None]
    assert no_id.key.startswith("sha256:")
    with pytest.raises(ValueError, match="more than once"):
        mailbox.flags_by_message_id()


def test_each_new_mailbox_is_a_separate_empty_account(imap_server: ImapServer) -> None:
    # On Dovecot the second user is added right after the first: this checks that the
    # passwd-file is re-read at once, not on a timer.
    with imap_server.new_mailbox() as first, imap_server.new_mailbox() as second:
        assert first.username != second.username or first.port != second.port
        Mailbox(first).append([_message(1)])
        for credentials, expected in ((first, 1), (second, 0)):
            with connect_imap(
                credentials.host, credentials.port, credentials.username, credentials.password
            ) as client:
                assert client.select_folder("INBOX")[b"EXISTS"] == expected


def test_wrong_password_is_refused(mailbox: Mailbox) -> None:
    with pytest.raises(LoginError):
        connect_imap(mailbox.host, mailbox.port, mailbox.username, "wrong")


def _dovecot_or_skip() -> str:
    dovecot = find_program("dovecot")
    if dovecot is None:
        unavailable("Dovecot is not installed")
    return dovecot


def test_dovecot_config_errors_are_readable(tmp_path: Path) -> None:
    server = DovecotServer(tmp_path, "127.0.0.1", 1, _dovecot_or_skip())
    server.config.write_text("protocols = imap\nno_such_setting = 1\n")
    with pytest.raises(EmbeddedServerError, match="no_such_setting"):
        server.validate()


def test_dovecot_startup_errors_carry_the_log() -> None:
    _dovecot_or_skip()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        with pytest.raises(EmbeddedServerError, match="(?s)exited.*Address already in use"):
            DovecotServer.start(port=taken.getsockname()[1])


# --- pymap as the product embeds it ------------------------------------------------------


def test_embedded_imap_serves_one_user_until_stopped(tmp_path: Path) -> None:
    with EmbeddedImap(username="board", password="secret", log_dir=tmp_path) as server:
        assert server.running
        messages = [_message(n) for n in range(5)]
        append_messages(
            server.host, server.port, server.username, server.password, "Demo", messages[:3],
            flags=["\\Seen"],
        )  # fmt: skip
        append_messages(
            server.host, server.port, server.username, server.password, "Demo", messages[3:],
            use_multiappend=False,
        )  # fmt: skip
        with connect_imap(server.host, server.port, "board", "secret") as client:
            client.select_folder("Demo", readonly=True)
            flags = client.get_flags(client.search("ALL"))
            assert [b"\\Seen" in f for f in flags.values()] == [True] * 3 + [False] * 2
    assert not server.running
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=1).close()


# --- SMTP -------------------------------------------------------------------------------


def test_smtp_server_records_what_it_receives(smtp_server: EmbeddedSmtp) -> None:
    content = _message(1)
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se", "reg@lerum.se"], content)
    [received] = smtp_server.wait_for(1, timeout=5)
    assert received.mail_from == "bot@lansstyrelsen.se"
    assert received.rcpt_tos == ("elin@lerum.se", "reg@lerum.se")
    assert received.original_content == content
    assert received.auth_login is None
    assert abs((datetime.now(UTC) - received.received_at).total_seconds()) < 60


def test_fault_injector_refuses_then_accepts(smtp_server: EmbeddedSmtp) -> None:
    smtp_server.fail_next("451 4.3.0 try later")
    smtp_server.fail_next("550 5.1.1 no such user", stage="RCPT")
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        with pytest.raises(smtplib.SMTPDataError) as temporary:
            client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se"], _message(1))
        assert temporary.value.smtp_code == 451
        with pytest.raises(smtplib.SMTPRecipientsRefused) as permanent:
            client.sendmail("bot@lansstyrelsen.se", ["nobody@lerum.se"], _message(2))
        assert permanent.value.recipients["nobody@lerum.se"][0] == 550
        assert smtp_server.pending_faults == 0
        client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se"], _message(3))
    [accepted] = smtp_server.wait_for(1, timeout=5)
    assert b"Message number 3." in accepted.original_content


def test_fault_at_mail_from_and_for_several_messages(smtp_server: EmbeddedSmtp) -> None:
    smtp_server.fail_next("452 4.3.1 out of memory", count=2, stage="MAIL")
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        for n in range(2):
            with pytest.raises(smtplib.SMTPSenderRefused):
                client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se"], _message(n))
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se"], _message(3))
    assert len(smtp_server.wait_for(1, timeout=5)) == 1


@pytest.mark.parametrize(
    ("reply", "stage"), [("250 ok", "DATA"), ("451", "QUIT"), ("45x nope", "DATA")]
)
def test_fault_injector_refuses_nonsense(
    smtp_server: EmbeddedSmtp, reply: str, stage: str
) -> None:
    with pytest.raises(ValueError):
        smtp_server.fail_next(reply, stage=stage)  # type: ignore[arg-type]


def test_smtp_auth_is_required_when_configured(tmp_path: Path) -> None:
    with EmbeddedSmtp(username="bot", password="s3cret", save_dir=tmp_path / "out") as server:
        with smtplib.SMTP(server.host, server.port) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se"], _message(1))
            assert refused.value.smtp_code == 530
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("bot", "wrong")
            client.login("bot", "s3cret")
            client.sendmail("bot@lansstyrelsen.se", ["elin@lerum.se"], _message(2))
        [received] = server.wait_for(1, timeout=5)
    assert received.auth_login == "bot"
    assert (tmp_path / "out" / "001.eml").read_bytes() == received.original_content


def test_wait_for_times_out_with_a_count(smtp_server: EmbeddedSmtp) -> None:
    with pytest.raises(TimeoutError, match="got 0"):
        smtp_server.wait_for(1, timeout=0.05)


# --- database ---------------------------------------------------------------------------


def test_database_url_gives_a_working_engine(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
    finally:
        engine.dispose()
