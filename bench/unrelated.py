"""The mail in a board's shared mailbox that is not ours, as builders seeded per message.

Every builder is ``(rng, index, date) -> bytes``: plain notes between colleagues (some with an
HTML alternative, some naming another matter's case number), newsletters with List-Id,
letters in other matters (another case number in the subject, sometimes a PDF), invoices and
reports with a 1–10 MB PDF, and other Word documents (minutes, consultation answers).
None names a campaign's case number anywhere, so none is ours.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from collections.abc import Callable
from datetime import datetime

from bench.mime import alternative, file_part, message, mixed, text_part

Builder = Callable[[random.Random, int, datetime], bytes]
MB = 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORDS = ("ärendet", "mötet", "underlaget", "beslutet", "remissen", "budgeten", "kommunen", "regionen", "planen",
         "uppföljningen", "rapporten", "enheten", "samverkan", "länet", "verksamheten", "statistiken", "tidplanen",
         "förslaget", "yttrandet", "projektet", "handläggningen", "tillsynen", "bidraget", "redovisningen")
VERBS = ("gäller", "behöver", "påverkar", "beskriver", "omfattar", "kompletterar", "ersätter", "följer upp")
PEOPLE = ("karin.lind", "per.holm", "sara.ek", "johan.berg", "lena.strand", "ali.hassan", "maria.nilsson")
SENDERS = ("lansstyrelsen.se", "boverket.se", "naturvardsverket.se", "skr.se", "vgregion.se", "goteborg.se")
LISTS = (("Nyhetsbrev Boverket", "nyheter.boverket.se"), ("SKR Aktuellt", "aktuellt.skr.se"),
         ("Naturvårdsverket informerar", "info.naturvardsverket.se"), ("Jämställdhetsmyndigheten", "jamy.se"))
BOARD = "vastragotaland@lansstyrelsen.se"
_POOL_SIZE = 11 * MB


def sentences(rng: random.Random, count: int) -> str:
    return " ".join(f"{rng.choice(WORDS).capitalize()} {rng.choice(VERBS)} {rng.choice(WORDS)} och "
                    f"{rng.choice(WORDS)} inför {rng.choice(WORDS)}." for _ in range(count))


def other_case_number(rng: random.Random) -> str:
    """A case number of another matter: never one of the campaigns' 801-9838-2024, 801-2231-2024."""
    return f"{rng.choice((203, 421, 511, 526, 532, 601))}-{rng.randrange(1000, 99999)}-{rng.choice((2024, 2025))}"


def _headers(rng: random.Random, index: int, subject: str, sender: str | None = None) -> dict[str, str]:
    sender = sender or f"{rng.choice(PEOPLE)}@{rng.choice(SENDERS)}"
    return {"From": sender, "To": BOARD, "Subject": subject, "Message-ID": f"<bench-{index}@unrelated.example>"}


def note(rng: random.Random, index: int, date: datetime) -> bytes:
    """A note between colleagues, 0.3–4 KB; a third with an HTML alternative as Outlook sends."""
    text = f"Hej,\n\n{sentences(rng, rng.randrange(2, 25))}\n\nHälsningar\n{rng.choice(PEOPLE).split('.')[0].title()}\n"
    subject = rng.choice(("Möte på torsdag", "Fråga om underlaget", "Re: tidplanen", "Protokoll", "Ledig vecka 32",
                          "Angående remissen", "Synpunkter", "Uppföljning"))
    if rng.random() < 0.15:
        text += f"\nSe även dnr {other_case_number(rng)}.\n"
    body = alternative(text, f"<html><body><p>{text.replace(chr(10), '<br>')}</p></body></html>") \
        if rng.random() < 0.33 else text_part(text)
    return message(_headers(rng, index, subject), date, body, str(index))


