"""How `intake review show ID` prints an item: the record, its problems, versions, messages,
replies and staff actions as tables; with --save, the original messages and attachments."""

from __future__ import annotations

from pathlib import Path

from bot.cli.table import local, pairs, table
from bot.cli.texts import Texts, counted
from bot.db.purge import attachment_names
from bot.db.tables import Affiliation, AffiliationVersion, InboundMessage, OutboxMessage, StaffAction
from bot.errors import ConfigError, os_reason
from bot.inbound.stored import changed_fields
from bot.staff.details import Details, save_originals
from replies.phone import phone_for_people
from replies.views import change_labels


def show(details: Details, save: Path | None, t: Texts) -> int:
    if details.affiliation is not None:
        _affiliation(details.affiliation, t)
    elif details.message is not None:
        _message(details.message, t)
    else:
        assert details.reply is not None
        _reply(details.reply, t)
    _messages(details.messages if details.message is None else [], t)
    _replies(details.replies if details.reply is None else [], t)
    _actions(details.actions, t)
    if save is not None:
        try:
            written = save_originals(details, save)
        except OSError as exc:
            raise ConfigError("argument:--save", None, "cannot write {path}: {reason}",
                              path=str(exc.filename or save), reason=os_reason(exc)) from exc
        print(f"\n{counted(t, 'saved', len(written), count=len(written), folder=save)}")
        for path in written:
            print(f"  {path}")
    return 0


def shown(value: object, t: Texts) -> str:
    """A stored value as staff read it: lists joined, nothing as a dash."""
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return t.get(f"status_{value}", str(value)) if isinstance(value, str) else str(value)


def word(t: Texts, prefix: str, value: str) -> str:
    """A stored value (an outcome, a status, a kind) in staff's words, or as stored."""
    return t.get(f"{prefix}_{value}", value)


def _affiliation(affiliation: Affiliation, t: Texts) -> None:
    version = affiliation.versions[-1]
    form = version.form
    contact, decision = form.get("contact", {}), form.get("decision", {})
    print(t["show_affiliation"].format(ref=affiliation.id, organisation=affiliation.organisation))
    print()
    print(pairs([
        (t["label_campaign"], affiliation.campaign_key), (t["label_status"], shown(affiliation.status, t)),
        (t["label_version"], version.version), (t["label_org_number"], shown(form.get("org_number"), t)),
        (t["label_type"], shown(form.get("organisation_type"), t)),
        (t["label_contact"], ", ".join(filter(None, (contact.get("name"), contact.get("title")))) or "-"),
        (t["label_email"], shown(contact.get("email"), t)), (t["label_phone"], shown(phone_for_people(contact.get("phone", "")), t)),
        (t["label_decision"], ", ".join(filter(None, decision.values())) or "-"),
        (t["label_goals"], shown(form.get("goals"), t)), (t["label_sessions"], shown(form.get("sessions"), t)),
        (t["label_plan"], " ".join(form.get("plan_text", "").split())[:200] or "-"),
    ]))
    if version.problems:
        print(f"\n{t['show_problems']}")
        for problem in version.problems:
            print(f"- {problem['text']}")
    print(f"\n{t['show_versions']}")
    print(table((t["col_version"], t["col_when"], t["col_source"], t["col_status"], t["col_changes"]),
                [_version_row(v, affiliation.versions, t) for v in affiliation.versions]))


def _version_row(version: AffiliationVersion, versions: list[AffiliationVersion], t: Texts) -> tuple[object, ...]:
    # By number: an unreadable attempt's placeholder is version 0, before the first form read.
    before = next((v.form for v in versions if v.version == version.version - 1), None) if version.version > 1 else None
    if version.staff_action is not None:
        source = t["source_edit"].format(by=version.staff_action.by)
    else:
        message = version.submission.inbound_message
        source = t["source_form"].format(ref=f"m{message.id}", sender=message.from_address)
    changes = ", ".join(change_labels(changed_fields(before, version.form), t["language"])) if before is not None \
        else t["first_version"]
    return (version.version, local(version.created_at), source, shown(version.status, t), changes or "-")


def _message(message: InboundMessage, t: Texts) -> None:
    print(t["show_message"].format(ref=f"m{message.id}", subject=message.subject))
    print()
    print(pairs([
        (t["label_from"], message.from_address), (t["label_received"], local(message.received_at)),
        (t["label_message_id"], message.message_id), (t["label_kind"], word(t, "mkind", message.kind)),
        (t["label_outcome"], word(t, "outcome", message.outcome)), (t["label_detail"], message.detail or "-"),
        (t["label_files"], ", ".join(attachment_names(message)) or "-"),
        (t["label_handled"], local(message.handled_at)), (t["label_purged"], local(message.purged_at)),
    ]))


def _reply(reply: OutboxMessage, t: Texts) -> None:
    print(t["show_reply"].format(ref=f"s{reply.id}", subject=reply.subject))
    print()
    print(pairs([
        (t["label_to"], ", ".join(reply.recipients)), (t["label_kind"], word(t, "rkind", reply.kind)),
        (t["label_status"], word(t, "outbox", reply.status)), (t["label_created"], local(reply.created_at)),
        (t["label_sent"], local(reply.sent_at)), (t["label_error"], reply.last_error or "-"),
        (t["label_message_id"], reply.message_id), (t["label_handled"], local(reply.handled_at)),
    ]))


def _messages(messages: list[InboundMessage], t: Texts) -> None:
    if messages:
        print(f"\n{t['show_messages']}")
        print(table((t["col_ref"], t["col_when"], t["col_who"], t["col_about"], t["col_outcome"], t["col_files"]),
                    [(f"m{m.id}", local(m.received_at), m.from_address, m.subject, word(t, "outcome", m.outcome),
                      ", ".join(attachment_names(m)) or "-") for m in messages]))


def _replies(replies: list[OutboxMessage], t: Texts) -> None:
    if replies:
        print(f"\n{t['show_replies']}")
        print(table((t["col_ref"], t["col_when"], t["col_to"], t["col_about"], t["col_status"], t["col_error"]),
                    [(f"s{r.id}", local(r.created_at), ", ".join(r.recipients), r.subject, word(t, "outbox", r.status),
                      r.last_error or "-") for r in replies]))


def _actions(actions: list[StaffAction], t: Texts) -> None:
    print(f"\n{t['show_actions']}")
    if not actions:
        print(t["no_actions"])
        return
    print(table((t["col_when"], t["col_by"], t["col_action"], t["col_changes"], t["col_note"]),
                [(local(a.at), a.by, t[f"action_{a.action}"], _changes(a.changes, t), a.note or "-") for a in actions],
                max_cell=80))


def _changes(changes: dict[str, list[object]], t: Texts) -> str:
    return "; ".join(f"{label(field, t)}: {shown(before, t)} → {shown(after, t)}"
                     for field, (before, after) in changes.items()) or "-"


def label(field: str, t: Texts) -> str:
    """A field's name as staff read it: "kontaktpersonens e-postadress" for contact.email."""
    return t.get(f"field_{field}") or (change_labels((field,), t["language"]) or (field,))[0]
