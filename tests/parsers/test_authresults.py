"""DMARC from Authentication-Results: only the board's own authserv-id is believed."""

from __future__ import annotations

import pytest

from parsers.authresults import dmarc_result, parse_authentication_results
from parsers.mime.message import parse_message

OURS = "mx.lansstyrelsen.se"


def message(*results: str) -> object:
    headers = "".join(f"Authentication-Results: {r}\n" for r in results)
    return parse_message(f"{headers}From: a@lerum.se\nSubject: x\n\nHej\n".encode())


@pytest.mark.parametrize("headers, expected", [
    ((f"{OURS}; dmarc=pass header.from=lerum.se",), "pass"),
    ((f"{OURS}; dmarc=fail (p=reject dis=none) header.from=lerum.se",), "fail"),
    ((f"{OURS}; dmarc=none header.from=lerum.se",), "none"),
    ((f"{OURS}; dmarc=temperror",), "temperror"),
    ((f"{OURS}; dmarc=permerror",), "permerror"),
    ((f"{OURS.upper()}; DMARC=Fail header.from=lerum.se",), "fail"),          # case does not matter
    ((f'"{OURS}"; dmarc=fail',), "fail"),                                       # quoted authserv-id
    ((f"{OURS} 1; dmarc=fail",), "fail"),                                       # version 1
    ((f"{OURS} (our (own) border); dmarc=fail (reason (nested))",), "fail"),    # comments, nested
    ((f"{OURS};\n\tdkim=pass header.d=lerum.se header.b=Ab+c=;\n\tspf=pass smtp.mailfrom=lerum.se;\n\t"
      "dmarc=fail action=quarantine header.from=lerum.se; compauth=fail reason=000",), "fail"),  # folded, Microsoft extras
    ((f"{OURS}; spf=pass smtp.mailfrom=\"odd;local\"@lerum.se; dmarc=fail",), "fail"),  # ; inside quotes
    ((f"{OURS}; dkim=pass header.d=lerum.se",), "none"),                        # no dmarc result
    ((f"{OURS}; none",), "none"),
    ((), "none"),
])
def test_trusted_results(headers: tuple[str, ...], expected: str) -> None:
    assert dmarc_result(message(*headers), OURS) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("headers", [
    ("mail.lerum.se; dmarc=fail header.from=lerum.se",),                     # someone else's verdict
    (f"{OURS}.evil.example; dmarc=fail",),                                    # a look-alike id
    (f"evil.example; dmarc=fail (forged by {OURS})",),
    ("spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=lerum.se; dmarc=fail action=none header.from=lerum.se",),  # no id
    (f"{OURS} 2; dmarc=fail",),                                               # unknown version: ignored
    (f"{OURS}; dmarc=fail (unbalanced",),                                     # does not parse: ignored whole
    (f"{OURS}; dmarc=maybe",),                                                # not a DMARC result
    (f"{OURS}; dmarc",),
    (f"{OURS}; dmarc=fail; garbage here",),
])
def test_untrusted_or_unparseable_headers_are_ignored(headers: tuple[str, ...]) -> None:
    assert dmarc_result(message(*headers), OURS) == "none"  # type: ignore[arg-type]


def test_the_topmost_trusted_verdict_wins_and_forged_ones_are_skipped() -> None:
    found = message("evil.example; dmarc=pass", f"{OURS}; dkim=pass", f"{OURS}; dmarc=fail", f"{OURS}; dmarc=pass")
    assert dmarc_result(found, OURS) == "fail"  # type: ignore[arg-type]
    forged_pass = message(f"{OURS}; dmarc=fail", "mail.lerum.se; dmarc=pass")
    assert dmarc_result(forged_pass, OURS) == "fail"  # type: ignore[arg-type]


def test_without_a_configured_id_nothing_is_believed() -> None:
    assert dmarc_result(message(f"{OURS}; dmarc=fail"), "") == "none"  # type: ignore[arg-type]
    assert dmarc_result(message(f"{OURS}; dmarc=fail"), "  ") == "none"  # type: ignore[arg-type]


def test_parse_gives_every_method() -> None:
    assert parse_authentication_results(f"{OURS}; spf=pass smtp.mailfrom=x.se; dkim/1=neutral; dmarc=pass") == (
        OURS, [("spf", "pass"), ("dkim", "neutral"), ("dmarc", "pass")])
