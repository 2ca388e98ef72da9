"""docker-compose.yml configures the bot only with variables the bot reads."""

from __future__ import annotations

import re

from bot.settings import ENVIRONMENT
from bot.settings_load import load_settings
from tests.support.paths import REPO



def _bot_environment() -> dict[str, str]:
    # A small reader for the one block we need; PyYAML is not a dependency of the project.
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    block = text.split("\n  bot:\n", 1)[1].split("\n    environment:\n", 1)[1]
    env = {}
    for line in block.splitlines():
        match = re.match(r"^      ([A-Z0-9_]+): (.*)$", line)
        if not match:
            break
        env[match.group(1)] = match.group(2).strip().strip('"')
    return env


def test_services_present() -> None:
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    services = re.findall(r"^  ([a-z]+):\n", text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0], re.M)
    assert services == ["db", "imap", "smtp", "bot"]
    assert "postgres:" in text and "dovecot/dovecot" in text and "axllent/mailpit" in text


def test_bot_variables_are_the_ones_the_bot_reads() -> None:
    env = _bot_environment()
    assert env, "the bot service has an environment block"
    unknown = set(env) - set(ENVIRONMENT)
    assert not unknown, f"docker-compose sets variables the bot does not read: {unknown}"
    for needed in ("INTAKE_DATABASE_URL", "INTAKE_IMAP_HOST", "INTAKE_IMAP_USERNAME", "INTAKE_IMAP_PASSWORD",
                   "INTAKE_SMTP_HOST", "INTAKE_SMTP_PORT"):
        assert needed in env


def test_bot_variables_parse_as_settings() -> None:
    settings = load_settings(_bot_environment(), None)
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert (settings.imap.host, settings.smtp.host) == ("imap", "smtp")
    assert settings.imap.port == 143 and settings.smtp.port == 1025
