"""Approving routing in Django admin asks first (issue 13 points 5 and 6), in the browser: the
change page's approve button asks and cancelling changes nothing; the comment typed before
approving is kept (issue 18 point 5)."""

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

        box.locator("textarea[name=note]").fill("同意，请两周内答复")
        page.once("dialog", lambda d: d.accept())
        box.get_by_role("button", name="同意并审批").click()
        page.wait_for_load_state()
        assert "已审批同意" in page.locator(".messagelist").inner_text()
        g.refresh_from_db()
        assert g.status == Status.ROUTED_DEPARTMENT
        assert g.approval_note == "同意，请两周内答复"  # the comment typed before approving
