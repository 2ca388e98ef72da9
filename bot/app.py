"""Start-up: settings, campaigns, database and templates built once and passed on.

Templates and blank forms are made on first use: a command that processes nothing
(an idle pass, an export) does not pay for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.mail.oauth import TokenSource
from bot.campaigns import load_campaigns
from bot.db.engine import make_engine, session_factory
from bot.errors import ConfigError
from bot.settings import Settings
from bot.settings_accounts import check_account_campaigns
from bot.settings_load import load_settings
from parsers.model import Campaign
from parsers.senders import OwnMail

if TYPE_CHECKING:
    from replies.message import OutgoingFile
    from replies.render import Templates


@dataclass
class App:
    settings: Settings
    campaigns: tuple[Campaign, ...]
    engine: Engine
    account: str = ""   # the [[accounts]] name of a one-mailbox view (bot/accounts.py); "" for the App
    db_session: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.db_session = session_factory(self.engine)

    @cached_property
    def templates(self) -> Templates:
        from replies.render import make_environment  # Jinja2 and the words: only when something is composed

        override, where = self.settings.templates_dir, self.settings.origins.get("templates_dir", self.settings.source)
        if override is not None and not override.is_dir():
            raise ConfigError(where, None if where.startswith("environment:") else "templates_dir",
                              "not a directory: {path}", path=str(override))
        try:
            return make_environment(self.settings.templates_dir)
        except ValueError as exc:
            raise ConfigError(self.settings.origins.get("templates_dir", self.settings.source), "templates_dir",
                              "{reason}", reason=str(exc)) from exc

    def reload_campaigns(self) -> None:
        """The campaign files as they are now: staff edit sessions in place, with no restart.
        A file that no longer loads raises ConfigError and the campaigns stay as they were."""
        campaigns = load_campaigns(self.settings.campaigns_dir)
        check_account_campaigns(self.settings, campaigns)
        self.campaigns = campaigns
        self.__dict__.pop("blank_forms", None)

    @cached_property
    def own_mail(self) -> OwnMail:
        """Who the intake is: every campaign's reply, questions and staff addresses, and the
        domains its Message-IDs are minted on (worker.message_id_domain, the reply domains)."""
        campaigns = self.campaigns
        domains = [self.settings.worker.message_id_domain, *(c.reply_from.rpartition("@")[2] for c in campaigns)]
        return OwnMail.of([a for c in campaigns for a in (c.reply_from, c.questions_to, *c.staff)], domains)

    @cached_property
    def tokens(self) -> TokenSource | None:
        """The XOAUTH2 token source IMAP and SMTP share; None when both sign in with a password."""
        if "xoauth2" in (self.settings.imap.auth, self.settings.smtp.auth):
            return TokenSource(self.settings.oauth)
        return None

    @cached_property
    def blank_forms(self) -> dict[str, OutgoingFile]:
        """campaign key -> the blank form replies attach, read once."""
        return {c.key: form for c in self.campaigns if (form := blank_form_of(c))}


def build_app(environ: Mapping[str, str], config_path: Path | None = None,
              settings: Settings | None = None) -> App:
    settings = settings or load_settings(environ, config_path)
    campaigns = load_campaigns(settings.campaigns_dir)
    check_account_campaigns(settings, campaigns)
    app = App(settings, campaigns, make_engine(settings.database_url))
    if settings.templates_dir is not None:
        app.templates  # a mistyped override directory is a start-up error, not a failed reply
    return app


def blank_form_of(campaign: Campaign) -> OutgoingFile | None:
    """The blank form a campaign attaches to replies that ask for one."""
    from replies.message import OutgoingFile

    path = campaign.form_path
    if path is None or not path.is_file():
        return None
    return OutgoingFile(path.name, OutgoingFile.DOCX, path.read_bytes())
