"""What the command line says to staff, in Swedish (default) and English."""

from __future__ import annotations

Texts = dict[str, str]  # message key -> text in one language

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "description": "intake-bot: tar emot anslutningsblanketter från den gemensamma brevlådan, "
                       "registrerar dem och skickar bekräftelser.",
        "epilog": "Inställningar: config/intake.toml (eller INTAKE_CONFIG) och INTAKE_*-variabler. "
                  "Engelska: sätt INTAKE_LANGUAGE=en.",
        "config": "inställningsfil (TOML)",
        "verbose": "visa mer i loggen",
        "poll": "läs ny e-post en gång, behandla den och skicka det som ska skickas",
        "once": "en enda genomgång (krävs; för kontinuerlig drift, använd 'intake run')",
        "now": "tidpunkt att räkna som 'nu' (ISO 8601, t.ex. 2025-05-01T09:00+02:00)",
        "run": "kör arbetaren kontinuerligt (läser brevlådan med jämna mellanrum)",
        "export": "exportera anslutningar (JSON eller CSV för Excel)",
        "format": "exportformat",
        "output": "skriv till fil i stället för till skärmen",
        "db": "databasen",
        "upgrade": "skapa eller uppgradera databasens tabeller",
        "demo": "visa hela flödet med inbyggda e-postservrar och exempelmeddelanden",
        "samples": "katalog med exempelmeddelanden (.eml)",
        "review": "visa det som behöver en handläggare: anslutningar att granska, meddelanden som boten "
                  "inte kunde hantera, korrespondens och svar som inte kom fram",
        "days": "hur många dagar bakåt (standard 30)",
        "review_empty": "Inget att granska de senaste {days} dagarna.",
        "review_heading": "{count} saker att titta på de senaste {days} dagarna:",
        "review_affiliation": "anslutning",
        "review_message": "meddelande",
        "review_reply": "svar",
        "error": "fel",
        "upgraded": "Databasen är uppgraderad till version {revision}.",
        "pass_summary": "Läste {scanned} nya meddelanden, {ours} gällde en kampanj ({outcomes}).",
        "sent_summary": "Skickade {sent}, {deferred} väntar på nytt försök, {failed} misslyckades.",
        "exported": "Exporterade {count} anslutningar till {path}.",
        "run_started": "Arbetaren läser brevlådan var {seconds}:e sekund och direkt när ny e-post kommer. "
                       "Avsluta med Ctrl+C.",
    },
    "en": {
        "description": "intake-bot: takes affiliation forms from the shared mailbox, registers them "
                       "and sends confirmations.",
        "epilog": "Settings: config/intake.toml (or INTAKE_CONFIG) and INTAKE_* variables. "
                  "Swedish: set INTAKE_LANGUAGE=sv.",
        "config": "settings file (TOML)",
        "verbose": "log more",
        "poll": "read new mail once, process it and send what is due",
        "once": "a single pass (required; for continuous operation use 'intake run')",
        "now": "the time to treat as 'now' (ISO 8601, e.g. 2025-05-01T09:00+02:00)",
        "run": "run the worker continuously (reads the mailbox at intervals)",
        "export": "export affiliations (JSON, or CSV for Excel)",
        "format": "export format",
        "output": "write to a file instead of the screen",
        "db": "the database",
        "upgrade": "create or upgrade the database tables",
        "demo": "show the whole flow with embedded mail servers and sample messages",
        "samples": "directory of sample messages (.eml)",
        "review": "show what needs a person: affiliations to review, messages the bot could not handle, "
                  "correspondence and replies that did not arrive",
        "days": "how many days back (default 30)",
        "review_empty": "Nothing to review in the last {days} days.",
        "review_heading": "{count} things to look at in the last {days} days:",
        "review_affiliation": "affiliation",
        "review_message": "message",
        "review_reply": "reply",
        "error": "error",
        "upgraded": "The database is at revision {revision}.",
        "pass_summary": "Read {scanned} new messages, {ours} concerned a campaign ({outcomes}).",
        "sent_summary": "Sent {sent}, {deferred} waiting to retry, {failed} failed.",
        "exported": "Exported {count} affiliations to {path}.",
        "run_started": "The worker reads the mailbox every {seconds} seconds, and at once when new mail "
                       "arrives. Stop with Ctrl+C.",
    },
}



def texts_for(language: str) -> Texts:
    return TEXTS.get(language, TEXTS["sv"])