def newsletter(rng: random.Random, index: int, date: datetime) -> bytes:
    """A newsletter with List-Id and List-Unsubscribe: plain and HTML, 10–60 KB."""
    name, domain = rng.choice(LISTS)
    items = "\n\n".join(sentences(rng, rng.randrange(3, 9)) for _ in range(rng.randrange(5, 25)))
    html = "".join(f"<h2>{rng.choice(WORDS).title()}</h2><p style=\"font-family:Arial\">{p}</p>"
                   for p in items.split("\n\n"))
    headers = _headers(rng, index, f"{name}: {rng.choice(WORDS)} och {rng.choice(WORDS)}", f"nyhetsbrev@{domain}")
    headers |= {"List-Id": f"{name} <{domain}>", "List-Unsubscribe": f"<https://{domain}/avregistrera?id={index}>",
                "Precedence": "bulk"}
    return message(headers, date, alternative(items, f"<html><body>{html}</body></html>"), str(index))


def other_matter(rng: random.Random, index: int, date: datetime) -> bytes:
    """A letter in another matter: its case number in the subject; a third with a small PDF."""
    number = other_case_number(rng)
    subject = rng.choice((f"Dnr {number} Yttrande", f"Komplettering {number}", f"Ärende {number} – beslut"))
    body = text_part(f"Hej,\n\nI ärende {number}: {sentences(rng, rng.randrange(3, 12))}\n")
    if rng.random() < 0.33:
        body = mixed(body, file_part(pdf_bytes(rng, rng.randrange(80_000, 600_000)), PDF, f"Beslut {number}.pdf"))
    return message(_headers(rng, index, subject), date, body, str(index))


def invoice_or_report(rng: random.Random, index: int, date: datetime, low_mb: float = 1, high_mb: float = 10) -> bytes:
    """An invoice or a report with a PDF of ``low_mb``–``high_mb`` MB."""
    size = int(rng.uniform(low_mb, high_mb) * MB)
    kind, name = rng.choice((("Faktura", f"Faktura {rng.randrange(10000, 99999)}.pdf"),
                             ("Rapport", f"Årsrapport {rng.choice(WORDS)}.pdf"),
                             ("Rapport", f"Lägesrapport {date:%Y-%m}.pdf")))
    body = mixed(text_part(f"Hej,\n\nBifogar {kind.lower()}. {sentences(rng, 2)}\n"), file_part(pdf_bytes(rng, size), PDF, name))
    return message(_headers(rng, index, f"{kind} {name.removesuffix('.pdf')}"), date, body, str(index))


def document(rng: random.Random, index: int, date: datetime) -> bytes:
    """Another Word document (minutes, a consultation answer), 20–300 KB, maybe another case number."""
    title = rng.choice(("Protokoll styrgrupp", "Remissvar", "Minnesanteckningar", "Verksamhetsplan", "Inbjudan"))
    paragraphs = [title, sentences(rng, rng.randrange(10, 60))]
    if rng.random() < 0.4:
        paragraphs.append(f"Diarienummer {other_case_number(rng)}")
    docx = docx_bytes(paragraphs, rng.randbytes(rng.randrange(10_000, 250_000)))
    body = mixed(text_part(f"Hej,\n\n{title} bifogas.\n"), file_part(docx, DOCX, f"{title} {date:%Y-%m-%d}.docx"))
    return message(_headers(rng, index, title), date, body, str(index))


def pdf_bytes(rng: random.Random, size: int) -> bytes:
    """``size`` bytes that look like a PDF of compressed streams (incompressible, as real ones are)."""
    start = rng.randrange(0, _POOL_SIZE - size) if size < _POOL_SIZE else 0
    return b"%PDF-1.7\n" + _pool()[start:start + size] + b"\n%%EOF\n"


def docx_bytes(paragraphs: list[str], media: bytes) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                         '</Types>')
        package.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
                         f'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
        package.writestr("word/media/image1.png", media, zipfile.ZIP_STORED)
    return out.getvalue()


@functools.cache
def _pool() -> bytes:
    """One seeded 11 MB block of random bytes, made on first use; PDFs are slices of it."""
    return random.Random(0xBE9C4).randbytes(_POOL_SIZE)
