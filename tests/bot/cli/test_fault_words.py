"""Every worded error has its Swedish: a template found in bot/ without one fails here."""

from __future__ import annotations

import ast
import re

from bot.cli.argparse_words import SWEDISH as ARGPARSE_SWEDISH
from bot.cli.fault_words import SWEDISH
from bot.errors import _OS_REASONS
from tests.support.paths import REPO

# call name -> position of the template among its arguments
TEMPLATE_ARGUMENT = {"ConfigError": 2, "MailboxError": 0, "TokenError": 0, "StorageError": 0, "Phrase": 0, "fault": 1}
PATTERN_TABLES = {"bot/db/faults.py", "bot/toml_fault.py"}  # (pattern, template) rows


def templates_in_bot() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((REPO / "bot").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                position = TEMPLATE_ARGUMENT.get(name)
                if position is not None and len(node.args) > position:
                    argument = node.args[position]
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        found.setdefault(argument.value, f"{relative}:{node.lineno}")
                    elif isinstance(argument, ast.JoinedStr):
                        found.setdefault(f"<an f-string: use a template and values> {ast.unparse(argument)}",
                                         f"{relative}:{node.lineno}")
                    elif isinstance(argument, ast.IfExp):
                        for branch in (argument.body, argument.orelse):
                            if isinstance(branch, ast.Constant):
                                found.setdefault(branch.value, f"{relative}:{node.lineno}")
            if relative in PATTERN_TABLES and isinstance(node, ast.Tuple) and len(node.elts) == 2:
                second = node.elts[1]
                if isinstance(second, ast.Constant) and isinstance(second.value, str):
                    found.setdefault(second.value, f"{relative}:{node.lineno}")
    return found


def test_the_finder_finds_templates() -> None:
    assert len(templates_in_bot()) > 60


def test_every_template_has_swedish() -> None:
    missing = {template: where for template, where in templates_in_bot().items()
               if template not in SWEDISH and template not in ("{reason}", "{answer}")}
    assert missing == {}


def test_settings_value_errors_and_type_words_have_swedish() -> None:
    source = (REPO / "bot" / "settings.py").read_text(encoding="utf-8")
    value_errors = re.findall(r'raise ValueError\("([^"]+)"', source)
    assert value_errors and all(template in SWEDISH for template in value_errors)
    load = (REPO / "bot" / "settings_load.py").read_text(encoding="utf-8")
    words = re.search(r"_TYPE_WORDS = \{(.*?)\}", load, re.S).group(1)
    assert all(word in SWEDISH for word in re.findall(r'"([^"]+)"', words))
    assert all(word in SWEDISH for word in _OS_REASONS.values())


def test_swedish_keeps_every_field_of_the_english() -> None:
    field = re.compile(r"\{[a-z_]+(?:![rs])?\}")
    for table in (SWEDISH,):
        for english, swedish in table.items():
            assert sorted(field.findall(english)) == sorted(field.findall(swedish)), english
    for english, swedish in ARGPARSE_SWEDISH.items():
        # Named fields may be left out (argparse's type names mean nothing to staff); never added.
        ours = re.findall(r"%(?:\([a-z_]+\))?[rsd]", swedish)
        assert set(ours) <= set(re.findall(r"%(?:\([a-z_]+\))?[rsd]", english)), english
        assert "%s" not in english or ours.count("%s") == english.count("%s"), english
