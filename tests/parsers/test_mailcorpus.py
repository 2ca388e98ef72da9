"""The mail corpus (tests/mailcorpus.py), row by row, through the pure steps: route, classify,
attachments, DMARC, the form parser; and through a real IMAP server's BODYSTRUCTURE, which
must route every message the same way as the message read whole."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.authresults import dmarc_result
from parsers.classify import Kind, classify
from parsers.form.parse import parse_form
from parsers.mime.message import attachments, body_text, parse_message, thread_ids
from parsers.mime.html_text import html_to_text
from parsers.mime.structure import section_files, section_text, structure_parts
from parsers.mime.walk import body_text_parts
from parsers.model import Severity
from parsers.roster import match_organisation
from parsers.route import Route, docx_sections, route_message, route_structure, text_sections
from tests.data.mail.kit import BANNER, CAMPAIGNS
from tests.support.mailcorpus import AUTHSERV_ID, CORPUS, CorpusCase, our_message_ids
from tests.support.servers import ImapServer, Mailbox

BY_KEY = {c.key: c for c in CAMPAIGNS}
IDS = [case.id for case in CORPUS]


def read(case: CorpusCase) -> EmailMessage:
    return parse_message(case.build())


def expected_route(case: CorpusCase) -> tuple[str | None, str]:
    """What parsers.route finds: "thread" rows are tied by the bot's outbox, not by route()."""
    return (None, "") if case.found_in == "thread" else (case.campaign, case.found_in)


def as_pair(found: Route) -> tuple[str | None, str]:
    return (found.campaign.key if found.campaign else None, found.found_in)


def test_the_corpus_is_large_varied_and_consistent() -> None:
    assert len(CORPUS) >= 40 and len(set(IDS)) == len(IDS)
    assert {case.kind for case in CORPUS} == {k.value for k in Kind}
    assert all(case.reply in ("none", "one") for case in CORPUS)
    assert all((case.campaign is None) == (case.outcome == "not_ours") for case in CORPUS)
    assert all(mid.startswith("<intake.confirmation.") for mid in our_message_ids)


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_builds_the_same_bytes_every_time(case: CorpusCase) -> None:
    assert case.build() == case.build()


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_route(case: CorpusCase) -> None:
    message = read(case)
    assert as_pair(route_message(message, CAMPAIGNS)) == expected_route(case)
    if case.found_in == "thread":
        assert set(thread_ids(message)) & our_message_ids


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_classify(case: CorpusCase) -> None:
    found = classify(read(case), is_ours=our_message_ids.__contains__)
    assert found.kind.value == case.kind, found.reason
    assert found.bounced_message_id == case.bounced
    assert (found.calendar_reply.partstat if found.calendar_reply else "") == case.partstat
    if found.kind in (Kind.FORM, Kind.OTHER_ATTACHMENT, Kind.THREAD_REPLY):
        assert found.attachment_formats == tuple(fmt for _, fmt, _ in case.files)


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_attachments_and_body(case: CorpusCase) -> None:
    message = read(case)
    assert tuple((a.filename, a.format, a.origin) for a in attachments(message)) == case.files
    assert not body_text(message).startswith(BANNER[:20])


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_dmarc_verdict_of_the_board_mx(case: CorpusCase) -> None:
    assert dmarc_result(read(case), AUTHSERV_ID) == case.dmarc


FORMS = [case for case in CORPUS if case.kind == "form" and case.campaign]


@pytest.mark.parametrize("case", FORMS, ids=[case.id for case in FORMS])
def test_the_form_reads_as_the_outcome_needs(case: CorpusCase) -> None:
    campaign = BY_KEY[case.campaign]  # type: ignore[index]
    (docx,) = [a for a in attachments(read(case)) if a.is_docx]
    parsed = parse_form(docx.data, campaign)
    assert parsed.form is not None
    sender_problems = [p.code for p in parsed.problems if p.severity is Severity.SENDER]
    if case.outcome == "incomplete":
        assert sender_problems
    else:
        assert parsed.problems == ()
        assert match_organisation(campaign.roster, parsed.form.org_number, parsed.form.organisation, "").entry is not None


