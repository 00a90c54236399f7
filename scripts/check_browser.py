"""Tell whether the browser tests will run (they need the system Chromium)."""

import shutil

from tests.browser_support import CHROMIUM_PATHS

found = next((p for p in CHROMIUM_PATHS if shutil.which(p)), None)
if found:
    print(f"Browser tests: using {found}.")
else:
    print("Browser tests: SKIPPED - no system Chromium found (Debian: apt-get install chromium chromium-driver).")
