"""docker-compose.yml configures the bot only with variables the bot reads."""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from imapclient import IMAPClient

from bot.demo.imap import find_free_port, wait_for_imap_greeting
from bot.settings import ENVIRONMENT
from bot.settings_load import load_settings
from tests.support.paths import REPO
from tests.support.servers import unavailable
from tests.support.servers.dovecot import find_program


def _bot_environment() -> dict[str, str]:
    # A small reader for the one block we need; PyYAML is not a dependency of the project.
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    block = text.split("\n  bot:\n", 1)[1].split("\n    environment:\n", 1)[1]
    env = {}
    for line in block.splitlines():
        match = re.match(r"^      ([A-Z0-9_]+): (.*)$", line)
        if not match:
            break
        env[match.group(1)] = match.group(2).strip().strip('"')
    return env


def test_services_present() -> None:
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    services = re.findall(r"^  ([a-z]+):\n", text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0], re.M)
    assert services == ["db", "imap", "smtp", "bot"]
    assert "postgres:" in text and "dovecot/dovecot" in text and "axllent/mailpit" in text


def test_bot_variables_are_the_ones_the_bot_reads() -> None:
    env = _bot_environment()
    assert env, "the bot service has an environment block"
    unknown = set(env) - set(ENVIRONMENT)
    assert not unknown, f"docker-compose sets variables the bot does not read: {unknown}"
    for needed in ("INTAKE_DATABASE_URL", "INTAKE_IMAP_HOST", "INTAKE_IMAP_USERNAME", "INTAKE_IMAP_PASSWORD",
                   "INTAKE_SMTP_HOST", "INTAKE_SMTP_PORT"):
        assert needed in env


def test_bot_variables_parse_as_settings() -> None:
    settings = load_settings(_bot_environment(), None)
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert (settings.imap.host, settings.smtp.host) == ("imap", "smtp")
    assert settings.imap.port == 143 and settings.smtp.port == 1025


def test_the_compose_dovecot_config_accepts_the_bots_login(tmp_path: Path) -> None:
    """docker/dovecot/dovecot.conf, run in a private Dovecot here with only the container's own
    paths and user swapped for this machine's, lets the compose bot log in and read INBOX."""
    dovecot = find_program("dovecot")
    if dovecot is None:
        unavailable("Dovecot is not installed")
    text = (REPO / "docker" / "dovecot" / "dovecot.conf").read_text(encoding="utf-8")
    assert "uid=vmail gid=vmail home=/srv/mail/%n" in text and "port = 143" in text
    root = Path(tempfile.mkdtemp(prefix="dc", dir="/tmp"))  # short: unix sockets must fit in 108 bytes
    try:
        root.chmod(0o755)
        for name in ("run", "state", "mail"):
            (root / name).mkdir(mode=0o755)
        port = find_free_port()
        # As root (CI), mail runs as nobody and Dovecot's own users; otherwise all as us, unchrooted.
        mail_user = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.getuid())
        os.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid)
        users = ("default_internal_user = dovecot\ndefault_login_user = dovenull\n" if os.geteuid() == 0 else
                 f"default_internal_user = {mail_user.pw_name}\ndefault_login_user = {mail_user.pw_name}\n"
                 f"default_internal_group = {grp.getgrgid(mail_user.pw_gid).gr_name}\n"
                 "service imap-login {\n  chroot =\n}\nservice anvil {\n  chroot =\n}\n")
        local = (text.replace("uid=vmail gid=vmail home=/srv/mail/%n",
                              f"uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/mail/%n")
                 .replace("port = 143", f"port = {port}").replace("listen = *", "listen = 127.0.0.1")
                 .replace("log_path = /dev/stderr", f"log_path = {root}/dovecot.log"))
        local += (f"\nbase_dir = {root}/run\nstate_dir = {root}/state\ninstance_name = compose-{port}\n"
                  f"first_valid_uid = 1\n{users}")
        (root / "dovecot.conf").write_text(local, encoding="utf-8")
        subprocess.run([dovecot, "-c", str(root / "dovecot.conf")], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_imap_greeting("127.0.0.1", port, timeout=10)
            env = _bot_environment()
            with IMAPClient("127.0.0.1", port=port, ssl=False) as client:
                client.login(env["INTAKE_IMAP_USERNAME"], env["INTAKE_IMAP_PASSWORD"])
                client.append("INBOX", b"Subject: test\r\n\r\nhello\r\n")
                assert client.select_folder(env["INTAKE_IMAP_FOLDER"])[b"EXISTS"] == 1
        finally:
            subprocess.run([find_program("doveadm") or "doveadm", "-c", str(root / "dovecot.conf"), "stop"],
                           check=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_image_keeps_secrets_and_state_out() -> None:
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert "config/intake.toml" in ignored and "var/" in ignored and ".venv" in ignored
    compose = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    images = re.findall(r"^    image: (\S+)$", compose, re.M)
    assert images and all(":" in image and not image.endswith(":latest") for image in images)
    assert compose.count("restart: unless-stopped") == 4
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "USER intake" in dockerfile and "chown intake: /app/var" in dockerfile


def test_the_health_check_asks_the_endpoint_the_bot_serves(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from bot.app import build_app
    from bot.db.engine import upgrade
    from bot.db.job_runs import record_success
    from bot.health import WorkerState, serve
    from bot.settings import HealthSettings, Settings

    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    (probe,) = re.findall(r'test: \["CMD", "python", "-c", "(.+)"\]', text.split("\n  bot:\n", 1)[1])
    assert _bot_environment()["INTAKE_HEALTH_LISTEN"].endswith(":8080") and ":8080/healthz" in probe
    port = find_free_port()
    settings = Settings(database_url=f"sqlite:///{tmp_path}/intake.db", campaigns_dir=REPO / "config" / "campaigns",
                        health=HealthSettings(listen=f"127.0.0.1:{port}"))
    app = build_app({}, settings=settings)
    upgrade(app.engine)
    server = serve(app, WorkerState())
    assert server is not None
    check = [shutil.which("python3") or "python3", "-c", probe.replace(":8080/", f":{port}/")]
    try:
        assert subprocess.run(check, capture_output=True).returncode == 1  # no pass yet: 503
        record_success(app.db_session, "poll", datetime.now(timezone.utc) - timedelta(minutes=1))
        assert subprocess.run(check, capture_output=True).returncode == 0
    finally:
        server.shutdown()
        server.server_close()
        app.engine.dispose()
