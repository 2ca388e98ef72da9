"""The templates and the words every message is rendered from.

Built once at start-up by the caller and passed to the composers; nothing here runs at
import time. Each message has one structure, ``replies/templates/<message>.txt|html``, and
takes its sentences from ``replies/templates/words/<language>.toml``, so a message is written
once for every language. An override directory with the same layout lets staff adjust
wording without touching code:

    <override>/words/sv.toml          only the keys to reword; the rest stay as shipped
    <override>/confirmation.txt       a new structure for one message, every language
    <override>/sv/confirmation.txt    a whole template for one message in one language

A template is looked up as ``<language>/<name>`` first and then as ``<name>``, in the
override directory before the packaged templates.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Callable

import jinja2
import markupsafe

from replies.dates import LANGUAGES, require_language

Words = dict[str, str]  # "confirmation.subject" -> the sentence, with {name} fields


class Templates(jinja2.Environment):
    """The Jinja2 environment of every message, with the words of each language."""

    def __init__(self, loader: jinja2.BaseLoader, words: dict[str, Words]) -> None:
        # HTML is autoescaped because it carries what senders wrote; plain text is not, so a
        # name with "&" reads as written. An undefined variable is an error rather than an
        # empty string, so a typo in an override cannot send a message with a hole in it.
        super().__init__(
            loader=loader,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False,
                                                default=False),
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.words = words

    def word(self, language: str, key: str, **values: object) -> str:
        """One sentence as plain text (a subject, a line of the command line's output)."""
        return self._sentence(language, key).format(**values)

    def render_message(self, name: str, language: str, extension: str, context: dict[str, Any]) -> str:
        """``name``'s template in ``language`` ("txt" or "html"), with ``t`` and ``mailto``."""
        require_language(language)
        html = extension == "html"
        extra = {"language": language, "t": self._html_words(language) if html else self._text_words(language),
                 "mailto": _mailto_link if html else str}
        return self.get_template(f"{language}/{name}.{extension}").render({**context, **extra})

    def _sentence(self, language: str, key: str) -> str:
        require_language(language)
        try:
            return self.words[language][key]
        except KeyError:
            raise ValueError(f"no words for {key!r} in {language!r} (replies/templates/words)") from None

    def _text_words(self, language: str) -> Callable[..., str]:
        return lambda key, **values: self._sentence(language, key).format(**values)

    def _html_words(self, language: str) -> Callable[..., markupsafe.Markup]:
        # The sentence is escaped as text; Markup.format escapes every value that is not
        # already markup (a mailto link is).
        return lambda key, **values: markupsafe.escape(self._sentence(language, key)).format(**values)


def make_environment(override_dir: Path | None = None) -> Templates:
    """The templates and words, with ``override_dir`` (if any) winning over the packaged ones.
    Raises ValueError for a missing directory or a words file that does not fit."""
    packaged = Path(__file__).parent / "templates"
    if override_dir is not None and not override_dir.is_dir():
        # A mistyped path would otherwise be ignored silently and staff would
        # wonder why their wording never shows up.
        raise ValueError(f"template override directory does not exist: {override_dir}")
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("replies", "templates")]
    if override_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(override_dir))
    words = {language: _words(packaged, override_dir, language) for language in LANGUAGES}
    return Templates(_LanguageFallback(jinja2.ChoiceLoader(loaders)), words)


class _LanguageFallback(jinja2.BaseLoader):
    """``sv/confirmation.txt`` is ``confirmation.txt`` unless a Swedish-only one exists."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            return self.inner.get_source(environment, template)
        except jinja2.TemplateNotFound:
            language, slash, rest = template.partition("/")
            if slash and language in LANGUAGES:
                return self.inner.get_source(environment, rest)
            raise


def _words(packaged: Path, override_dir: Path | None, language: str) -> Words:
    words = _read_words(packaged / "words" / f"{language}.toml")
    override = override_dir / "words" / f"{language}.toml" if override_dir is not None else None
    if override is not None and override.is_file():
        changed = _read_words(override)
        unknown = sorted(set(changed) - set(words))
        if unknown:
            raise ValueError(f"{override}: unknown words {', '.join(unknown)}")
        words.update(changed)
    return words


def _read_words(path: Path) -> Words:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read words: {exc}") from exc
    flat: Words = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise ValueError(f"{path}: [{section}] must hold sentences as strings")
        flat.update({f"{section}.{key}": value for key, value in entries.items()})
    return flat


def _mailto_link(address: str) -> markupsafe.Markup:
    return markupsafe.Markup('<a href="mailto:{0}">{0}</a>').format(address)
