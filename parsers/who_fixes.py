"""Who fixes each problem: the sender, or the board itself. One table, per problem code.

Asking a municipality to complete its form costs it a new decision round and a new mail, so
a problem is the sender's (``SENDER``: the affiliation is ``incomplete`` and the reply asks
for exactly that) only when the sender alone can give what is missing: a goal chosen, a goal
the campaign has, a usable contact address, a file that can be read. Whatever the board can
settle itself, from its roster or by reading what was written, is the board's (``STAFF``:
``needs_review`` with the reason, and no request goes back).

``parsers.model.problem`` takes the severity from this table, and tests/parsers/test_who_fixes.py
checks that every problem code written anywhere in the code base is in it. Pure.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """Who can fix a problem: the sender (-> incomplete) or only staff (-> needs_review)."""

    SENDER = "sender"
    STAFF = "staff"


SENDER, BOARD = Severity.SENDER, Severity.STAFF

FIXED_BY: dict[str, Severity] = {
    # --- what the form says ---
    "missing_field": SENDER,              # no contact, no name: only the sender knows them
    "org_number_format": SENDER,          # an organisation the roster does not know: only the sender can say
    "org_number_checksum": SENDER,        # (when the roster knows it: org_number_differs instead)
    "org_number_differs": BOARD,          # the roster knows the organisation: staff compare the two numbers
    "organisation_name_differs": BOARD,   # a name variant of an organisation the roster knows
    "invalid_email": SENDER,              # no usable contact address
    "email_missing_at": SENDER,
    "email_missing_domain": SENDER,
    "email_undeliverable": SENDER,
    "invalid_phone": SENDER,              # only the contact knows the number
    "decision_date_unreadable": BOARD,    # kept as written: staff read it
    "case_number_mismatch": BOARD,        # an older or another campaign's form: staff judge
    # --- the goals ---
    "no_goals": SENDER,                   # no goal chosen
    "unknown_goal_number": SENDER,        # "mål 16" of 15: only the sender knows what was meant
    "goals_from_free_text": BOARD,        # read from the text: staff confirm
    "goals_from_emphasis": BOARD,
    "contradicting_marks": BOARD,
    "goals_text_disagrees": BOARD,
    "ambiguous_goal_title": BOARD,        # a title close to a goal's but not exact
    "goal_number_title_mismatch": BOARD,
    "all_goals_listed": BOARD,
    "unknown_session": BOARD,             # staff offer the sessions there are
    "unknown_organisation": BOARD,        # not in the roster: staff decide
    # --- who sent it ---
    "dmarc_fail": BOARD,
    "own_address": BOARD,
    "no_sender": BOARD,
    "sender_not_verified": BOARD,         # not from the organisation's domains: staff decide
    # --- the file: only the sender can send one we can read ---
    "not_the_form": SENDER,
    "not_a_docx": SENDER,
    "damaged_document": SENDER,
    "encrypted_document": SENDER,
    "legacy_word_document": SENDER,
    "macro_enabled_document": SENDER,
    "opendocument_text": SENDER,
    "pdf_document": SENDER,
    "rtf_document": SENDER,
    "image_document": SENDER,             # a photo or scan of the form
    # --- the file, where a person must look first (it may be hostile, or our limits too tight) ---
    "unsafe_document": BOARD,
    "understated_sizes": BOARD,
    "nesting_too_deep": BOARD,
    "parse_timeout": BOARD,
    "parse_memory": BOARD,
    "parser_failed": BOARD,
}


def fixed_by(code: str) -> Severity:
    """Who fixes ``code``; a code the table lacks is the board's (a person looks, nobody is asked)."""
    return FIXED_BY.get(code, BOARD)
