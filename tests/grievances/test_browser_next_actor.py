"""Issue 13 point 20 in a browser: after classifying, the page says what happened and who acts
next, the classify form is folded, and the staff list shows deadlines and next actors."""

import re

import pytest
from django.urls import reverse

from consult.models import Category, Department
from tests.browser import DESKTOP, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_union_staff_classify_and_read_who_acts_next(live_server, demo, make_item):
    item = make_item("verified")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_staff")
        page.wait_for_url(re.compile(r".*/e/demo/.*"))
        page.goto(live_server.url + reverse("grievance_detail", args=["demo", item.pk]))
        category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        page.select_option("select[name=category]", str(category.pk))
        page.check(f"input[name=departments][value='{hr.pk}']")
        page.locator("form[action$='/classify/'] button[type=submit]").click()
        page.wait_for_load_state()
        alert = page.locator(".alert-success").inner_text()
        assert alert == "已梳理。下一步：工会主席（签署工会办理意见）。"
        assert page.locator("#next-actors").inner_text().startswith("下一步：工会主席")
        assert not page.locator("form[action$='/classify/'] select[name=category]").is_visible()
        screenshot(page, "p20-after-classify-desktop")

        page.goto(live_server.url + reverse("grievance_list", args=["demo"]))
        row = page.locator("tr", has_text=item.number)
        assert "工会主席" in row.inner_text() and "签署工会办理意见" in row.inner_text()
        screenshot(page, "p20-staff-list-desktop")
