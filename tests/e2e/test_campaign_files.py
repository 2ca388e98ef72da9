"""Campaign files and rosters are checked like the settings file: through the CLI, a mistake
is one line naming the file, the key or line, and the fault; what Excel and Notepad write is
read. One row per class of mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.test_operator_mistakes import intake, one_line
from tests.support.paths import CONFIG

pytestmark = pytest.mark.slow

VG = "jamstallt-vg-2024-2027.toml"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    for folder in ("campaigns", "roster", "forms"):
        shutil.copytree(CONFIG / folder, tmp_path / "config" / folder)
    return tmp_path / "config"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def export(tmp_path: Path, config: Path, **env: str):
    return intake(tmp_path, "export", INTAKE_CAMPAIGNS_DIR=str(config / "campaigns"), **env)


CAMPAIGN_MISTAKES = [
    ('roster = "../roster/vastra-gotaland.csv"', 'rooster = "../roster/vastra-gotaland.csv"',
     "rooster: okänd nyckel (kanske roster?)"),
    ("[[sessions]]", "[[session]]", "session: okänd nyckel (kanske sessions?)"),
    ('area = "Makt och inflytande"', 'omrade = "Makt och inflytande"', "goals[0].omrade: okänd nyckel"),
    ('join_url = "https://meet.lansstyrelsen.example/jvg-2025-04-17"',
     'join_url = "https://meet.lansstyrelsen.example/jvg-2025-04-17"\nlank = "x"', "sessions[0].lank: okänd nyckel"),
    ('reply_from = "vastragotaland@lansstyrelsen.se"', 'reply_from = "vastragotaland"',
     "reply_from: inte en e-postadress: 'vastragotaland'"),
    ('questions_to = "jamstalldhet.vg@lansstyrelsen.se"', 'questions_to = "jamstalldhet.vg@@lansstyrelsen.se"',
     "questions_to: inte en e-postadress"),
    ('staff = ["jamstalldhet.vg@lansstyrelsen.se"]', 'staff = ["jamstalldhet.vg@lansstyrelsen.se", "Eva Ek"]',
     "staff[1]: inte en e-postadress: 'Eva Ek'"),
]


@pytest.mark.parametrize("old, new, wants", CAMPAIGN_MISTAKES)
def test_a_campaign_mistake_names_file_and_key(tmp_path: Path, config: Path, old: str, new: str, wants: str) -> None:
    path = config / "campaigns" / VG
    edit(path, old, new)
    line = one_line(export(tmp_path, config), 2)
    assert line.startswith(f"intake: fel: {path}: ") and wants in line, line


def test_in_english_too(tmp_path: Path, config: Path) -> None:
    edit(config / "campaigns" / VG, "roster = ", "rooster = ")
    line = one_line(export(tmp_path, config, INTAKE_LANGUAGE="en"), 2)
    assert line.endswith("rooster: unknown key (did you mean roster?)"), line


def test_a_duplicate_case_number_names_both_files(tmp_path: Path, config: Path) -> None:
    twin = config / "campaigns" / "zz-twin.toml"
    shutil.copy(config / "campaigns" / VG, twin)
    edit(twin, 'key = "jamstallt-vg-2024-2027"', 'key = "twin"')
    line = one_line(export(tmp_path, config), 2)
    assert f"{twin}: case_number: värdet '801-9838-2024' förekommer två gånger" in line
    assert str(config / "campaigns" / VG) in line


def test_a_byte_order_mark_is_accepted(tmp_path: Path, config: Path) -> None:
    path = config / "campaigns" / VG
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert intake(tmp_path, "db", "upgrade").returncode == 0
    result = export(tmp_path, config)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "[]", "")


HEADING = "organisation,org_number,type,domains"
ROSTER_MISTAKES = [
    (f"{HEADING}\nAle kommun,212000-9671,Kommun,ale.se\nAlingsås kommun,212000-9622\n".encode(),
     "rad 3: 2 fält, men rubrikraden har 4"),
    (f"{HEADING}\nAle kommun,212000-9671,Kommun,ale.se,extra\n".encode(), "rad 2: fler fält än rubrikraden har kolumner (4)"),
    (f'{HEADING}\nAle kommun,212000-9671,Kommun,ale.se\n"Alingsås kommun,212000-9622,Kommun,alingsas.se\n'.encode(),
     "rad 3: inte en CSV-rad som programmet kan läsa"),
    (f"{HEADING}\n,212000-9671,Kommun,ale.se\n".encode(), "rad 2: organisationen saknas"),
    (b"namn,org_number,type,domains\nAle kommun,212000-9671,Kommun,ale.se\n", "rad 1: okänd kolumn 'namn'"),
    (b"", "rad 1: rubrikraden saknas"),
    (f"{HEADING}\nAle kommun,212000-9671,Kommun,ale.se\n".encode() + b"\x81\x8d\x8f\n", "rad 3: varken UTF-8- eller Windows-1252-text"),
]


@pytest.mark.parametrize("data, wants", ROSTER_MISTAKES)
def test_a_roster_mistake_names_file_and_line(tmp_path: Path, config: Path, data: bytes, wants: str) -> None:
    roster = config / "roster" / "vastra-gotaland.csv"
    roster.write_bytes(data)
    line = one_line(export(tmp_path, config), 2)
    assert line.startswith(f"intake: fel: {roster.resolve()}: {wants}"), line


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [",", ";"])
def test_rosters_as_excel_saves_them_are_read(tmp_path: Path, config: Path, encoding: str, separator: str) -> None:
    roster = config / "roster" / "vastra-gotaland.csv"
    text = roster.read_text(encoding="utf-8")
    if separator == ";":
        text = text.replace(";", " ").replace(",", ";")  # domains then separated by spaces
    roster.write_bytes(text.replace("\n", "\r\n").encode(encoding) + b";;;\r\n" if separator == ";" else
                       text.replace("\n", "\r\n").encode(encoding))
    assert intake(tmp_path, "db", "upgrade").returncode == 0
    result = export(tmp_path, config)
    assert (result.returncode, result.stderr) == (0, "")
