"""Approving routing in Django admin asks first (issue 13 points 5 and 6), in the browser: the
change page's approve button asks and cancelling changes nothing; the bulk action shows a page
listing the items with their opinions before anything is approved."""

import pytest

from grievances.models import Status
from tests.browser import DESKTOP, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_approve_button_asks_and_cancelling_changes_nothing(live_server, make_item):
    g = make_item("opinion_signed")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "admin_deputy")
        page.goto(f"{live_server.url}/admin/grievances/grievance/{g.pk}/change/")
        box = page.locator("#routing-approval")
        assert g.opinion in box.inner_text()
        assert page.locator("input[name=_save]").count() == 0
        screenshot(page, "p06-admin-change-desktop")
        asked = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        box.get_by_role("button", name="同意并审批").click()
        page.wait_for_timeout(300)
        assert asked and g.number in asked[0] and "不能撤销" in asked[0]
        g.refresh_from_db()
        assert g.status == Status.OPINION_SIGNED

        page.once("dialog", lambda d: d.accept())
        box.get_by_role("button", name="同意并审批").click()
        page.wait_for_load_state()
        assert "已审批同意" in page.locator(".messagelist").inner_text()
        g.refresh_from_db()
        assert g.status == Status.ROUTED_DEPARTMENT


def test_bulk_approval_lists_the_items_before_approving(live_server, make_item):
    first = make_item("opinion_signed", content="食堂饭菜价格偏高")
    second = make_item("opinion_signed", content="夜班班车太少")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "admin_deputy")
        page.goto(f"{live_server.url}/admin/grievances/grievance/")
        listing = page.locator("#result_list").inner_text()
        assert "食堂饭菜价格偏高" in listing and first.opinion[:10] in listing
        screenshot(page, "p06-admin-list-desktop")
        for g in (first, second):
            page.locator(f"input[name=_selected_action][value='{g.pk}']").check()
        page.select_option("select[name=action]", "approve_routing")
        page.locator("button[name=index]").click()
        page.wait_for_load_state()
        table = page.locator("#approve-items").inner_text()
        assert "食堂饭菜价格偏高" in table and "夜班班车太少" in table
        screenshot(page, "p05-admin-bulk-confirmation-desktop")
        for g in (first, second):
            g.refresh_from_db()
            assert g.status == Status.OPINION_SIGNED
        page.get_by_role("button", name="是，审批同意").click()
        page.wait_for_load_state()
        assert "已审批同意 2 项" in page.locator(".messagelist").inner_text()
        for g in (first, second):
            g.refresh_from_db()
            assert g.status == Status.ROUTED_DEPARTMENT
