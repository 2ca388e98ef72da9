"""Where things are in the repository, for tests at any depth."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config"
CAMPAIGNS_DIR = CONFIG / "campaigns"
DATA = REPO / "tests" / "data"
SAMPLES = DATA / "samples"
FORMS = DATA / "forms"
