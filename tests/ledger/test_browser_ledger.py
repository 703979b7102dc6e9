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
