"""Issue 13 point 1 in a real browser: a meeting and its minutes are edited and saved again
without touching their dates, in Chinese and in English."""

import datetime
import zoneinfo

import pytest
import time_machine

from consult.models import Department
from meetings import services
from meetings.models import Meeting
from tests.browser import DESKTOP, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_meeting_and_its_minutes_save_again_without_retyping_dates(
    live_server, meeting, queued_topic, user, language
):
    chair = user("union_chair")
    base = live_server.url + f"/e/demo/meetings/{meeting.pk}/"
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url("**/e/demo/")
        if language == "en":
            with page.expect_navigation():
                page.select_option("select[name=language]", "en")
            assert page.locator("html").get_attribute("lang") == "en"

        page.goto(base + "edit/")
        assert page.input_value("input[name=date]") == "2026-12-01"
        screenshot(page, f"p01-meeting-edit-{language}")
        page.fill("input[name=place]", "工会会议室")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(base)
        meeting.refresh_from_db()
        assert meeting.place == "工会会议室"
        assert meeting.date == datetime.date(2026, 12, 1)
        assert meeting.time == datetime.time(9, 0)
        assert meeting.reply_by == datetime.date(2026, 11, 27)

        services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费核算"), by=chair)
        services.participants_propose(meeting=meeting, by=chair)
        services.notice_submit(meeting=meeting, by=chair)
        services.notice_approve(meeting=meeting, by=user("admin_head"))
        item = meeting.items.get()
        finance = Department.objects.get(enterprise=meeting.enterprise, name="财务部")
        services.minutes_save(
            meeting=meeting,
            by=chair,
            items=[
                {
                    "item": item,
                    "statement": "加班费按基本工资核算",
                    "reply": "按合同工资重新核算",
                    "decision": "12月底前补发差额",
                    "departments": [finance],
                    "responsible_person": "钱经理",
                    "deadline": datetime.date(2026, 12, 31),
                    "deadline_working_days": None,
                    "summary": "",
                }
            ],
            head_remarks="",
        )

        page.goto(base + "minutes/")
        page.fill(f"textarea[name=item{item.pk}-summary]", "按期落实")
        screenshot(page, f"p01-minutes-{language}")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(base)
        item.refresh_from_db()
        assert item.summary == "按期落实"
        assert item.deadline == datetime.date(2026, 12, 31)
        assert Meeting.objects.get(pk=meeting.pk).status == "notice_sent"
