"""Several boards in one deployment ([[accounts]]): two Dovecot users, each the mailbox of one
campaign, served by one `intake poll --once` and by one `intake run` on one database.

Each mailbox is read for its own campaigns only, has its own checkpoint, gets the copies of
what was sent for its campaigns in its own Sent folder; a mailbox that is away does not hold
up the other. Mistakes in the accounts are one line naming the account and the key.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot.db.tables import MailboxCheckpoint
from tests.data.mail import people as p
from tests.support.bot_process import Bot
from tests.support.campaigns import VG_KEY, VM_KEY, shipped
from tests.support.records import sent
from tests.support.servers import Mailbox

pytestmark = pytest.mark.slow
SALA_ID = "<d3cb0b473dc5daeacd5b4bf5147aad16@EXCH01.sala.se>"  # the Västmanland form's Message-ID


def accounts_config(path: Path, vg: Mailbox, vm: Mailbox, *, extra: str = "") -> Path:
    path.write_text(f"""
[outbox]
sent_folder = "Sent"

[[accounts]]
name = "vg"
campaigns = ["{VG_KEY}"]
[accounts.imap]
username = "{vg.username}"

[[accounts]]
name = "vm"
campaigns = ["{VM_KEY}"]
[accounts.imap]
username = "{vm.username}"
{extra}""", encoding="utf-8")
    return path


@pytest.fixture
def boards(imap_server, smtp_server, database_url, tmp_path):
    with imap_server.new_mailbox() as vg_credentials, imap_server.new_mailbox() as vm_credentials:
        vg, vm = Mailbox(vg_credentials), Mailbox(vm_credentials)
        for box in (vg, vm):
            with box.client() as client:
                client.create_folder("Sent")
        env = {"INTAKE_CONFIG": str(accounts_config(tmp_path / "intake.toml", vg, vm)),
               "INTAKE_ACCOUNT_VG_IMAP_PASSWORD": vg.password, "INTAKE_ACCOUNT_VM_IMAP_PASSWORD": vm.password,
               "INTAKE_IMAP_PASSWORD": "", "INTAKE_IMAP_USERNAME": ""}  # nothing comes from [imap]'s own account
        yield Bot(vg, smtp_server, database_url, tmp_path, env), vg, vm


def inbox_message_ids(box: Mailbox, folder: str = "INBOX") -> dict[str, set[str]]:
    return box.flags_by_message_id(folder)


def test_each_mailbox_is_read_for_its_own_campaigns(boards) -> None:
    bot, vg, vm = boards
    vg.append([p.gmail_form(), p.vastmanland_form()])  # a Västmanland form sent to VG's mailbox by mistake
    vm.append([p.vastmanland_form()])
    out = bot.poll().stdout
    assert "registered 2" in out, out

    rows = {row["campaign"]: row for row in bot.export()}
    assert set(rows) == {VG_KEY, VM_KEY}
    assert rows[VM_KEY]["organisation"] == "Sala kommun"
    vg_flags = inbox_message_ids(vg)
    (misplaced,) = [flags for mid, flags in vg_flags.items() if mid == SALA_ID]
    assert misplaced == set()  # not one of VG's campaigns: left as it was, for VG's staff to forward
    assert all("\\Flagged" in flags for mid, flags in vg_flags.items() if not mid == SALA_ID)
    assert all("\\Flagged" in flags for flags in inbox_message_ids(vm).values())

    answers = sent(bot)
    assert sorted(reply_address(m) for m in answers) == sorted(
        [shipped_reply_from(VG_KEY), shipped_reply_from(VM_KEY)])
    # Each copy in the Sent folder of the mailbox its campaign belongs to.
    vg_sent, vm_sent = set(inbox_message_ids(vg, "Sent")), set(inbox_message_ids(vm, "Sent"))
    assert vg_sent and vm_sent and not vg_sent & vm_sent
    by_id = {str(m["Message-ID"]): m for m in answers}
    assert {by_id[i]["To"] for i in vm_sent if i in by_id} == {"mira.alm@sala.se"}

    engine = create_engine(bot.database_url)
    with engine.connect() as db:
        accounts = db.scalars(select(MailboxCheckpoint.account)).all()
    engine.dispose()
    assert sorted(accounts) == sorted(f"{box.username}@{box.host}:{box.port}" for box in (vg, vm))

    done = len(bot.smtp.messages)
    assert "registered" not in bot.poll(now="2025-06-02T10:00:00+02:00").stdout
    assert len(bot.smtp.messages) == done


def test_a_mailbox_that_is_away_does_not_hold_up_the_other(boards) -> None:
    bot, vg, vm = boards
    vm.append([p.vastmanland_form()])
    result = bot.run("poll", "--once", "--now", "2025-06-02T09:00:00+02:00", check=False,
                     INTAKE_ACCOUNT_VG_IMAP_PASSWORD="wrong")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "kontot vg: kan inte logga in på IMAP" in result.stderr and "(1 av 2 konton kunde inte läsas)" in result.stderr
    assert [row["organisation"] for row in bot.export()] == ["Sala kommun"]
    assert len(sent(bot)) == 1


def test_the_worker_watches_every_mailbox(boards) -> None:
    bot, vg, vm = boards
    worker = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=bot.workdir, env=bot.env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stderr is not None
        watching = 0
        while watching < 2:  # one IDLE watcher per mailbox
            line = worker.stderr.readline()
            assert line, f"worker exited: {worker.wait()}"
            watching += "watching INBOX for new mail (IDLE)" in line
        vm.append([p.vastmanland_form()])
        vg.append([p.gmail_form()])
        deadline = time.monotonic() + 30
        while len(sent(bot)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sorted(reply_address(m) for m in sent(bot)) == sorted(
            [shipped_reply_from(VG_KEY), shipped_reply_from(VM_KEY)])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        worker.stderr.close()


def test_mistakes_in_the_accounts_are_one_line(boards, tmp_path) -> None:
    bot, vg, vm = boards
    cases = [
        (accounts_config(tmp_path / "a.toml", vg, vm, extra='\n[[accounts]]\nname = "vm"\ncampaigns = ["x"]\n'),
         "accounts.vm: namnet används av två konton"),
        (write(tmp_path / "b.toml", f'[[accounts]]\nname = "vg"\ncampaigns = ["{VG_KEY}", "nope"]\n'),
         "accounts.vg.campaigns: ingen kampanj har nyckeln 'nope'"),
        (write(tmp_path / "c.toml", f'[[accounts]]\nname = "vg"\ncampaigns = ["{VG_KEY}"]\n'),
         f"accounts: inget konto tar emot kampanjen/kampanjerna {VM_KEY}"),
        (write(tmp_path / "d.toml", f'[[accounts]]\nname = "vg"\ncampaigns = ["{VG_KEY}"]\n[accounts.imap]\nprot = 1\n'),
         "accounts.vg.imap.prot: okänd inställning"),
        (write(tmp_path / "e.toml", '[[accounts]]\nname = "Västra"\ncampaigns = []\n'), "accounts[1].name: krävs"),
    ]
    for config, words in cases:
        result = bot.run("poll", "--once", check=False, INTAKE_CONFIG=str(config))
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def shipped_reply_from(key: str) -> str:
    return shipped()[key].reply_from


def reply_address(message) -> str:
    return str(message["From"]).rpartition("<")[2].rstrip(">")
