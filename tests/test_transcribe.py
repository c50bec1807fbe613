"""The transcription scripts reproduce the committed seed fixtures."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ("seed_001_phitsanulok1_action_plan_2564.json", "seed_003_samutsakhon_calendar_2561.json")


def test_the_seed_001_003_script_writes_the_committed_fixtures_byte_for_byte(tmp_path):
    """Run in a copy of the tree (its own ``fixtures/``, the seed texts of ``tests/seeds``):
    what it writes is what is committed, so the fixtures are regenerated, never hand-edited."""
    (tmp_path / "scripts" / "transcribe").mkdir(parents=True)
    (tmp_path / "fixtures").mkdir()
    shutil.copy(ROOT / "scripts" / "transcribe" / "seeds_001_003.py", tmp_path / "scripts" / "transcribe")
    shutil.copytree(ROOT / "tests" / "seeds", tmp_path / "tests" / "seeds")
    subprocess.run([sys.executable, "scripts/transcribe/seeds_001_003.py"], cwd=tmp_path, check=True, capture_output=True)
    for name in FIXTURES:
        assert (tmp_path / "fixtures" / name).read_bytes() == (ROOT / "fixtures" / name).read_bytes(), name
