"""Playwright driving Debian's chromium (Playwright's own browser download is not used)."""

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def browser_page():
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (bin/test installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(accept_downloads=True, locale="zh-CN")
            yield context.new_page()
        finally:
            browser.close()
            # ORM calls made while Playwright's loop was running opened their own connection;
            # close it so PostgreSQL can drop the test database at the end.
            from django.db import connections

            connections.close_all()


def log_in(page, base_url: str, username: str, password: str = "demo-pass-2026") -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")


DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def screenshot(page, name: str) -> str:
    """Save a full-page screenshot under var/screenshots/ (ignored by git); returns its path."""
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return str(path)
