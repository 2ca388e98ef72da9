"""Where things are in the repository, for tests at any depth."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config"
CAMPAIGNS_DIR = CONFIG / "campaigns"
DATA = REPO / "tests" / "data"
SAMPLES = REPO / "bot" / "demo" / "samples"  # the worked examples ship with the demo
FORMS = DATA / "forms"
