"""The shipped campaigns (config/campaigns), loaded once for every test that needs them."""

from __future__ import annotations

from functools import cache

from bot.campaigns import load_campaigns
from parsers.model import Campaign
from tests.support.paths import CAMPAIGNS_DIR

VG_KEY = "jamstallt-vg-2024-2027"
VM_KEY = "jamstallt-vastmanland-2024-2027"


@cache
def shipped() -> dict[str, Campaign]:
    return {c.key: c for c in load_campaigns(CAMPAIGNS_DIR)}
