"""Files the CLI writes (export/registrar --output, review show --save): a path that cannot be
written is one line naming the argument, the path and why, a non-zero exit, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_operator_mistakes import intake, one_line

pytestmark = pytest.mark.slow

OUTPUT_MISTAKES = [
    ("export --output {tmp}/saknas/a.json", "argumentet --output: kan inte skriva {tmp}/saknas/a.json: "
                                            "filen eller katalogen finns inte"),
    ("export --format csv --output {tmp}", "argumentet --output: kan inte skriva {tmp}: det är en katalog"),
    ("export --format xlsx --output {tmp}/a-file/x.xlsx",
     "argumentet --output: kan inte skriva {tmp}/a-file/x.xlsx: en del av sökvägen är en fil, inte en katalog"),
    ("registrar --format csv --output {tmp}/saknas/r.csv", "argumentet --output: kan inte skriva {tmp}/saknas/r.csv"),
    ("export --output /dev/full", "argumentet --output: kan inte skriva /dev/full: disken är full"),
]


@pytest.mark.parametrize("command, wants", OUTPUT_MISTAKES)
def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path, command: str, wants: str) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    assert intake(tmp_path, "db", "upgrade").returncode == 0
    line = one_line(intake(tmp_path, *command.format(tmp=tmp_path).split()), 2)
    assert line.startswith("intake: fel: " + wants.format(tmp=tmp_path)), line


def test_in_english(tmp_path: Path) -> None:
    assert intake(tmp_path, "db", "upgrade").returncode == 0
    line = one_line(intake(tmp_path, "export", "--output", str(tmp_path), INTAKE_LANGUAGE="en"), 2)
    assert line == f"intake: error: argument --output: cannot write {tmp_path}: it is a directory", line


def test_purge_days_are_worded_in_swedish(tmp_path: Path) -> None:
    result = intake(tmp_path, "purge", "--older-than", "ett år")
    assert result.returncode == 2 and "argumentet --older-than: inte ett antal dagar: 'ett år'" in result.stderr


@pytest.mark.parametrize("args, env, wants", [
    ("sessions --campaign okänd", {}, "intake: fel: argumentet --campaign: ingen kampanj 'okänd'"),
    ("sessions --session info-2099-01-01", {}, "intake: fel: argumentet --session: ingen informationsträff "
                                                "'info-2099-01-01'; det finns "),
    ("export", {"INTAKE_LANGUAGE": "de"}, "intake: fel: miljövariabeln INTAKE_LANGUAGE: måste vara en av sv, en, inte 'de'"),
    ("export", {"INTAKE_TEMPLATES_DIR": "/finns-inte"}, "intake: fel: miljövariabeln INTAKE_TEMPLATES_DIR: inte en katalog: "
                                                        "/finns-inte"),
])
def test_other_mistakes_found_by_trying(tmp_path: Path, args: str, env: dict[str, str], wants: str) -> None:
    assert intake(tmp_path, "db", "upgrade").returncode == 0
    line = one_line(intake(tmp_path, *args.split(), **env), 2)
    assert line.startswith(wants), line
