"""Start-up: settings, campaigns, database and templates built once and passed on."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import jinja2
from sqlalchemy import Engine
from sqlalchemy.orm import Session as OrmSession, sessionmaker

from bot.campaigns import load_campaigns
from bot.db.engine import current_revision, head_revision, make_engine, session_factory, upgrade
from bot.errors import ConfigError, StorageError
from bot.settings import Settings, load_settings
from parsers.model import Campaign
from replies.render import make_environment


@dataclass
class App:
    settings: Settings
    campaigns: tuple[Campaign, ...]
    engine: Engine
    sessions: sessionmaker[OrmSession]
    templates: jinja2.Environment
    blank_forms: dict[str, tuple[str, bytes]]  # campaign key -> (file name, bytes), read once


def build_app(environ: Mapping[str, str], config_path: Path | None = None,
              settings: Settings | None = None) -> App:
    settings = settings or load_settings(environ, config_path)
    campaigns = load_campaigns(settings.campaigns_dir)
    try:
        templates = make_environment(settings.templates_dir)
    except ValueError as exc:
        raise ConfigError(settings.source, "templates_dir", str(exc)) from exc
    engine = make_engine(settings.database_url)
    blank_forms = {c.key: form for c in campaigns if (form := blank_form_of(c))}
    return App(settings, campaigns, engine, session_factory(engine), templates, blank_forms)


def blank_form_of(campaign: Campaign) -> tuple[str, bytes] | None:
    """The blank form a campaign attaches to replies that ask for one."""
    path = campaign.form_path
    return (path.name, path.read_bytes()) if path is not None and path.is_file() else None


def ensure_schema(engine: Engine, behind_message: str) -> None:
    """An empty database is created; one at an older revision is an error for the operator."""
    current = current_revision(engine)
    head = head_revision()
    if current is None:
        upgrade(engine)
    elif current != head:
        raise StorageError(behind_message.format(current=current, head=head))


class _Defaults(logging.Filter):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.run_id = self.run_id
        for name in ("message_id", "step"):
            if not hasattr(record, name):
                setattr(record, name, "-")
        return True


def setup_logging(verbose: bool) -> str:
    """Every line carries the run id, the step and the Message-ID it is about."""
    run_id = uuid.uuid4().hex[:8]
    handler = logging.StreamHandler()
    handler.addFilter(_Defaults(run_id))
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s run=%(run_id)s step=%(step)s msg=%(message_id)s %(name)s: %(message)s"))
    root = logging.getLogger("intake")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    return run_id
