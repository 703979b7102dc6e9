"""Issue 13 point 7 in the browser (desktop): the union convenes a dispatch meeting without
any topic, keeps its own agenda, submits the notice; the head approves; the home page's rhythm
panel goes quiet for the month once the meeting is held."""

import datetime
import zoneinfo

import pytest
import time_machine

from meetings.models import Meeting, MeetingStatus
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _as(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url("**/e/demo/")
    page.goto(live_server.url + path)


def test_a_dispatch_meeting_is_convened_and_held_without_a_topic(live_server, demo):
    with (
        time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), tick=True),
        browser_page() as page,
    ):
        page.set_viewport_size(DESKTOP)
        _as(page, live_server, "union_chair", "/e/demo/")
        panel = page.content()
        assert "调度会议" in panel and "本期尚未召开，应于2026-11-30前召开" in panel

        page.goto(live_server.url + "/e/demo/meetings/new/")
        page.select_option("select[name=kind]", "dispatch")
        page.fill("input[name=date]", "2026-11-24")
        page.fill("input[name=time]", "08:30")  # started: the clock stands at 09:00
        page.fill("input[name=place]", "二楼小会议室")
        page.fill("input[name=reply_by]", "2026-11-24")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/meetings/*/")
        meeting = Meeting.objects.get(enterprise=demo)
        assert "2026年第1次调度会议" in page.content()
        assert page.get_by_role("button", name="列入议程").count() == 0
        assert "通报未办结诉求事项" in page.input_value("#id_agenda")

        page.fill("#id_agenda", "一、回顾11月工作；\n二、通报未办结事项进展。")
        page.get_by_role("button", name="保存议程").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="按议题推荐参会人员").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="提交会议通知审批").click()
        page.wait_for_load_state()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.NOTICE_PENDING, page.content()[:2000]
        screenshot(page, "p07-dispatch-meeting-desktop")

        _as(page, live_server, "admin_head", f"/e/demo/meetings/{meeting.pk}/")
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="同意并下发通知").click()
        page.wait_for_load_state()
        _as(page, live_server, "union_chair", f"/e/demo/meetings/{meeting.pk}/")
        page.get_by_role("button", name="标记为已召开").click()
        page.wait_for_load_state()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD
        page.set_viewport_size(PHONE)
        screenshot(page, "p07-dispatch-meeting-phone")

        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + "/e/demo/")
        home = page.content()
        assert "本期已于2026-11-24召开" in home
        screenshot(page, "p07-rhythm-panel-desktop")
