"""Issue 13 point 5 in the browser (desktop): on the meeting day the union sees "标记为已召开"
but no "纪要定稿"; once the meeting is held the finalise button appears and asks first."""

import datetime
import zoneinfo

import pytest
import time_machine

from meetings.models import MeetingStatus
from tests import factories
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_finalise_appears_only_after_the_meeting_is_held_and_asks_first(
    live_server, demo, queued_topic
):
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), tick=False):
        meeting = factories.meeting(
            "notice_sent", enterprise=demo, topics=[queued_topic("加班费核算不清")]
        )
    with (
        time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI), tick=True),
        browser_page() as page,
    ):
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url("**/e/demo/")
        page.goto(f"{live_server.url}/e/demo/meetings/{meeting.pk}/")
        assert page.get_by_role("button", name="标记为已召开").is_visible()
        assert page.get_by_role("button", name="纪要定稿").count() == 0
        screenshot(page, "p05-meeting-before-held-desktop")

        page.get_by_role("button", name="标记为已召开").click()
        page.wait_for_load_state()
        finalise = page.get_by_role("button", name="纪要定稿")
        assert finalise.is_visible()
        asked = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        finalise.click()
        page.wait_for_timeout(300)
        assert asked and "定稿" in asked[0]
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD
        page.set_viewport_size(PHONE)
        screenshot(page, "p05-meeting-held-phone")
