"""The dashboard and the federation's view in a real browser, at desktop and phone sizes,
on the examples `seed_ledger` makes across the four quarters before this one."""

import os
import re

import pytest
from django.core.management import call_command

from ledger.periods import last_quarters
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url(re.compile(r".*/(e/demo/.*)?$"))
    page.goto(live_server.url + path)


def test_dashboard_and_federation_view_at_desktop_and_phone_size(live_server, settings):
    settings.SECURE_SSL_REDIRECT = False
    with open(os.devnull, "w") as quiet:
        call_command("seed_ledger", stdout=quiet)
    year = last_quarters(5)[-1].year  # this year: the quarters seeded and this one
    with browser_page() as page:
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            _as(page, live_server, "union_chair", f"/e/demo/ledger/dashboard/?year={year}")
            assert page.locator("#chart-classes svg").count() == 2
            assert page.locator("#chart-clocks svg rect").count() == 2
            received = int(page.locator("#counts .h4").first.inner_text())
            assert received >= 4
            screenshot(page, f"ledger-dashboard-{size_name}")

            _as(page, live_server, "federation", f"/e/demo/ledger/assessment/?year={year}")
            table = page.locator("#assessment")
            assert table.get_by_text("蒙阴示范机械有限公司").count() == 1
            assert table.get_by_text("蒙阴示范食品有限公司").count() == 1
            assert "张三" not in page.content()
            page.locator("#assessment thead a").nth(3).click()  # items received ▲
            page.locator("#assessment thead a").nth(3).click()  # ▼
            first = page.locator("#assessment tbody tr").first.inner_text()
            assert "蒙阴示范机械有限公司" in first  # demo received more than demo-b
            screenshot(page, f"ledger-assessment-{size_name}")

        page.set_viewport_size(DESKTOP)
        q = last_quarters(5)[-2]
        _as(page, live_server, "admin_head", f"/e/demo/ledger/?year={q.year}&quarter={q.quarter}")
        ledger = page.locator("#ledger")
        assert ledger.get_by_text("保密").count() >= 1 and ledger.get_by_text("匿名").count() >= 1
        screenshot(page, "ledger-work-ledger-admin-head")


def test_the_quarters_archive_is_built_in_the_background_and_linked_when_ready(
    live_server, settings
):
    import io
    import zipfile

    settings.SECURE_SSL_REDIRECT = False
    settings.ARCHIVE_BUILDS = "thread"  # as in production: the request returns at once
    with open(os.devnull, "w") as quiet:
        call_command("seed_ledger", stdout=quiet)
    q = last_quarters(5)[-2]
    with browser_page() as page:
        _as(page, live_server, "union_chair", f"/e/demo/ledger/?year={q.year}&quarter={q.quarter}")
        page.locator("#downloads").get_by_role("link", name="本期档案（ZIP）").click()
        page.wait_for_url("**/ledger/archive/?*")
        with page.expect_navigation():
            page.locator("#archive-request button").click()
        # Built in the background: the page says so (or already links to it), never offers a
        # second build while one is under way, and refreshes itself until the link is there.
        state = page.locator("#archive-state").inner_text()
        assert "正在生成" in state or "已于" in state
        if "正在生成" in state:
            assert page.locator("#archive-request").count() == 0
            screenshot(page, "ledger-archive-building")
        page.wait_for_selector("#archive-link", timeout=120_000)
        screenshot(page, "ledger-archive-ready")
        with page.expect_download() as download:
            page.locator("#archive-link").click()
        archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
        assert "目录.txt" in archive.namelist()
        assert any(n.startswith("第八步 建立工作台账/") for n in archive.namelist())
