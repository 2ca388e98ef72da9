"""Settings: file, environment overrides, and one-line errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import ENVIRONMENT, Settings, parse_bool
from bot.settings_load import load_settings
from tests.support.paths import CONFIG


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "intake.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings == Settings()
    assert settings.database_url == "sqlite:///var/intake.db"
    assert settings.imap.folder == "INBOX"


def test_file_then_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[imap]\nhost = "mail.example"\nport = 993\nssl = true\n[mailbox]\naction = "move"\n')
    settings = load_settings({"INTAKE_IMAP_PORT": "1993", "INTAKE_SMTP_STARTTLS": "yes"}, path)
    assert (settings.imap.host, settings.imap.port, settings.imap.ssl) == ("mail.example", 1993, True)
    assert settings.smtp.starttls is True
    assert settings.mailbox.action == "move"


def test_intake_config_variable_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'database_url = "sqlite:///x.db"\n')
    # A relative path in the file is relative to the file, wherever the command runs.
    assert load_settings({"INTAKE_CONFIG": str(path)}).database_url == f"sqlite:///{tmp_path.resolve()}/x.db"


@pytest.mark.parametrize("text, key, fault", [
    ('[imap]\nport = "x"\n', "imap.port", "must be a whole number, not a string"),
    ('[imap]\nhots = "a"\n', "imap.hots", "unknown setting"),
    ('colour = 1\n', "colour", "unknown setting"),
    ('[mailbox]\naction = "delete"\n', "mailbox.action", "must be one of none, flag, move"),
    ('[mailbox]\naction = "move"\nmove_to = ""\n', "mailbox.move_to", "required"),
    ('imap = 3\n', "imap", "must be a table"),
    ('[imap\n', None, "not valid TOML"),
    ('[digest]\nsend_empty = "ja"\n', "digest.send_empty", "must be true or false, not a string"),
    ('[retention]\ndays = -1\n', "retention.days", "must be at least 0, not -1"),
    ('[status]\nstale_after_minutes = 0\n', "status.stale_after_minutes", "must be at least 1"),
    ('[health]\nlisten = "8080"\n', "health.listen", 'must be "host:port", e.g. "127.0.0.1:8080", not \'8080\''),
    ('[health]\nlisten = "localhost:99999"\n', "health.listen", "must be \"host:port\""),
    ('log_format = "xml"\n', "log_format", "must be one of text, json, not 'xml'"),
    ('[worker]\nlease_seconds = 1\n', "worker.lease_seconds", "must be at least 3, not 1"),
])
def test_bad_file_names_file_key_and_fault(tmp_path: Path, text: str, key: str | None, fault: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings({}, path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    if key:
        assert f": {key}:" in message
    assert fault in message


@pytest.mark.parametrize("variable, value, wants", [
    ("INTAKE_IMAP_PORT", "abc", "must be a port number (1–65535), not 'abc'"),
    ("INTAKE_IMAP_PORT", "70000", "must be a port number (1–65535), not '70000'"),
    ("INTAKE_IMAP_SSL", "maybe", "must be true or false, not 'maybe'"),
    ("INTAKE_MAILBOX_ACTION", "delete", "must be one of none, flag, move, not 'delete'"),
    ("INTAKE_LANGUAGE", "de", "must be one of sv, en, not 'de'"),
    ("INTAKE_HEALTH_LISTEN", ":8080", 'must be "host:port", e.g. "127.0.0.1:8080", not \':8080\''),
    ("INTAKE_LOG_FORMAT", "yaml", "must be one of text, json, not 'yaml'"),
])
def test_bad_environment_names_the_variable(tmp_path: Path, variable: str, value: str, wants: str) -> None:
    # A settings file is present, but the fault is the variable's: the file is not blamed.
    path = write(tmp_path, '[mailbox]\naction = "flag"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings({variable: value}, path)
    assert str(caught.value) == f"environment variable {variable}: {wants}"


@pytest.mark.parametrize("text, key, wants", [
    ("[worker]\npoll_interval_seconds = 0\n", "worker.poll_interval_seconds", "must be at least 1, not 0"),
    ("[outbox]\nbackoff_seconds = -60\n", "outbox.backoff_seconds", "must be at least 1, not -60"),
    ("[imap]\nport = 0\n", "imap.port", "must be between 1 and 65535, not 0"),
    ("[imap]\ntimeout_seconds = 0\n", "imap.timeout_seconds", "must be at least 0.1, not 0.0"),
    ("[parsing]\nmemory_mb = 1\n", "parsing.memory_mb", "must be at least 16, not 1"),
])
def test_numbers_are_range_checked(tmp_path: Path, text: str, key: str, wants: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings({}, path)
    assert str(caught.value) == f"{path}: {key}: {wants}"


def test_relative_paths_in_the_file_are_relative_to_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "etc").mkdir()
    path = tmp_path / "etc" / "intake.toml"
    path.write_text('database_url = "sqlite:///data/intake.db"\ncampaigns_dir = "campaigns"\n'
                    'templates_dir = "/srv/templates"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = load_settings({}, Path("etc/intake.toml"))
    assert settings.database_url == f"sqlite:///{tmp_path.resolve()}/etc/data/intake.db"
    assert settings.campaigns_dir == tmp_path.resolve() / "etc" / "campaigns"
    assert settings.templates_dir == Path("/srv/templates")
    # From the environment, relative means relative to where the command runs, as in a shell.
    from_env = load_settings({"INTAKE_CAMPAIGNS_DIR": "here"}, Path("etc/intake.toml"))
    assert from_env.campaigns_dir == Path("here")


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "intake.toml"
    path.write_bytes("\ufeff[imap]\nhost = \"mail.example\"\n".encode("utf-8"))
    assert load_settings({}, path).imap.host == "mail.example"


def test_missing_settings_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="settings file not found"):
        load_settings({"INTAKE_CONFIG": str(tmp_path / "nope.toml")})


def test_every_design_variable_is_read() -> None:
    design = {"INTAKE_DATABASE_URL", "INTAKE_IMAP_HOST", "INTAKE_IMAP_PORT", "INTAKE_IMAP_SSL",
              "INTAKE_IMAP_USERNAME", "INTAKE_IMAP_PASSWORD", "INTAKE_IMAP_FOLDER", "INTAKE_SMTP_HOST",
              "INTAKE_SMTP_PORT", "INTAKE_SMTP_STARTTLS", "INTAKE_SMTP_USERNAME", "INTAKE_SMTP_PASSWORD",
              "INTAKE_CAMPAIGNS_DIR"}
    assert design <= set(ENVIRONMENT)


@pytest.mark.parametrize("text, value", [("true", True), ("1", True), ("on", True), ("false", False), ("0", False)])
def test_parse_bool(text: str, value: bool) -> None:
    assert parse_bool(text) is value


def test_passwords_never_in_repr() -> None:
    settings = load_settings({"INTAKE_IMAP_PASSWORD": "hemligt", "INTAKE_SMTP_PASSWORD": "hemligt"}, None)
    assert "hemligt" not in repr(settings)


def test_example_file_is_valid(tmp_path: Path) -> None:
    example = CONFIG / "intake.example.toml"
    settings = load_settings({}, example)
    assert settings.imap.ssl and settings.mailbox.action == "flag"


def test_health_and_log_settings(tmp_path: Path) -> None:
    path = write(tmp_path, 'log_format = "json"\n[health]\nlisten = "0.0.0.0:8080"\n[worker]\nlease_seconds = 20\n')
    settings = load_settings({}, path)
    assert (settings.log_format, settings.health.listen, settings.worker.lease_seconds) == ("json", "0.0.0.0:8080", 20)
    assert Settings().health.listen == ""  # off by default


def test_calendar_section(tmp_path: Path) -> None:
    settings = load_settings({}, write(tmp_path, "[calendar]\ninterval_seconds = 60\nattach_ics = false\n"))
    assert (settings.calendar.interval_seconds, settings.calendar.attach_ics) == (60, False)
    with pytest.raises(ConfigError, match="calendar.interval_seconds: must be at least 1"):
        load_settings({}, write(tmp_path, "[calendar]\ninterval_seconds = 0\n"))
def test_staff_settings_from_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[digest]\nsend_empty = true\n[retention]\ndays = 365\n[status]\nstale_after_minutes = 30\n")
    settings = load_settings({}, path)
    assert (settings.digest.send_empty, settings.retention.days, settings.status.stale_after_minutes) == (True, 365, 30)
    defaults = Settings()
    assert (defaults.digest.send_empty, defaults.retention.days, defaults.status.stale_after_minutes) == (False, 0, 15)


def test_the_outcomes_of_mailbox_outcomes_are_the_pipelines() -> None:
    from bot.inbound.context import Outcome
    from bot.settings import OUTCOMES
    assert set(OUTCOMES) == {o.value for o in Outcome} - {"quarantined"}  # a quarantined message is never acknowledged