RAW = {case.id: case.build() for case in CORPUS}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(IDS), st.integers(0, 10**9), st.binary(min_size=1, max_size=64), st.booleans())
def test_damaged_messages_never_raise(case_id: str, at: int, junk: bytes, cut: bool) -> None:
    raw = RAW[case_id]
    at %= len(raw)
    damaged = raw[:at] if cut else raw[:at] + junk + raw[at + len(junk):]
    message = parse_message(damaged)
    classify(message, is_ours=our_message_ids.__contains__)
    route_message(message, CAMPAIGNS)
    body_text(message)
    dmarc_result(message, AUTHSERV_ID)


# --- a real server's BODYSTRUCTURE ------------------------------------------------------------

@dataclass(frozen=True)
class Served:
    structure: object
    sections: dict[str, bytes]  # text_sections() and docx_sections(), as BODY.PEEK[section] gave them


@pytest.fixture(scope="module")
def served(imap_server: ImapServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Served]]:
    """Every corpus message APPENDed once; its BODYSTRUCTURE and routing sections fetched."""
    if imap_server.kind != "dovecot":
        # pymap writes Content-Disposition as a raw string and numbers sections inside an
        # attached message its own way; the bot's production servers follow RFC 3501.
        pytest.skip("BODYSTRUCTURE checks need Dovecot")
    with imap_server.new_mailbox(log_dir=tmp_path_factory.mktemp("corpus")) as credentials:
        box = Mailbox(credentials)
        box.append([case.build() for case in CORPUS])
        with box.client() as client:
            client.select_folder(box.folder, readonly=True)
            uids = sorted(client.search("ALL"))
            assert len(uids) == len(CORPUS)
            structures = client.fetch(uids, ["BODYSTRUCTURE"])
            found = {}
            for uid, case in zip(uids, CORPUS):
                structure = structures[uid][b"BODYSTRUCTURE"]
                wanted = text_sections(structure) + docx_sections(structure)
                data = client.fetch([uid], [f"BODY.PEEK[{s}]" for s in wanted])[uid] if wanted else {}
                found[case.id] = Served(structure, {s: data[f"BODY[{s}]".encode()] for s in wanted})
        yield found


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_bodystructure_routes_like_the_whole_message(case: CorpusCase, served: dict[str, Served]) -> None:
    seen = served[case.id]
    subject = str(read(case).get("Subject", ""))
    assert as_pair(route_structure(subject, seen.structure, seen.sections, CAMPAIGNS)) == expected_route(case)


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_text_sections_are_the_body_parts(case: CorpusCase, served: dict[str, Served]) -> None:
    seen = served[case.id]
    parts = {p.section: p for p in structure_parts(seen.structure)}
    from_server = [_words(section_text(seen.sections[s], parts[s])) for s in text_sections(seen.structure)]
    from_message = [_words(_as_text(p)) for p in body_text_parts(read(case))]
    assert from_server == from_message


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_docx_sections_hold_the_forms(case: CorpusCase, served: dict[str, Served]) -> None:
    seen = served[case.id]
    parts = {p.section: p for p in structure_parts(seen.structure)}
    fetched = {_sha(f) for s in docx_sections(seen.structure) for f in section_files(seen.sections[s], parts[s])}
    named = {_sha(a.data) for a in attachments(read(case)) if a.is_docx and a.filename.lower().endswith(".docx")}
    assert named <= fetched
    assert not docx_sections(seen.structure) or any(fmt == "docx" or name.endswith(".docx")
                                                   for name, fmt, _ in case.files)


def _as_text(part: EmailMessage) -> str:
    content = str(part.get_content())
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def _words(text: str) -> str:
    return " ".join(text.split())


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
