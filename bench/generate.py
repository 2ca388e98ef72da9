"""The benchmark backlog: a realistic shared mailbox, deterministic for a given spec and seed.

    python -m bench.generate --messages 2000 --forms 40    # prints the mix, seeds nothing

``seed_mailbox`` APPENDs the backlog to an IMAP folder with MULTIAPPEND in chunks (by count
and by bytes, so a chunk of large PDFs stays bounded), each message with its Date as the
INTERNALDATE, oldest first, dates spread evenly over ``spec.months`` months. It returns the
truth about every message: which are ours (the forms), for which campaign, and their sizes.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from imapclient import IMAPClient

from bench.forms_mail import FormMaker, form_message
from bench.unrelated import document, invoice_or_report, newsletter, note, other_matter
from bot.campaigns import load_campaigns
from parsers.model import Campaign
from tests.support.paths import CAMPAIGNS_DIR

START = datetime(2025, 3, 3, 8, 0, tzinfo=timezone(timedelta(hours=1)))
CHUNK_MESSAGES, CHUNK_BYTES = 500, 64 * 1024 * 1024


@dataclass(frozen=True)
class BacklogSpec:
    messages: int = 10_000
    forms: int = 200
    pdf_share: float = 0.01        # invoices and reports with a PDF of pdf_mb
    pdf_mb: tuple[float, float] = (1.0, 10.0)
    newsletter_share: float = 0.2
    other_matter_share: float = 0.12
    document_share: float = 0.05   # other .docx documents
    months: int = 9
    seed: int = 13


@dataclass(frozen=True)
class Truth:
    """One generated message: what it is and whether it is ours."""

    index: int
    message_id: str
    kind: str            # form-first | form-resent | form-updated | note | newsletter | ...
    campaign: str | None  # the campaign key of a form, None for the rest
    found_in: str        # where a form's case number is: subject | body | attachment
    size: int

    @property
    def ours(self) -> bool:
        return self.campaign is not None


def shipped_campaigns() -> dict[str, Campaign]:
    return {c.key: c for c in load_campaigns(CAMPAIGNS_DIR)}


def backlog(spec: BacklogSpec, campaigns: dict[str, Campaign]) -> Iterator[tuple[bytes, datetime, Truth]]:
    """Every message of the backlog, oldest first, built one at a time."""
    rng = random.Random(spec.seed)
    form_slots = set(rng.sample(range(spec.messages), min(spec.forms, spec.messages)))
    kinds = _unrelated_kinds(spec)
    forms = FormMaker(campaigns)
    step = timedelta(days=30.4 * spec.months) / max(spec.messages, 1)
    for index in range(spec.messages):
        own = random.Random(f"{spec.seed}:{index}")  # each message from its own seed: one edit, one message
        date = START + step * index + timedelta(seconds=own.randrange(0, max(int(step.total_seconds()), 1)))
        if index in form_slots:
            kind, form = forms.next(rng, len(forms.sent))
            raw = form_message(form, index, date)
            yield raw, date, Truth(index, _message_id(raw), f"form-{kind}", form.campaign.key, form.found_in, len(raw))
            continue
        kind = own.choices(list(kinds), list(kinds.values()))[0]
        raw = _build(kind, own, index, date, spec)
        yield raw, date, Truth(index, _message_id(raw), kind, None, "", len(raw))


def seed_mailbox(client: IMAPClient, folder: str, spec: BacklogSpec,
                 campaigns: dict[str, Campaign]) -> list[Truth]:
    """APPEND the backlog to ``folder`` (MULTIAPPEND when offered) and return its truth."""
    truths: list[Truth] = []
    chunk: list[dict[str, object]] = []
    size = 0
    for raw, date, truth in backlog(spec, campaigns):
        chunk.append({"msg": raw, "flags": (), "date": date})
        truths.append(truth)
        size += len(raw)
        if len(chunk) >= CHUNK_MESSAGES or size >= CHUNK_BYTES:
            _append(client, folder, chunk)
            chunk, size = [], 0
    if chunk:
        _append(client, folder, chunk)
    return truths


def _append(client: IMAPClient, folder: str, chunk: list[dict[str, object]]) -> None:
    if client.has_capability("MULTIAPPEND"):
        client.multiappend(folder, chunk)
        return
    for item in chunk:
        client.append(folder, item["msg"], item["flags"], item["date"])  # type: ignore[arg-type]


def _unrelated_kinds(spec: BacklogSpec) -> dict[str, float]:
    shares = {"newsletter": spec.newsletter_share, "other_matter": spec.other_matter_share,
              "invoice_or_report": spec.pdf_share, "document": spec.document_share}
    unrelated = 1 - spec.forms / max(spec.messages, 1)  # the shares are of the whole mailbox
    kinds = {kind: share / unrelated for kind, share in shares.items()}
    kinds["note"] = max(0.0, 1 - sum(kinds.values()))
    return kinds


def _build(kind: str, rng: random.Random, index: int, date: datetime, spec: BacklogSpec) -> bytes:
    if kind == "note":
        return note(rng, index, date)
    if kind == "newsletter":
        return newsletter(rng, index, date)
    if kind == "other_matter":
        return other_matter(rng, index, date)
    if kind == "invoice_or_report":
        return invoice_or_report(rng, index, date, *spec.pdf_mb)
    if kind == "document":
        return document(rng, index, date)
    raise ValueError(f"unknown kind of mail: {kind}")


def _message_id(raw: bytes) -> str:
    start = raw.index(b"Message-ID: ") + len(b"Message-ID: ")
    return raw[start:raw.index(b"\r\n", start)].decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=BacklogSpec.messages)
    parser.add_argument("--forms", type=int, default=BacklogSpec.forms)
    args = parser.parse_args()
    spec = BacklogSpec(messages=args.messages, forms=args.forms)
    counts: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for _, _, truth in backlog(spec, shipped_campaigns()):
        counts[truth.kind] += 1
        sizes[truth.kind] += truth.size
    print("| kind | messages | MB |\n|---|---|---|")
    for kind in sorted(counts):
        print(f"| {kind} | {counts[kind]} | {sizes[kind] / 2**20:.1f} |")
    print(f"| all | {sum(counts.values())} | {sum(sizes.values()) / 2**20:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
