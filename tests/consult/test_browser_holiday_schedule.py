"""Issue 18 point 2 in a browser at desktop size: the installation admin opens the holiday
schedule from the home page, enters 2027 from the notice, looks at the preview and saves.

The 2027 schedule typed here is INVENTED for the test: the State Council's real one was not
published when it was written.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from consult.models import CalendarOverride, CalendarSchedule
from consult.workdays import is_working_day
from tests.browser import DESKTOP, browser_page, log_in, screenshot
from tests.conftest import PASSWORD
from tests.helpers import SHANGHAI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVENTED_2027 = {
    0: ("2027-01-01", "2027-01-03", ""),  # 元旦
    1: ("2027-02-06", "2027-02-12", "2月13日、2月20日"),  # 春节
    6: ("2027-10-01", "2027-10-07", "9月26日, 10月9日"),  # 国庆节
}


@pytest.fixture(autouse=True)
def _in_december_2026():
    """The years page offers last year to two years ahead: 2027 is "next year" here."""
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, tzinfo=SHANGHAI)):
        yield


def test_the_installation_admin_enters_2027_and_sees_the_working_days_first(live_server, demo):
    get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "root")
        page.wait_for_url(live_server.url + "/")
        page.locator("#installation-menu").get_by_role("link", name="节假日安排").click()
        page.wait_for_url("**/calendar/")
        page.get_by_role("link", name="录入2027年").click()
        page.wait_for_url("**/calendar/2027/")
        assert page.input_value("input[name=form-1-name]") == "春节"
        for row, (first, last, make_up) in INVENTED_2027.items():
            page.fill(f"input[name=form-{row}-first]", first)
            page.fill(f"input[name=form-{row}-last]", last)
            page.fill(f"input[name=form-{row}-make_up]", make_up)
        page.get_by_role("button", name="预览工作日").click()
        page.wait_for_selector("#preview")
        months = page.locator("#preview-months").inner_text()
        # February 2027: 20 weekdays, 5 of them off (8–12), two Saturdays worked (13, 20).
        assert "2月：17个工作日" in months and "2-13 上班 · 春节调休上班" in months
        assert not CalendarOverride.objects.filter(date__year=2027).exists()
        path = screenshot(page, "p18-holiday-schedule-2027-preview-desktop")
        assert path.endswith(".png")
        page.get_by_role("button", name="保存2027年节假日安排").click()
        page.wait_for_url("**/calendar/")
        assert "2027年节假日安排已保存" in page.content()
        assert "root于" in page.locator("#calendar-years").inner_text()  # who entered 2027
        screenshot(page, "p18-holiday-schedule-years-desktop")
    assert CalendarSchedule.objects.get(year=2027).entered_by.username == "root"
    assert is_working_day(datetime.date(2027, 2, 13))
    assert not is_working_day(datetime.date(2027, 10, 4))
