"""Tell whether the browser tests will run (they need the system Chromium)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser_support import chromium_path  # noqa: E402

found = chromium_path()
if found:
    print(f"Browser tests: using {found}.")
else:
    print("Browser tests: SKIPPED - no system Chromium found (Debian: apt-get install chromium chromium-driver).")
