"""Microsoft 365 sign-in: IMAP and SMTP with XOAUTH2, the token from msal's client-credentials
flow against a local authority in Entra's shape (tests/support/servers/entra.py), checked by
Dovecot's oauth2 passdb (token introspection) and by an SMTP server that takes XOAUTH2 only.

A token is fetched once and shared by IMAP and SMTP; a refused token is replaced once by a new
one; a refusal that persists, or a wrong client secret, is one clear line and no loop; no token
or secret is ever printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.app import build_app
from bot.db.engine import upgrade
from bot.errors import MailboxError
from bot.mail.imap import Mailbox as BotMailbox
from bot.outbox.enqueue import OutboxItem, enqueue
from bot.outbox.send import send_due
from bot.settings import ImapSettings, OAuthSettings, OutboxSettings, Settings, SmtpSettings
from tests.support.bot_process import Bot
from tests.support.paths import REPO, SAMPLES
from tests.support.servers import Credentials, Mailbox, unavailable
from tests.support.servers.dovecot import DovecotServer, find_program
from tests.support.servers.entra import Ledger, TokenAuthority
from tests.support.servers.oauth_smtp import XOAuth2Smtp

pytestmark = pytest.mark.slow
CLIENT_ID, SECRET = "6731de76-14a6-49ae-97bc-6eba6914391e", "s3cr3t~client~value"
NOW = datetime(2025, 6, 2, 7, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TokenAuthority]:
    with TokenAuthority.start(tmp_path_factory.mktemp("entra"), CLIENT_ID, SECRET, username="") as running:
        yield running


@pytest.fixture(scope="module")
def oauth_dovecot(authority: TokenAuthority, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DovecotServer]:
    if find_program("dovecot") is None:
        unavailable("Dovecot is not installed: its oauth2 passdb is what checks the tokens")
    conf = tmp_path_factory.mktemp("oauth2") / "oauth2.conf.ext"
    conf.write_text(f"introspection_mode = post\nintrospection_url = {authority.introspection_url}\n"
                    "username_attribute = username\nactive_attribute = active\nactive_value = true\n")
    conf.chmod(0o644)
    conf.parent.chmod(0o755)
    server = DovecotServer.start(extra_config=(
        "auth_mechanisms = plain login xoauth2 oauthbearer\n"
        f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {conf}\n}}\n"))
    yield server
    server.stop()


@pytest.fixture
def account(oauth_dovecot: DovecotServer) -> Credentials:
    """A fresh mailbox user (its password is for the test's own APPENDs, never the bot's)."""
    return oauth_dovecot.add_user()


@pytest.fixture
def ledger(authority: TokenAuthority, account: Credentials) -> Ledger:
    """The authority's ledger for this test: tokens are for ``account``, nothing issued yet."""
    ledger = authority.ledger
    ledger.username = account.username
    ledger.issued.clear()
    ledger.revoked.clear()
    ledger.refused_logins, ledger.client_secret, ledger.expires_in = 0, SECRET, 3600
    return ledger


@pytest.fixture
def smtp(ledger: Ledger) -> Iterator[XOAuth2Smtp]:
    server = XOAuth2Smtp(ledger).start()
    yield server
    server.stop()


def oauth_env(authority: TokenAuthority, ledger: Ledger, smtp: XOAuth2Smtp, **overrides: str) -> dict[str, str]:
    env = {"INTAKE_IMAP_AUTH": "xoauth2", "INTAKE_IMAP_USERNAME": ledger.username,
           "INTAKE_IMAP_PASSWORD": "not-the-password",  # never sent: a LOGIN with it would fail
           "INTAKE_SMTP_AUTH": "xoauth2", "INTAKE_SMTP_USERNAME": ledger.username,
           "INTAKE_SMTP_HOST": smtp.host, "INTAKE_SMTP_PORT": str(smtp.port),
           "INTAKE_OAUTH_CLIENT_ID": CLIENT_ID, "INTAKE_OAUTH_CLIENT_SECRET": SECRET,
           "INTAKE_OAUTH_AUTHORITY": authority.authority, "INTAKE_OAUTH_CA_FILE": str(authority.ca_file)}
    env.update(overrides)
    return env


def settings_for(authority: TokenAuthority, ledger: Ledger, smtp: XOAuth2Smtp, oauth_dovecot: DovecotServer,
                 database_url: str) -> Settings:
    """In-process settings: the same as the environment oauth_env gives the command."""
    return Settings(
        database_url=database_url, campaigns_dir=REPO / "config" / "campaigns",
        imap=ImapSettings(host=oauth_dovecot.host, port=oauth_dovecot.port, username=ledger.username, auth="xoauth2"),
        smtp=SmtpSettings(host=smtp.host, port=smtp.port, username=ledger.username, auth="xoauth2"),
        oauth=OAuthSettings(client_id=CLIENT_ID, client_secret=SECRET, authority=authority.authority,
                            ca_file=str(authority.ca_file)))


