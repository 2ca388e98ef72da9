"""parsers/mime/opening.py: the opening of what a person wrote, as a table."""

from __future__ import annotations

import pytest

from parsers.mime.opening import opening_lines


@pytest.mark.parametrize("text, wants", [
    ("Hej!\n\nKan vi ansluta i höst?\nVi har möte i september.\n\n-- \nKim\n", "Kan vi ansluta i höst? / Vi har möte i september."),
    ("Hej igen,\nen sak till?\n\nDen 2 juni 2025 kl. 09:00 skrev Länsstyrelsen <a@b.se>:\n> Tack\n", "en sak till?"),
    ("Tack!\n\nFrån: Länsstyrelsen\nSkickat: den 2 juni\n", "Tack!"),
    ("Ett\nTvå\nTre\nFyra\n", "Ett / Två / Tre"),
    ("-----Ursprungligt meddelande-----\nFrån: x\n", ""),
    ("On Mon, 2 Jun 2025 at 09:00, Board <a@b.se> wrote:\n> hi\n", ""),
    ("Hej Anna! Vi undrar om blanketten.\n", "Hej Anna! Vi undrar om blanketten."),  # not a greeting line alone
    ("x" * 400, "x" * 299 + "…"),
])
def test_opening_lines(text: str, wants: str) -> None:
    assert opening_lines(text) == wants
