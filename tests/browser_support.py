"""Shared bits for browser tests: Playwright driving the system Chromium (never its own download)."""

import os
import shutil

CHROMIUM_PATHS = ["chromium", "chromium-browser", "/usr/bin/chromium", "google-chrome"]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit and os.path.exists(explicit):
        return explicit
    for candidate in CHROMIUM_PATHS:
        found = shutil.which(candidate)
        if found:
            return found
    return None