def test_a_form_is_read_and_answered_with_one_token_for_imap_and_smtp(authority, account, ledger, smtp,
                                                                       tmp_path: Path) -> None:
    mailbox = Mailbox(account)
    mailbox.append([SAMPLES / "vg-001-cc-plain.eml"], dated=True)
    bot = Bot(mailbox, smtp, f"sqlite:///{tmp_path}/intake.db", tmp_path, oauth_env(authority, ledger, smtp))
    result = bot.poll()
    assert "registered" in result.stdout, result.stdout + result.stderr
    assert [user for user, _ in smtp.messages] == [ledger.username] * len(smtp.messages) and smtp.messages
    assert smtp.handler.sign_ins == ["ok"]
    assert len(ledger.issued) == 1  # msal's cache: one token for the IMAP login and the SMTP AUTH
    output = result.stdout + result.stderr
    assert SECRET not in output and not any(token in output for token in ledger.issued)


def test_a_refused_token_is_replaced_once_then_the_refusal_is_one_clear_error(authority, ledger, smtp,
                                                                              oauth_dovecot, tmp_path) -> None:
    app = build_app({}, settings=settings_for(authority, ledger, smtp, oauth_dovecot, f"sqlite:///{tmp_path}/i.db"))
    with BotMailbox(app.settings.imap, app.tokens):
        pass
    ledger.revoke_all()  # e.g. the app's permission was withdrawn and given back, or the token expired early
    with BotMailbox(app.settings.imap, app.tokens):
        pass
    assert len(ledger.issued) == 2 and ledger.refused_logins == 1

    ledger.client_secret = "rotated"  # the operator rotated the secret in Entra but not here
    ledger.revoke_all()
    with pytest.raises(MailboxError) as refused:
        BotMailbox(app.settings.imap, app.tokens).connect()
    text = refused.value.text()
    assert "refused to give a token: invalid_client AADSTS7000215" in text and SECRET not in text
    assert len(ledger.issued) == 2  # no loop of token requests
    assert SECRET not in repr(app.settings) and SECRET not in repr(app.tokens)
    app.tokens.close()
    app.engine.dispose()


def test_a_token_is_renewed_before_it_expires(authority, ledger, smtp, oauth_dovecot, tmp_path) -> None:
    app = build_app({}, settings=settings_for(authority, ledger, smtp, oauth_dovecot, f"sqlite:///{tmp_path}/i.db"))
    for _ in range(3):
        with BotMailbox(app.settings.imap, app.tokens):
            pass
    assert len(ledger.issued) == 1  # an hour's token serves every sign-in
    ledger.expires_in = 120  # within msal's five-minute margin: renewed at every use, never used expired
    app.tokens.close()
    for _ in range(2):
        with BotMailbox(app.settings.imap, app.tokens):
            pass
    assert len(ledger.issued) == 3 and ledger.refused_logins == 0
    app.tokens.close()
    app.engine.dispose()


def test_smtp_signs_in_again_with_a_new_token_when_the_first_is_refused(authority, ledger, smtp, oauth_dovecot,
                                                                         vg_campaign, tmp_path) -> None:
    app = build_app({}, settings=settings_for(authority, ledger, smtp, oauth_dovecot, f"sqlite:///{tmp_path}/i.db"))
    upgrade(app.engine)
    app.tokens.token()
    ledger.revoke_all()

    def compose(to: tuple[str, ...], message_id: str) -> EmailMessage:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = vg_campaign.reply_from, ", ".join(to), "Test"
        message["Message-ID"] = message_id
        message.set_content("Hej!")
        return message

    with app.db_session() as session, session.begin():
        enqueue(session, OutboxItem(dedupe_key="t:1", reason="test", kind="test", campaign=vg_campaign,
                                    recipients=("elin@lerum.se",), compose=compose), NOW, own=app.own_mail)
    with app.db_session() as session:
        report = send_due(session, app.settings.smtp, OutboxSettings(sent_folder=""), NOW, tokens=app.tokens)
    assert report.sent == 1 and smtp.handler.sign_ins == ["refused", "ok"] and len(ledger.issued) == 2
    app.tokens.close()
    app.engine.dispose()


def test_a_wrong_client_secret_is_one_line_naming_the_authority(authority, account, ledger, smtp,
                                                                 tmp_path) -> None:
    bot = Bot(Mailbox(account), smtp, f"sqlite:///{tmp_path}/intake.db", tmp_path,
              oauth_env(authority, ledger, smtp, INTAKE_OAUTH_CLIENT_SECRET="wrong-secret"))
    result = bot.run("poll", "--once", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{authority.authority} vägrade ge en åtkomsttoken: invalid_client AADSTS7000215" in result.stderr
    assert "wrong-secret" not in result.stderr + result.stdout
    missing = bot.run("poll", "--once", check=False, INTAKE_OAUTH_CLIENT_ID="")
    assert missing.returncode != 0 and "INTAKE_OAUTH_CLIENT_ID" in missing.stderr and "Traceback" not in missing.stderr

