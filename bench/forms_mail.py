"""Affiliation forms as senders mail them, for the benchmark mailbox.

Each form is built from the campaign's blank official form (tests/support/formbuilder.py) in
one of every filling (the five styles, tracked changes, a LibreOffice re-save), from an
organisation on the campaign's roster or, now and then, one that is not. The case number is in
the subject, or only in the body, or only in the form itself. Later in the backlog an
organisation may send its form again unchanged (a resend: same body, new Message-ID) or an
updated one (other goals: a new version).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import formataddr

from bench.mime import file_part, message, mixed, text_part
from bench.unrelated import DOCX
from parsers.model import Campaign, Contact, Decision, RosterEntry, Signature
from tests.support.formbuilder import Filling, FillValues, build_filling

FILLINGS = tuple(Filling)
OFF_ROSTER = (RosterEntry("Föreningen Jämlik Framtid", "802456-1234", "Förening", ("jamlikframtid.se",)),
              RosterEntry("Studieförbundet Kunskapsvägen", "802501-9876", "Studieförbund", ("kunskapsvagen.se",)),
              RosterEntry("Bostadsbolaget Hemma AB", "556677-8899", "Företag", ("hemmabostad.se",)))
FIRST = ("Anna", "Erik", "Fatima", "Lars", "Maja", "Omar", "Karin", "Nils", "Sofia", "Jonas")
LAST = ("Berg", "Lindqvist", "Ahmed", "Sjöberg", "Holm", "Karlsson", "Nyström", "Ek", "Strand", "Åberg")


@dataclass(frozen=True)
class SentForm:
    """What a sender mailed: enough to send it again, or an updated version of it."""

    number: int          # the form's place among the forms; a resend keeps it (and so its body)
    campaign: Campaign
    organisation: RosterEntry
    values: FillValues
    filling: Filling
    variant: int
    found_in: str        # subject | body | attachment: where the case number is
    docx: bytes
    text: str
    subject: str


class FormMaker:
    """Builds the backlog's forms in order, remembering what each organisation sent."""

    def __init__(self, campaigns: dict[str, Campaign]) -> None:
        self.campaigns = campaigns
        self.blanks = {key: c.form_path.read_bytes() for key, c in campaigns.items() if c.form_path}
        self.sent: list[SentForm] = []

    def next(self, rng: random.Random, number: int) -> tuple[str, SentForm]:
        """(kind, form) for the ``number``-th form: first, resent or updated."""
        if self.sent and rng.random() < 0.1:
            return "resent", rng.choice(self.sent)
        earlier = [f for f in self.sent if f.organisation.org_number]
        if earlier and rng.random() < 0.15:
            before = rng.choice(earlier)
            values = replace(before.values, goals=_goals(rng, before.campaign))
            return "updated", self._made(before.campaign, before.organisation, values, number, rng)
        return "first", self.first(rng, number)

    def first(self, rng: random.Random, number: int, off_roster: float = 0.08) -> SentForm:
        """A form from a contact not seen before (its organisation may have sent one already),
        now and then (``off_roster``) from an organisation the roster does not know."""
        campaign = self.campaigns[_campaign_key(rng, self.campaigns)]
        organisation = rng.choice(OFF_ROSTER) if rng.random() < off_roster else rng.choice(campaign.roster)
        return self._made(campaign, organisation, _values(rng, campaign, organisation, number), number, rng)

    def _made(self, campaign: Campaign, organisation: RosterEntry, values: FillValues, number: int,
              rng: random.Random) -> SentForm:
        filling, variant = FILLINGS[number % len(FILLINGS)], number % 4
        docx = build_filling(self.blanks[campaign.key], campaign, values, filling, variant=variant)
        found_in = rng.choices(("subject", "body", "attachment"), (80, 12, 8))[0]
        subject, text = _wording(rng, campaign, organisation.organisation, found_in)
        form = SentForm(number, campaign, organisation, values, filling, variant, found_in, docx, text, subject)
        self.sent.append(form)
        return form


def form_message(form: SentForm, index: int, date: datetime) -> bytes:
    contact = form.values.contact
    headers = {"From": formataddr((contact.name, contact.email)), "To": form.campaign.reply_from,
               "Subject": form.subject, "Message-ID": f"<bench-{index}@form.example>"}
    body = mixed(text_part(form.text), file_part(form.docx, DOCX, f"Anslutningsblankett {form.organisation.organisation}.docx"))
    return message(headers, date, body, f"f{form.number}")  # a resend is the same body, byte for byte


def _campaign_key(rng: random.Random, campaigns: dict[str, Campaign]) -> str:
    keys = sorted(campaigns)
    weights = [len(campaigns[k].roster) for k in keys]  # the larger county sends more forms
    return rng.choices(keys, weights)[0]


def _goals(rng: random.Random, campaign: Campaign) -> tuple[int, ...]:
    return tuple(sorted(rng.sample([g.number for g in campaign.goals], rng.randrange(1, 5))))


def _values(rng: random.Random, campaign: Campaign, organisation: RosterEntry, number: int) -> FillValues:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = organisation.domains[0] if organisation.domains else "example.se"
    email = f"{first.lower()}.{last.lower().replace('å', 'a').replace('ö', 'o')}{number}@{domain}"
    sessions = (rng.choice(campaign.sessions).id,) if campaign.sessions and rng.random() < 0.7 else ()
    return FillValues(
        organisation=organisation.organisation, org_number=organisation.org_number,
        organisation_type=organisation.type, contact=Contact(f"{first} {last}", "Utvecklingsledare", email,
                                                             f"0{rng.randrange(10, 99)}-{rng.randrange(100000, 999999)}"),
        decision=Decision("Kommunstyrelsen", f"§ {rng.randrange(1, 200)}", f"2025-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
                          f"KS 2025/{rng.randrange(10, 400)}"),
        goals=_goals(rng, campaign), sessions=sessions, signature=Signature("2025-05-02", f"{first} {last}", "Kommundirektör"))


def _wording(rng: random.Random, campaign: Campaign, organisation: str, found_in: str) -> tuple[str, str]:
    case = campaign.case_number
    greeting = f"Hej,\n\nBifogat finns {organisation}s anslutningsblankett"
    if found_in == "subject":
        subject = rng.choice((f"Anslutningsblankett {campaign.name}, Dnr {case}", f"Dnr {case} – anslutning {organisation}",
                              f"Ansökan om anslutning ({case})", f"{case} Anslutningsblankett"))
        return subject, f"{greeting}.\n\nVänliga hälsningar\n"
    if found_in == "body":
        return (f"Anslutning till {campaign.name}",
                f"{greeting} i ärende dnr {case}.\n\nVänliga hälsningar\n")
    return f"Anslutningsblankett {organisation}", f"{greeting}.\n\nMvh\n"
