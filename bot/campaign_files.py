"""What the campaign files were when the sessions job last read them, and are they still?

The sessions job records, with its success (job_run.seen), a digest of every file it loaded:
the campaign files (*.toml, hashed before they are loaded, so an edit made while loading is
seen as a change next time) and the rosters and blank forms they name. An idle `intake poll
--once` (bot/quick_look.py) compares that with the files as they are now, without parsing
anything: the same bytes load the same campaigns and need no new invitations, updates or
cancellations. Anything else, or anything it cannot read, counts as a change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

from parsers.model import Campaign


def toml_digests(directory: Path) -> dict[str, str]:
    """path -> sha256 of every campaign file in ``directory``, as load_campaigns reads them."""
    return {str(path): _digest(path) for path in sorted(directory.glob("*.toml"))}


def seen_of(tomls: dict[str, str], campaigns: Iterable[Campaign]) -> str:
    named = {str(path): _digest(path) for campaign in campaigns
             for path in (campaign.roster_path, campaign.form_path) if path is not None}
    return json.dumps({"campaigns": tomls, "named": named}, sort_keys=True)


def unchanged(seen: str, directory: Path) -> bool:
    """The files recorded in ``seen`` are still there with the same bytes, and no campaign file
    was added to or removed from ``directory``."""
    try:
        recorded = json.loads(seen)
        tomls, named = recorded["campaigns"], recorded["named"]
        if not tomls or toml_digests(directory) != tomls:
            return False
        return all(_digest(Path(name)) == digest for name, digest in named.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
