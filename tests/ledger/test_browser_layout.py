"""Layout on a desktop and a phone (issue 18 point 13): at 1366 px every tab of the
enterprise's navigation is visible (they wrap, none is cut off); on a phone the 12-column work
ledger shows each item as a card of "label: value" lines, as the other lists do."""

import pytest

from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_tab_is_visible_at_1366_px(live_server, demo):
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.goto(live_server.url + "/e/demo/")
        nav = page.locator("#enterprise-nav")
        assert nav.evaluate("n => n.scrollWidth <= n.clientWidth + 1")
        right = nav.evaluate("n => n.getBoundingClientRect().right")
        for link in nav.locator("a").all():
            box = link.bounding_box()
            assert box and box["x"] + box["width"] <= right + 1, link.inner_text()
        screenshot(page, "p13-nav-desktop")


def test_the_ledger_is_cards_on_a_phone(live_server, handled):
    handled()
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "union_chair")
        page.goto(live_server.url + "/e/demo/ledger/?year=2026&quarter=3")
        assert page.locator("#ledger thead").is_hidden()
        row = page.locator("#ledger tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        cell = row.locator("td[data-label='办理情况']")
        assert cell.evaluate("c => c.getBoundingClientRect().width") > 250
        assert page.evaluate("document.documentElement.scrollWidth <= 390")
        screenshot(page, "p13-ledger-phone")
        page.set_viewport_size(DESKTOP)
        assert page.locator("#ledger thead").is_visible()
        screenshot(page, "p13-ledger-desktop")
