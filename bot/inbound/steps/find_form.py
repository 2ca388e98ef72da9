"""find_form: which .docx is the campaign's form; the other files are kept as supporting.

A .docx that could not be read as a document at all (damaged, truncated, CRC-corrupt,
encrypted, unsafe, nested too deep, ...: any of parsers.form.parse's DOCUMENT_CODES but
``not_the_form``) is kept as an ``unreadable`` submission with its problems. When no .docx is
the form, one of them is the attempt to join: an affiliation staff see (bot.inbound.attempt),
whatever is asked of the sender.
"""

from __future__ import annotations

from bot.db.tables import Submission
from bot.inbound.answer import answer
from bot.inbound.attempt import record_attempt
from bot.inbound.context import MessageContext, Outcome, Services
from bot.inbound.stored import form_to_dict, problems_to_dicts
from bot.outbox.enqueue import valid_recipients
from parsers.form.options import ParseOptions
from parsers.mime.message import Attachment
from parsers.model import AffiliationStatus, Problem, Severity, problem
from replies.reply import ReplyKind


def find_form(ctx: MessageContext, services: Services) -> Outcome | None:
    assert ctx.classification is not None
    unreadable: list[Problem] = []
    problems_of: dict[int, tuple[Problem, ...]] = {}
    for attachment in ctx.classification.attachments:
        if attachment.is_docx and ctx.form_attachment is None:
            # In the pass's child process: a hostile file cannot hang or exhaust the worker.
            limits = services.settings.parsing
            parsed = services.sandbox.parse_form(attachment.data, ctx.campaign, seconds=limits.seconds,
                                                 memory_bytes=limits.memory_mb * 1024 * 1024,
                                                 options=ParseOptions(check_deliverability=limits.check_deliverability))
            if parsed.form is not None:
                ctx.form_attachment, ctx.parsed = attachment, parsed
                continue
            unreadable.extend(parsed.problems)
            problems_of[id(attachment)] = tuple(p for p in parsed.problems if p.code != "not_the_form")
        ctx.supporting.append(attachment)
    stored: list[tuple[Attachment, Submission]] = []
    for attachment in ctx.supporting:
        problems = problems_of.get(id(attachment), ())
        stored.append((attachment, Submission(
            inbound_message=ctx.record, campaign_key=ctx.campaign.key, role="supporting",
            attachment_name=attachment.filename, attachment_sha256=attachment.sha256,
            status="unreadable" if problems else "supporting", form=None,
            problems=problems_to_dicts(problems, ctx.campaign.language), created_at=ctx.now)))
        services.session.add(stored[-1][1])
    if ctx.parsed is None:
        _attempt(ctx, services, stored, problems_of)
        return _no_readable_form(ctx, services, unreadable)
    assert ctx.form_attachment is not None and ctx.parsed.form is not None
    ctx.problems.extend(ctx.parsed.problems)
    ctx.submission = Submission(
        inbound_message=ctx.record, campaign_key=ctx.campaign.key, role="form",
        attachment_name=ctx.form_attachment.filename, attachment_sha256=ctx.form_attachment.sha256,
        style=ctx.parsed.form.style.value, form=form_to_dict(ctx.parsed.form),
        problems=problems_to_dicts(ctx.parsed.problems, ctx.campaign.language), created_at=ctx.now)
    services.session.add(ctx.submission)
    return None


def _attempt(ctx: MessageContext, services: Services, stored: list[tuple[Attachment, Submission]],
             problems_of: dict[int, tuple[Problem, ...]]) -> None:
    """No .docx is a readable form: the first unreadable one (else the first .docx) is the
    attempt to join, which staff see as an affiliation (bot.inbound.attempt)."""
    docx = [(a, s) for a, s in stored if a.is_docx]
    attachment, submission = next(((a, s) for a, s in docx if problems_of.get(id(a))), docx[0])
    problems = list(problems_of.get(id(attachment), ())) or [problem("not_the_form", Severity.SENDER)]
    submission.problems = problems_to_dicts(problems, ctx.campaign.language)
    record_attempt(ctx, services, submission, problems)


def _no_readable_form(ctx: MessageContext, services: Services, problems: list[Problem]) -> Outcome:
    """No .docx is a readable form. A file the sender can fix (encrypted, macro-enabled,
    damaged, a PDF named .docx) gets a request to send it again; anything else goes to staff."""
    codes = sorted({p.code for p in problems})
    ctx.detail = "no attachment is the campaign's form" + (f" ({', '.join(codes)})" if codes else "")
    fixable = [p for p in problems if p.severity is Severity.SENDER and p.code != "not_the_form"]
    if not fixable or ctx.suppress_replies:
        return Outcome.NEEDS_REVIEW
    ctx.problems.extend(fixable)
    ctx.status = AffiliationStatus.INCOMPLETE
    services.session.flush()
    answer(ctx, services, ReplyKind.INCOMPLETE, valid_recipients(ctx.record.from_address),
           f"unreadable:{ctx.record.id}", f"unreadable:{ctx.campaign.key}:{','.join(codes)}")
    return Outcome.INCOMPLETE
