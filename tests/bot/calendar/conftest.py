"""An App on a real database (SQLite and PostgreSQL) with a campaign copy the tests edit, and
affiliations registered directly as rows, for the calendar modules run in-process."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.db.engine import upgrade
from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, Submission
from bot.settings import Settings
from tests.support.sessions import campaign_copy, set_sessions

JUNE = datetime(2025, 6, 2, 7, 0, tzinfo=timezone.utc)
SUMMER = ("s-sep", "17 april", "2025-09-16T10:00:00+02:00", "2025-09-16T11:00:00+02:00")
WINTER = ("s-nov", "13 maj", "2025-11-18T13:00:00+01:00", "2025-11-18T14:00:00+01:00")


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> App:
    campaign_file = campaign_copy(tmp_path)
    set_sessions(campaign_file, [SUMMER, WINTER])
    app = build_app({}, settings=Settings(database_url=database_url, campaigns_dir=campaign_file.parent))
    upgrade(app.engine)
    app.campaign_file = campaign_file  # type: ignore[attr-defined]
    yield app
    app.engine.dispose()


def vg(app: App):
    return next(c for c in app.campaigns if c.key == "jamstallt-vg-2024-2027")


def register(db, app: App, name: str, email: str, sessions: tuple[str, ...], *, status: str = "registered",
             affiliation: Affiliation | None = None, sender: str = "", now: datetime = JUNE) -> Affiliation:
    """A form's registration as rows: inbound message, submission, affiliation (version n+1)."""
    n = db.query(InboundMessage).count() + 1
    inbound = InboundMessage(message_id=f"<m{n}@example.se>", content_hash=f"{n:064d}", account="board",
                             folder="INBOX", uidvalidity=1, uid=n, campaign_key=vg(app).key,
                             from_address=sender or email, subject="Anslutning", received_at=now, kind="form",
                             outcome=status, detail="", size=1, raw=b"x", mailbox_action="done")
    form = {"organisation": name, "contact": {"name": name.split()[0], "email": email}, "sessions": list(sessions)}
    submission = Submission(inbound_message=inbound, campaign_key=vg(app).key, role="form", attachment_sha256="0" * 64,
                            form=form, problems=[], status=status, created_at=now)
    if affiliation is None:
        affiliation = Affiliation(campaign_key=vg(app).key, org_key=f"name:{name}", organisation=name,
                                  current_version=0, status=status, created_at=now, updated_at=now)
        db.add(affiliation)
    affiliation.current_version += 1
    affiliation.status = status
    db.add(AffiliationVersion(affiliation=affiliation, version=affiliation.current_version, submission=submission,
                              status=status, form=form, problems=[], created_at=now))
    db.flush()
    return affiliation
