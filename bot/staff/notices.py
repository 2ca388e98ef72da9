"""Messages staff cause through `intake review`: the confirmation sent again (resend) and the
notice of a rejection (reject --notify). Both answer the organisation's latest form, go to its
contact and its sender, and pass through the outbox like every message; staff asked for them,
so the one-answer-per-day window does not hold them back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.app import App
from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, OutboxMessage, StaffAction
from bot.errors import ReviewError
from bot.inbound.stored import form_from_dict, problems_from_dicts
from bot.outbox.enqueue import OutboxItem, enqueue, valid_recipients
from parsers.model import AffiliationStatus, Campaign
from replies.message import Addressing
from replies.rejection import Rejection, compose_rejection
from replies.reply import Reply, ReplyKind, compose_reply, reply_to_for


def queue_confirmation(session: Session, app: App, affiliation: Affiliation, action: StaffAction,
                       now: datetime) -> OutboxMessage:
    """The confirmation of the current version again (the request to complete, if incomplete)."""
    version, campaign, source = _parts(app, affiliation)
    kind = ReplyKind.INCOMPLETE if affiliation.status == AffiliationStatus.INCOMPLETE else ReplyKind.CONFIRMATION

    def compose(to: tuple[str, ...], message_id: str):
        reply = Reply(kind=kind, addressing=_addressing(campaign, source, to, message_id, now, reply_to_for(kind, campaign)),
                      original_subject=source.subject, form=form_from_dict(version.form),
                      status=affiliation.status, problems=problems_from_dicts(version.problems),
                      version=version.version, blank_form=app.blank_forms.get(campaign.key))
        return compose_reply(reply, app.templates)

    return _enqueue(session, app, affiliation, version, source, campaign, kind.value,
                    f"resend:{affiliation.id}:{action.id}", compose, now)


def queue_rejection(session: Session, app: App, affiliation: Affiliation, action: StaffAction, reason: str,
                    now: datetime) -> OutboxMessage:
    version, campaign, source = _parts(app, affiliation)

    def compose(to: tuple[str, ...], message_id: str):
        notice = Rejection(_addressing(campaign, source, to, message_id, now, campaign.reply_from),
                           affiliation.organisation, reason)
        return compose_rejection(notice, app.templates)

    return _enqueue(session, app, affiliation, version, source, campaign, "rejection",
                    f"rejection:{affiliation.id}:{action.id}", compose, now)


def _parts(app: App, affiliation: Affiliation) -> tuple[AffiliationVersion, Campaign, InboundMessage]:
    campaign = next((c for c in app.campaigns if c.key == affiliation.campaign_key), None)
    if campaign is None:
        raise ReviewError("no_campaign", campaign=affiliation.campaign_key)
    version = affiliation.versions[-1]
    return version, campaign, version.submission.inbound_message


def _addressing(campaign: Campaign, source: InboundMessage, to: tuple[str, ...], message_id: str, now: datetime,
                reply_to: str) -> Addressing:
    return Addressing(campaign=campaign, to=to, message_id=message_id, now=now, language=campaign.language,
                      reply_to=reply_to, in_reply_to=source.message_id, references=(source.message_id,))


def _enqueue(session: Session, app: App, affiliation: Affiliation, version: AffiliationVersion,
             source: InboundMessage, campaign: Campaign, kind: str, key: str, compose, now: datetime) -> OutboxMessage:
    to = valid_recipients(version.form.get("contact", {}).get("email", ""), source.from_address)
    if not to:
        raise ReviewError("no_recipient", ref=str(affiliation.id))
    item = OutboxItem(dedupe_key=key, reason=key, kind=kind, campaign=campaign, recipients=to, compose=compose,
                      inbound=source, submission=version.submission)
    done = enqueue(session, item, now, own=app.own_mail, message_id_domain=app.settings.worker.message_id_domain)
    if done.row is None:  # the key names a staff action of its own, so only our own addresses were left
        raise ReviewError("no_recipient", ref=str(affiliation.id))
    return done.row
