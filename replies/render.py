"""The Jinja2 environment the replies are rendered with.

Built once at start-up by the caller and passed to ``compose``; nothing here runs
at import time. Templates live in ``replies/templates/<language>/``; an override
directory with the same layout (e.g. ``config/templates/sv/confirmation.txt``)
lets staff adjust wording without touching code, and a template found there wins.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def make_environment(override_dir: Path | None = None) -> jinja2.Environment:
    """The environment for reply templates.

    HTML templates are autoescaped because they carry what senders wrote; plain-text
    templates are not, so a name with "&" reads as written. An undefined variable is
    an error rather than an empty string, so a typo in an override cannot send a
    reply with a hole in it.
    """
    return jinja2.Environment(
        loader=_loader(override_dir),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _loader(override_dir: Path | None) -> jinja2.BaseLoader:
    packaged = jinja2.PackageLoader("replies", "templates")
    if override_dir is None:
        return packaged
    if not override_dir.is_dir():
        # A mistyped path would otherwise be ignored silently and staff would
        # wonder why their wording never shows up.
        raise ValueError(f"template override directory does not exist: {override_dir}")
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(override_dir), packaged])
