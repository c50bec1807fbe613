"""Debian's Chromium for the browser tests, driven by Playwright from PyPI (never a downloaded
browser), with the flags this machine needs."""

from __future__ import annotations

import contextlib
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


@contextlib.contextmanager
def chromium():
    """Yield a launched Playwright ``Browser`` on ``CHROMIUM``; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()
