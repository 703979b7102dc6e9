"""Issue 13 point 21 in a browser: the chair opens the notification from home, signs the
opinion, and the home page no longer lists it; the notifications page shows it as done."""

import re

import pytest

from tests.browser import DESKTOP, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_notification_clears_when_its_work_is_done(live_server, make_item):
    item = make_item("classified")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url(re.compile(r".*/e/demo/$"))
        link = page.get_by_role("link", name=f"{item.number} 待签署办理意见")
        screenshot(page, "p21-home-before-desktop")
        link.click()
        page.wait_for_url(re.compile(rf".*/grievances/{item.pk}/$"))
        page.check("input[name=route][value=department]")
        page.fill("textarea[name=opinion]", "转人力资源部办理")
        page.locator("form[action$='/opinion/'] button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(live_server.url + "/e/demo/")
        assert page.get_by_role("link", name=f"{item.number} 待签署办理意见").count() == 0
        screenshot(page, "p21-home-after-desktop")
        page.goto(live_server.url + "/e/demo/notifications/")
        entry = page.locator("li", has_text=f"{item.number} 待签署办理意见")
        assert entry.get_attribute("data-read") == "1" and "已读或已办" in entry.inner_text()
        screenshot(page, "p21-notifications-desktop")
