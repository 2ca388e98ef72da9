"""The templates and their words: one structure per message, the sentences per language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsers.model import Campaign
from replies.render import make_environment
from replies.reply import ReplyKind, compose_reply
from tests.replies.test_reply import make_reply, text_of

TEMPLATES = Path(__file__).resolve().parents[2] / "replies" / "templates"
WORD_USE = re.compile(r"""t\(\s*"([a-z_]+\.[a-z_]+)"|"([a-z_]+\.[a-z_]+)" if""")


def test_every_language_has_the_same_words() -> None:
    env = make_environment()
    assert env.words["sv"].keys() == env.words["en"].keys()
    assert all(env.words[language][key].strip() for language in env.words for key in env.words[language])


def test_every_word_a_template_uses_exists() -> None:
    env = make_environment()
    used = {key for path in TEMPLATES.glob("*.*") for m in WORD_USE.finditer(path.read_text(encoding="utf-8"))
            for key in m.groups() if key}
    assert len(used) > 30  # guards the pattern itself
    assert used <= env.words["sv"].keys()


def test_every_reply_kind_has_a_subject_and_a_structure() -> None:
    env = make_environment()
    for kind in ReplyKind:
        assert f"{kind.value}.subject" in env.words["sv"]
        for extension in ("txt", "html"):
            assert (TEMPLATES / f"{kind.value}.{extension}").is_file()
    assert not (TEMPLATES / "sv").exists() and not (TEMPLATES / "en").exists()  # no copies per language


def test_an_override_rewords_only_the_keys_it_names(vg_campaign: Campaign, tmp_path: Path) -> None:
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "sv.toml").write_text(
        '[confirmation]\nsubject = "Tack: {name} ({case_number})"\nregistered = "Välkommen, {name}!"\n',
        encoding="utf-8")
    message = compose_reply(make_reply(vg_campaign, ReplyKind.CONFIRMATION), make_environment(tmp_path))
    assert message["Subject"] == f"Tack: {vg_campaign.name} ({vg_campaign.case_number})"
    assert f"Välkommen, {vg_campaign.name}!" in text_of(message)
    assert "Det här har vi registrerat:" in text_of(message)  # not overridden: shipped words


def test_an_override_with_an_unknown_word_is_refused(tmp_path: Path) -> None:
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "sv.toml").write_text('[confirmation]\nsubjekt = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown words confirmation.subjekt"):
        make_environment(tmp_path)


def test_html_escapes_the_values_in_a_sentence_but_keeps_links(vg_campaign: Campaign) -> None:
    env = make_environment()
    html = env.render_message("no_attachment", "sv", "html", {
        "campaign": vg_campaign, "case_number": "<b>1</b>", "subject": "s", "attachment_name": None})
    assert "&lt;b&gt;1&lt;/b&gt;" in html
    assert f'<a href="mailto:{vg_campaign.questions_to}">{vg_campaign.questions_to}</a>' in html
