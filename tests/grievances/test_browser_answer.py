"""Issue 13 point 2 in a browser: a department head cannot give a completion date in the past;
the date picker offers none and the server refuses one all the same."""

import re

import pytest
from django.urls import reverse

from grievances.models import Status
from tests.browser import DESKTOP, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_department_cannot_answer_with_a_past_completion_date(live_server, make_item):
    item = make_item("routed_department")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "dept_head")
        page.wait_for_url(re.compile(r".*/e/demo/.*"))
        page.goto(live_server.url + reverse("grievance_detail", args=["demo", item.pk]))
        page.check("input[name=outcome][value=measures]")
        page.fill("textarea[name=measures]", "下月起调整价格")
        page.fill("input[name=due]", "2025-01-01")
        page.locator("form[action$='/answer/'] button[type=submit]").click()
        assert page.eval_on_selector("input[name=due]", "e => e.validity.rangeUnderflow")
        screenshot(page, "p02-answer-past-date-desktop")
        item.refresh_from_db()
        assert item.status == Status.ROUTED_DEPARTMENT
