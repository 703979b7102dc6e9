"""Steps that cannot be undone ask first (issue 13 point 5): withdrawing an item in the browser
asks the employee; cancelling leaves the item as it was, confirming withdraws it."""

import pytest

from grievances.models import Status
from tests.browser import PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_withdrawing_asks_first_and_cancelling_changes_nothing(live_server, make_item):
    g = make_item("submitted")
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "employee")
        page.goto(f"{live_server.url}/e/demo/grievances/{g.pk}/")
        asked = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.get_by_role("button", name="撤回此诉求").click()
        page.wait_for_timeout(300)
        assert asked == ["确定撤回该诉求吗？撤回后不能恢复。"]
        g.refresh_from_db()
        assert g.status == Status.SUBMITTED

        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="撤回此诉求").click()
        page.wait_for_load_state()
        screenshot(page, "p05-withdrawn-phone")
        g.refresh_from_db()
        assert g.status == Status.WITHDRAWN
