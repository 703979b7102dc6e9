"""Issue 4's walk-through in a real browser, up to attendance and the printed sheet."""

import datetime
import zoneinfo

import pytest
import time_machine

from meetings.models import Meeting, Participant
from tests.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def frozen_today():
    # The browser needs a running clock; start it on the suite's day.
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield


def _as(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url("**/e/demo/")
    page.goto(live_server.url + path)


def test_chair_convenes_head_approves_representative_answers_and_staff_take_attendance(
    live_server, demo, queued_topic
):
    queued_topic("加班费核算标准不清", "工资福利类")
    queued_topic("宿舍热水供应时间短", "生活保障类")
    with browser_page() as page:
        _as(page, live_server, "union_chair", "/e/demo/meetings/new/")
        page.fill("input[name=date]", "2026-12-03")
        page.fill("input[name=time]", "09:30")
        page.fill("input[name=place]", "办公楼三楼会议室")
        page.fill("input[name=reply_by]", "2026-12-01")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/meetings/*/")
        meeting = Meeting.objects.get(enterprise=demo)
        detail = f"/e/demo/meetings/{meeting.pk}/"
        assert "2026年第1次" in page.content()

        for _ in range(2):
            page.get_by_role("button", name="列入议程").click()
            page.wait_for_load_state()
        page.get_by_role("button", name="按议题推荐参会人员").click()
        page.wait_for_load_state()
        participants = page.locator("main table").first.inner_text()
        assert "周建国" in participants and "郑芳" in participants and "李四" in participants
        page.get_by_role("button", name="提交会议通知审批").click()
        page.wait_for_load_state()

        _as(page, live_server, "admin_head", detail)
        questions = []
        page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
        page.get_by_role("button", name="同意并下发通知").click()
        page.wait_for_load_state()
        assert questions == ["确定同意并立即向全体与会人员下发会议通知吗？"]

        _as(page, live_server, "employee_rep", detail)
        page.get_by_role("button", name="确认参会").click()
        page.wait_for_load_state()
        rep = Participant.objects.get(meeting=meeting, user__username="employee_rep")
        assert rep.rsvp == "confirmed"

        _as(page, live_server, "union_staff", detail)
        row = page.locator("tr", has_text="李四")
        row.get_by_role("button", name="到会").click()
        page.wait_for_load_state()
        assert page.locator("#sign-in-qr img").is_visible()
        rep.refresh_from_db()
        assert rep.attended
        with page.expect_download() as download:
            page.get_by_role("link", name="签到表 PDF").click()
        with open(download.value.path(), "rb") as f:
            assert f.read(5) == b"%PDF-"
