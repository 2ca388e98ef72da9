"""The staff digest: what came in, what needs a person, coverage of the county and the goals
chosen, as one message to a campaign's staff with the current export attached (.xlsx).

Each section is shown only when it has something in it. The goal chart is an HTML table whose
cells have widths and background colours: Outlook's Word engine ignores most CSS but draws
those. Times are shown in Swedish local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from parsers.model import LOCAL_ZONE, InfoSession
from replies.cleaning import single_line
from replies.dates import format_day, format_moment, format_session
from replies.message import Addressing, AutoSubmitted, OutgoingFile, file_name, set_body, set_headers, set_language
from replies.render import Templates
from replies.views import change_labels

BAR_PIXELS = 260   # the longest bar in the HTML chart
BAR_CHARS = 30     # ...and in the text part
COVERAGE_PIXELS = 300  # the whole of a coverage bar (all on the roster)


@dataclass(frozen=True)
class NewVersion:
    ref: str                        # the affiliation's number, for `intake review show`
    organisation: str
    version: int
    status: str                     # AffiliationStatus value
    goals: tuple[int, ...]
    changes: tuple[str, ...] = ()   # dotted field names changed since the version before
    edited_by: str = ""             # the person whose edit made it; "" for a form


@dataclass(frozen=True)
class Item:
    """Something waiting for a person: why, who, and the command that resolves it."""

    ref: str
    reason: str                     # bot.staff.queue.Reason value
    who: str
    about: str
    detail: str
    since: datetime
    command: str


@dataclass(frozen=True)
class Waiting:
    ref: str
    who: str
    since: datetime
    problems: tuple[str, ...]       # empty: the file could not be read as the form


@dataclass(frozen=True)
class Coverage:
    type: str                       # the roster's organisation type, e.g. "Kommun"
    joined: int
    total: int
    missing: tuple[str, ...]
    in_progress: tuple[str, ...]


@dataclass(frozen=True)
class GoalCount:
    number: int
    title: str
    count: int


@dataclass(frozen=True)
class SessionCount:
    """An information session still to come and how its invitees have answered."""

    session: InfoSession            # times in the board's local time
    invited: int
    accepted: int
    tentative: int
    declined: int
    no_answer: int


@dataclass(frozen=True)
class Digest:
    addressing: Addressing          # to the campaign's staff; reply_to their own address
    day: date                       # the period: the local date of the schedule's slot
    since: datetime | None          # when the digest before was made; None for the first
    new: tuple[NewVersion, ...] = ()
    needs_person: tuple[Item, ...] = ()
    waiting: tuple[Waiting, ...] = ()
    failed: tuple[Item, ...] = ()
    correspondence: tuple[Item, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    goals: tuple[GoalCount, ...] = ()
    sessions: tuple[SessionCount, ...] = ()
    attachment: OutgoingFile | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing new and nothing waiting (coverage, goals and sessions are standing figures, not news)."""
        return not (self.new or self.needs_person or self.waiting or self.failed or self.correspondence)


def compose_digest(digest: Digest, env: Templates) -> EmailMessage:
    """The complete digest; ValueError for values that cannot make a correct message."""
    addressing = digest.addressing
    addressing.check()
    language, campaign = addressing.language, addressing.campaign
    subject = single_line(env.word(language, "digest.subject", name=campaign.name,
                                   day=format_day(digest.day, language)))
    context = _context(digest, env, subject)
    message = EmailMessage()
    set_headers(message, addressing, subject, AutoSubmitted.AUTO_GENERATED)
    set_body(message, text=env.render_message("digest", language, "txt", context),
             html=env.render_message("digest", language, "html", context),
             files=(digest.attachment,) if digest.attachment else ())
    set_language(message, language)
    return message


def _context(digest: Digest, env: Templates, subject: str) -> dict[str, object]:
    language, campaign = digest.addressing.language, digest.addressing.campaign
    now = digest.addressing.now
    return {
        "subject": subject, "campaign": campaign, "case_number": campaign.case_number,
        "day": format_day(digest.day, language),
        "since": _when(digest.since, language) if digest.since else None,
        "empty": digest.is_empty,
        "new": [_new_view(v, language) for v in digest.new],
        "needs_person": [_item_view(i, env, language) for i in digest.needs_person],
        "waiting": [_waiting_view(w, now) for w in digest.waiting],
        "failed": [_item_view(i, env, language) for i in digest.failed],
        "correspondence": [_item_view(i, env, language) for i in digest.correspondence],
        "coverage": [_coverage_view(c, env, language) for c in digest.coverage],
        "goals": _goal_bars(digest.goals),
        "sessions": [_session_view(c, language) for c in digest.sessions],
        "attachment_name": file_name(digest.attachment.name) if digest.attachment else None,
        "staff": ", ".join(digest.addressing.to),
    }


def _when(moment: datetime, language: str) -> str:
    return format_moment(moment.astimezone(LOCAL_ZONE), language)


def _new_view(version: NewVersion, language: str) -> dict[str, object]:
    return {"ref": version.ref, "organisation": single_line(version.organisation), "version": version.version,
            "status": version.status, "goals": ", ".join(str(g) for g in version.goals) or "–",
            "changes": ", ".join(change_labels(version.changes, language)), "edited_by": single_line(version.edited_by)}


def _item_view(item: Item, env: Templates, language: str) -> dict[str, object]:
    return {"ref": item.ref, "reason": env.word(language, f"digest_reasons.{item.reason}"),
            "who": single_line(item.who), "about": single_line(item.about), "detail": single_line(item.detail)[:300],
            "since": _when(item.since, language), "command": item.command}


def _waiting_view(waiting: Waiting, now: datetime) -> dict[str, object]:
    days = (now.astimezone(LOCAL_ZONE).date() - waiting.since.astimezone(LOCAL_ZONE).date()).days
    return {"ref": waiting.ref, "who": single_line(waiting.who), "days": max(days, 0),
            "problems": [single_line(p) for p in waiting.problems]}


def _coverage_view(coverage: Coverage, env: Templates, language: str) -> dict[str, object]:
    kind = coverage.type.strip().lower()
    plural = env.words[language].get(f"digest_types.{kind}", kind) if coverage.total != 1 else kind
    return {"line": env.word(language, "digest.coverage_line", joined=coverage.joined, total=coverage.total,
                             plural=plural),
            "missing": ", ".join(coverage.missing), "in_progress": ", ".join(coverage.in_progress),
            "scale": COVERAGE_PIXELS, "pixels": round(coverage.joined / (coverage.total or 1) * COVERAGE_PIXELS)}


def _session_view(count: SessionCount, language: str) -> dict[str, object]:
    return {"title": single_line(count.session.title), "when": format_session(count.session, language),
            "invited": count.invited, "accepted": count.accepted, "tentative": count.tentative,
            "declined": count.declined, "no_answer": count.no_answer}


def _goal_bars(goals: tuple[GoalCount, ...]) -> list[dict[str, object]]:
    top = max((g.count for g in goals), default=0) or 1
    return [{"number": g.number, "title": _shortened(single_line(g.title), 48), "count": g.count,
             "pixels": round(g.count / top * BAR_PIXELS), "chars": ("█" * round(g.count / top * BAR_CHARS)).ljust(BAR_CHARS)}
            for g in goals]


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
