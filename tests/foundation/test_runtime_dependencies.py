"""The portal runs on its runtime dependencies alone: `pip install .` without `[dev]` publishes a
report (publishing once imported pypdf, a test-only package, to count pages)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_module_loads_and_a_report_publishes_without_the_dev_extras():
    result = subprocess.run([sys.executable, "-m", "tests.foundation.runtime_only"], cwd=ROOT,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "published published pages=" in result.stdout
    pages = int(result.stdout.split("pages=")[1].split()[0])
    assert pages >= 2
