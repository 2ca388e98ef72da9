"""Every attempt to join is visible as an affiliation.

A message with the case number that tries to deliver the form but cannot be read as one (the
form as PDF, .doc, .odt, a photo or scan; a password-protected, damaged, unsafe or unparseable
.docx) is a submission by an organisation. The organisation is the roster's by the sender's
domain, or none (keyed by the sender's address, so repeated attempts make one affiliation):

- when it has no affiliation in the campaign yet, the attempt makes one: ``needs_review``,
  version 0 (no form read), its problems saying why the file could not be read and its source
  the message, so `intake export` lists it; a readable form later becomes version 1 of it
  (register_affiliation);
- when it has one, that stays as it is: the attempt is attached to it (its submission names
  the affiliation, with no version) and `intake review` shows the message.

Nothing of the file reaches a stored field: the placeholder's form holds the roster's values only.
"""

from __future__ import annotations

from bot.db.tables import Affiliation, AffiliationVersion, Submission
from bot.inbound.context import MessageContext, Services
from bot.inbound.org_keys import find_affiliation, organisation_key
from bot.inbound.stored import form_to_dict, problems_to_dicts
from parsers.mime.message import Attachment
from parsers.model import AffiliationStatus, FormData, Problem, Severity, problem
from parsers.roster import by_sender_domain

# The form in another format than .docx: one stable code per kind (parsers.mime.filetype.FORMATS).
FORMAT_CODES = {"pdf": "pdf_document", "doc": "legacy_word_document", "odt": "opendocument_text",
                "docm": "macro_enabled_document", "image": "image_document", "other": "not_a_docx"}


def format_problems(files: tuple[Attachment, ...]) -> list[Problem]:
    """One problem per kind of file that came instead of the .docx."""
    codes = dict.fromkeys(FORMAT_CODES.get(a.format, "not_a_docx") for a in files)
    return [problem(code, Severity.SENDER) for code in codes]


def attempt_submission(ctx: MessageContext, services: Services, attachment: Attachment,
                       problems: list[Problem]) -> Submission:
    """The submission an attempt is recorded as (for a file no other step stored)."""
    submission = Submission(inbound_message=ctx.record, campaign_key=ctx.campaign.key, role="attempt",
                            attachment_name=attachment.filename, attachment_sha256=attachment.sha256,
                            status="unreadable", form=None,
                            problems=problems_to_dicts(problems, ctx.campaign.language), created_at=ctx.now)
    services.session.add(submission)
    return submission


def record_attempt(ctx: MessageContext, services: Services, submission: Submission,
                   problems: list[Problem]) -> Affiliation:
    """The organisation's affiliation the attempt belongs to: a new placeholder, or the one it has."""
    session, campaign = services.session, ctx.campaign
    submission.role, submission.status = "attempt", "unreadable"
    ctx.submission = submission
    entry = by_sender_domain(campaign.roster, ctx.record.from_address)
    key = organisation_key(entry, None, ctx.record.from_address)
    affiliation = find_affiliation(session, campaign.key, key)
    if affiliation is not None:
        session.flush()
        submission.affiliation_id = affiliation.id
        ctx.affiliation = affiliation
        _note(ctx, f"unreadable attempt attached to affiliation #{affiliation.id} ({affiliation.status}) for review")
        return affiliation
    stored = problems_to_dicts(problems, campaign.language)
    form = FormData(case_number=campaign.case_number, organisation=entry.organisation if entry else "",
                    org_number=entry.org_number if entry else "", organisation_type=entry.type if entry else "")
    affiliation = Affiliation(campaign_key=campaign.key, org_key=key, organisation=entry.organisation if entry else "",
                              current_version=0, status=AffiliationStatus.NEEDS_REVIEW,
                              created_at=ctx.now, updated_at=ctx.now)
    session.add(affiliation)
    session.add(AffiliationVersion(affiliation=affiliation, version=0, submission=submission,
                                   status=AffiliationStatus.NEEDS_REVIEW, form=form_to_dict(form), problems=stored,
                                   created_at=ctx.now))
    session.flush()
    submission.affiliation_id, submission.version = affiliation.id, 0
    ctx.affiliation = affiliation
    _note(ctx, f"unreadable attempt: affiliation #{affiliation.id} needs review")
    return affiliation


def _note(ctx: MessageContext, text: str) -> None:
    ctx.detail = "; ".join(filter(None, (ctx.detail, text)))
