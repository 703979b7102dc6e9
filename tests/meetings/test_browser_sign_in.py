"""Issue 13 point 2 on a phone: the meeting's QR link a week early says when sign-in opens;
on the meeting day, shortly before the start, it signs the participant in."""

import datetime
import zoneinfo

import pytest
import time_machine

from tests.browser import PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield


def test_the_qr_sign_in_waits_for_the_meeting_day(live_server, invited_meeting):
    url = (
        f"{live_server.url}/e/demo/meetings/{invited_meeting.pk}/sign-in/"
        f"{invited_meeting.signin_token}/"
    )
    rep = invited_meeting.participants.get(user__username="employee_rep")
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "employee_rep")
        page.wait_for_url("**/e/demo/")
        page.goto(url)
        notice = page.locator("#sign-in-not-yet")
        assert "扫码签到将于 2026-12-01 08:00 开放" in notice.inner_text()
        assert page.get_by_role("button", name="我已到会").count() == 0
        screenshot(page, "p02-sign-in-a-week-early-phone")
        rep.refresh_from_db()
        assert not rep.attended

        with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 40, tzinfo=SHANGHAI), tick=True):
            page.goto(url)
            page.get_by_role("button", name="我已到会").click()
            page.wait_for_load_state()
            screenshot(page, "p02-sign-in-on-the-day-phone")
            rep.refresh_from_db()
            assert rep.attended
