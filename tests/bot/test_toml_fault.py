"""A file that is not valid TOML (settings and campaign files) is one line with the line and
column and what is wrong there, in Swedish: staff edit the campaign files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.campaigns import load_campaign
from bot.cli.fault_words import swedish
from bot.errors import ConfigError
from bot.settings_load import load_settings

BROKEN = [  # (the file's text, the Swedish line after the path)
    ('name = Jämställt\n', "inte giltig TOML på rad 1, kolumn 8: ett värde som varken är en text inom citattecken, "
                           "ett tal, ett datum, true/false, en lista eller en tabell"),
    ('name "x"\n', "inte giltig TOML på rad 1, kolumn 6: en nyckel utan = och ett värde efter"),
    ('staff = ["a@b.se"\nname = "x"\n', "inte giltig TOML på rad 2, kolumn 1: en lista [ … ] som inte är avslutad"),
    ('staff = ["a@b.se",\n', "inte giltig TOML i slutet av filen: ett värde som varken är en text inom citattecken, "
                             "ett tal, ett datum, true/false, en lista eller en tabell"),
    ('name = "Jämställt\n', "inte giltig TOML på rad 1, kolumn 18: en text där det avslutande citattecknet saknas"),
    ('[imap\n', "inte giltig TOML på rad 1, kolumn 6: en [tabell]-rubrik utan sitt ]"),
    ('a = 1\na = 2\n', "inte giltig TOML på rad 2, kolumn 6: en nyckel som anges två gånger"),
    ('[x]\n[x]\n', "inte giltig TOML på rad 2, kolumn 3: tabellen x två gånger"),
    ('[a.b]\n[a.b]\n', "inte giltig TOML på rad 2, kolumn 5: tabellen a.b två gånger"),
    ('x = { a = 1, a = 2 }\n', "inte giltig TOML på rad 1, kolumn 19: nyckeln 'a' två gånger i samma tabell { … }"),
    ('ä = 1\n', "inte giltig TOML på rad 1, kolumn 1: en rad som varken är nyckel = värde eller en [tabell]-rubrik"),
    ('d = 2025-02-30\n', "inte giltig TOML på rad 1, kolumn 5: ett datum eller en tid som inte finns (t.ex. 2025-02-30)"),
    ('a = 1 b = 2\n', "inte giltig TOML på rad 1, kolumn 7: mer efter ett värde på samma rad (en nyckel = värde per rad)"),
    ('p = "C:\\mapp"\n', "inte giltig TOML på rad 1, kolumn 10: ett \\ i en \"…\"-text (skriv \\\\ eller använd '…')"),
    ('t = {a = 1\n', "inte giltig TOML på rad 1, kolumn 11: en tabell { … } som inte är avslutad"),
]


def fault_of(load, path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load(path)
    return caught.value


@pytest.mark.parametrize("text, said", BROKEN, ids=[t for t, _ in BROKEN])
def test_a_campaign_file_that_is_not_toml_says_where_and_what_in_swedish(tmp_path: Path, text: str,
                                                                         said: str) -> None:
    path = tmp_path / "kampanj.toml"
    path.write_text(text, encoding="utf-8")
    fault = fault_of(load_campaign, path)
    assert fault.text(swedish) == f"{path}: {said}"
    assert "(at " not in str(fault)  # English: the position said once, not also in tomllib's words


def test_the_settings_file_is_worded_the_same(tmp_path: Path) -> None:
    path = tmp_path / "intake.toml"
    path.write_text("[imap]\nhost = mail.example\nport = 99x\n", encoding="utf-8")
    fault = fault_of(lambda p: load_settings({}, p), path)
    assert fault.text(swedish).startswith(f"{path}: inte giltig TOML på rad 2, kolumn 8: ")
    assert str(fault).startswith(f"{path}: not valid TOML at line 2, column 8: a value that is not")


def test_a_campaign_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "kampanj.toml"
    path.write_bytes('name = "Jämställt"\n'.encode("cp1252"))
    assert fault_of(load_campaign, path).text(swedish) == f"{path}: inte UTF-8-text (spara filen som UTF-8)"
