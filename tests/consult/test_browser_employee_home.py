"""Issue 13 point 22 on a phone: the employee's home offers the "反映诉求或建议" button that its
empty state points to, and it opens the submission form."""

import pytest

from tests.browser import PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_employees_home_has_the_submit_button_its_empty_state_names(live_server, demo):
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "employee")
        page.wait_for_url("**/e/demo/")
        assert "可点击“反映诉求或建议”提交" in page.content()
        button = page.get_by_role("link", name="反映诉求或建议")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["height"] >= 38 and box["x"] + box["width"] <= PHONE["width"]
        screenshot(page, "p22-employee-home-phone")
        button.click()
        page.wait_for_url("**/e/demo/grievances/new/")
        assert page.locator("textarea[name=content]").is_visible()
