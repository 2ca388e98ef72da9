"""What the command line says to staff, in Swedish (default) and English.

The general texts are here; those of the staff commands (review, digest, registrar, status,
purge) are in bot/cli/words/<language>.toml, read when the command line starts.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

Texts = dict[str, str]  # message key -> text in one language
WORDS = Path(__file__).parent / "words"

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "description": "intake-bot: tar emot anslutningsblanketter från den gemensamma brevlådan, "
                       "registrerar dem och skickar bekräftelser.",
        "epilog": "Inställningar: config/intake.toml (eller INTAKE_CONFIG) och INTAKE_*-variabler. "
                  "Engelska: sätt INTAKE_LANGUAGE=en.",
        "config": "inställningsfil (TOML)",
        "verbose": "visa mer i loggen",
        "log_format": "loggens form: text (standard) eller json (en JSON-rad per händelse)",
        "poll": "läs ny e-post en gång, behandla den och skicka det som ska skickas",
        "once": "en enda genomgång (krävs; för kontinuerlig drift, använd 'intake run')",
        "now": "tidpunkt att räkna som 'nu' (ISO 8601, t.ex. 2025-05-01T09:00+02:00)",
        "run": "kör arbetaren kontinuerligt (läser brevlådan med jämna mellanrum)",
        "export": "exportera anslutningar (JSON, CSV eller Excel)",
        "format": "exportformat",
        "output": "skriv till fil i stället för till skärmen",
        "db": "databasen",
        "upgrade": "skapa eller uppgradera databasens tabeller",
        "demo": "visa hela flödet med inbyggda e-postservrar och exempelmeddelanden",
        "samples": "katalog med exempelmeddelanden (.eml)",
        "error": "fel",
        "upgraded": "Databasen är uppgraderad till version {revision}.",
        "pass_summary": "Läste {scanned} nya meddelanden, {ours} gällde en kampanj ({outcomes}).",
        "pass_summary_one": "Läste 1 nytt meddelande, {ours} gällde en kampanj ({outcomes}).",
        "sent_summary": "Skickade {sent}, {deferred} väntar på nytt försök, {failed} misslyckades.",
        "exported": "Exporterade {count} anslutningar till {path}.",
        "exported_one": "Exporterade 1 anslutning till {path}.",
        "run_started": "Arbetaren läser brevlådan var {seconds}:e sekund och direkt när ny e-post kommer. "
                       "Avsluta med Ctrl+C.",
        "remind": "skicka de påminnelser om informationsträffar som ska ut nu (och ändrade träffar)",
        "reminders_queued": "Köade {count} påminnelser.",
        "reminders_queued_one": "Köade 1 påminnelse.",
        "changes_summary": "Informationsträffar i kampanjfilerna: {added} nya, {updated} ändrade, {cancelled} "
                           "inställda; {messages} inbjudningar, uppdateringar och avbokningar köade.",
        "sessions": "visa informationsträffarna: inbjudna och svar per träff",
        "sessions_session": "visa vilka som är inbjudna till träffen med detta id",
        "sessions_campaign": "bara kampanjen med denna nyckel",
        "sessions_none": "Inga informationsträffar att visa.",
        "sessions_nobody": "Ingen är inbjuden ännu.",
        "sessions_col_session": "Träff",
        "sessions_col_when": "Tid (svensk tid)",
        "sessions_col_state": "Läge",
        "sessions_col_invited": "Inbjudna",
        "sessions_col_accepted": "Tackat ja",
        "sessions_col_tentative": "Preliminärt",
        "sessions_col_declined": "Tackat nej",
        "sessions_col_no_answer": "Inget svar",
        "sessions_col_organisation": "Organisation",
        "sessions_col_contact": "Kontaktperson",
        "sessions_col_answer": "Svar",
        "sessions_col_answered": "Svarade",
        "sessions_col_why": "Inbjuden för att",
        "state_upcoming": "kommande",
        "state_started": "har ägt rum",
        "state_cancelled": "inställd",
        "state_removed": "borttagen",
        "answer_NEEDS-ACTION": "inget svar",
        "answer_ACCEPTED": "tackat ja",
        "answer_TENTATIVE": "preliminärt",
        "answer_DECLINED": "tackat nej",
        "answer_DELEGATED": "delegerat",
        "why_ticked": "kryssad i blanketten",
        "why_upcoming": "ingen kryssad träff kvar",
        "why_added": "träffen lades till senare",
    },
    "en": {
        "description": "intake-bot: takes affiliation forms from the shared mailbox, registers them "
                       "and sends confirmations.",
        "epilog": "Settings: config/intake.toml (or INTAKE_CONFIG) and INTAKE_* variables. "
                  "Swedish: set INTAKE_LANGUAGE=sv.",
        "config": "settings file (TOML)",
        "verbose": "log more",
        "log_format": "the log's form: text (the default) or json (one JSON line per event)",
        "poll": "read new mail once, process it and send what is due",
        "once": "a single pass (required; for continuous operation use 'intake run')",
        "now": "the time to treat as 'now' (ISO 8601, e.g. 2025-05-01T09:00+02:00)",
        "run": "run the worker continuously (reads the mailbox at intervals)",
        "export": "export affiliations (JSON, CSV or Excel)",
        "format": "export format",
        "output": "write to a file instead of the screen",
        "db": "the database",
        "upgrade": "create or upgrade the database tables",
        "demo": "show the whole flow with embedded mail servers and sample messages",
        "samples": "directory of sample messages (.eml)",
        "error": "error",
        "upgraded": "The database is at revision {revision}.",
        "pass_summary": "Read {scanned} new messages, {ours} concerned a campaign ({outcomes}).",
        "pass_summary_one": "Read 1 new message, {ours} concerned a campaign ({outcomes}).",
        "sent_summary": "Sent {sent}, {deferred} waiting to retry, {failed} failed.",
        "exported": "Exported {count} affiliations to {path}.",
        "exported_one": "Exported 1 affiliation to {path}.",
        "run_started": "The worker reads the mailbox every {seconds} seconds, and at once when new mail "
                       "arrives. Stop with Ctrl+C.",
        "remind": "send the reminders of information sessions that are due now (and changed sessions)",
        "reminders_queued": "Queued {count} reminders.",
        "reminders_queued_one": "Queued 1 reminder.",
        "changes_summary": "Information sessions in the campaign files: {added} new, {updated} changed, "
                           "{cancelled} cancelled; {messages} invitations, updates and cancellations queued.",
        "sessions": "show the information sessions: invitees and answers per session",
        "sessions_session": "show who is invited to the session with this id",
        "sessions_campaign": "only the campaign with this key",
        "sessions_none": "No information sessions to show.",
        "sessions_nobody": "Nobody is invited yet.",
        "sessions_col_session": "Session",
        "sessions_col_when": "Time (Swedish time)",
        "sessions_col_state": "State",
        "sessions_col_invited": "Invited",
        "sessions_col_accepted": "Accepted",
        "sessions_col_tentative": "Tentative",
        "sessions_col_declined": "Declined",
        "sessions_col_no_answer": "No answer",
        "sessions_col_organisation": "Organisation",
        "sessions_col_contact": "Contact",
        "sessions_col_answer": "Answer",
        "sessions_col_answered": "Answered",
        "sessions_col_why": "Invited because",
        "state_upcoming": "upcoming",
        "state_started": "has taken place",
        "state_cancelled": "cancelled",
        "state_removed": "removed",
        "answer_NEEDS-ACTION": "no answer",
        "answer_ACCEPTED": "accepted",
        "answer_TENTATIVE": "tentative",
        "answer_DECLINED": "declined",
        "answer_DELEGATED": "delegated",
        "why_ticked": "ticked in the form",
        "why_upcoming": "no ticked session left",
        "why_added": "session added later",
    },
}



def counted(t: Texts, key: str, number: int, /, **values: object) -> str:
    """The text of ``key`` for ``number`` things: ``<key>_one`` when there is one (tests/bot/cli/
    test_plurals.py requires a ``_one`` beside every text that counts)."""
    chosen = f"{key}_one" if number == 1 and f"{key}_one" in t else key
    return t[chosen].format(**values)


def texts_for(language: str) -> Texts:
    language = language if language in TEXTS else "sv"
    staff = tomllib.loads((WORDS / f"{language}.toml").read_text(encoding="utf-8"))
    return {**TEXTS[language], **staff}
