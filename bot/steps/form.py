"""find_form: which .docx is the campaign's form; the other files are kept as supporting."""

from __future__ import annotations

from bot.context import MessageContext, Outcome, Services
from bot.form_sandbox import parse_form_bounded
from bot.models import Submission
from bot.serialise import form_to_dict, problems_to_dicts


def find_form(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.classification is not None
    unreadable = []
    for attachment in ctx.classification.attachments:
        if attachment.is_docx and ctx.form_attachment is None:
            # In a child process: a hostile file cannot hang or exhaust the worker.
            parsed = parse_form_bounded(attachment.data, ctx.campaign)
            if parsed.form is not None:
                ctx.form_attachment, ctx.parsed = attachment, parsed
                continue
            unreadable.extend(parsed.problems)
        ctx.supporting.append(attachment)
    for attachment in ctx.supporting:
        services.session.add(Submission(
            inbound_message=ctx.record, campaign_key=ctx.campaign.key, role="supporting",
            attachment_name=attachment.filename, attachment_sha256=attachment.sha256,
            status="supporting", form=None, problems=[], created_at=ctx.now))
    if ctx.parsed is None:
        codes = sorted({p.code for p in unreadable})
        ctx.detail = "no attachment is the campaign's form" + (f" ({', '.join(codes)})" if codes else "")
        return Outcome.NEEDS_REVIEW
    assert ctx.form_attachment is not None and ctx.parsed.form is not None
    ctx.problems.extend(ctx.parsed.problems)
    ctx.submission = Submission(
        inbound_message=ctx.record, campaign_key=ctx.campaign.key, role="form",
        attachment_name=ctx.form_attachment.filename, attachment_sha256=ctx.form_attachment.sha256,
        style=ctx.parsed.form.style.value, form=form_to_dict(ctx.parsed.form),
        problems=problems_to_dicts(ctx.parsed.problems, ctx.campaign.language), created_at=ctx.now)
    services.session.add(ctx.submission)
    return None
