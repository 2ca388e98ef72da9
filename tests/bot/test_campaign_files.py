"""bot/campaign_files.py: what the sessions job read, and whether it is still so."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.campaign_files import seen_of, toml_digests, unchanged
from bot.campaigns import load_campaigns
from tests.support.paths import REPO


def recorded(config: Path) -> str:
    directory = config / "campaigns"
    tomls = toml_digests(directory)
    return seen_of(tomls, load_campaigns(directory))


def test_the_same_bytes_are_unchanged_and_every_edit_is_a_change(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    directory = config / "campaigns"
    seen = recorded(config)
    assert unchanged(seen, directory)
    campaign = sorted(directory.glob("*.toml"))[0]
    roster = next((config / "roster").glob("*.csv"))
    form = next((config / "forms").glob("*.docx"))
    for path in (campaign, roster, form):
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert not unchanged(seen, directory), path
        path.write_bytes(original)
        assert unchanged(seen, directory)
    (directory / "new.toml").write_text("", encoding="utf-8")  # a campaign file added (even one that will not load)
    assert not unchanged(seen, directory)
    (directory / "new.toml").unlink()
    roster.unlink()  # a file it read is gone
    assert not unchanged(seen, directory)


def test_nothing_recorded_or_something_unreadable_is_a_change(tmp_path: Path) -> None:
    directory = REPO / "config" / "campaigns"
    for seen in ("", "{}", "[]", "not json", '{"campaigns": {}, "named": {}}', '{"campaigns": 3, "named": {}}'):
        assert not unchanged(seen, directory), seen
