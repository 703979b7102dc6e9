"""Issue 8's walk-through in a real browser (step 6, supervision), in `demo`, as its users.

A directly answered anonymous item and a meeting decision become tasks; the department head
completes one and declares the other impossible; a supervisor records a visit; the union tells
both requesters (the anonymous one reads it on /track/ on a phone); the impossible one is handed
up to the parent body and answered there; the bulletin is drafted, issued and printed, the
tracking table printed, and the notice page shows the results without the requester.
"""

import datetime
import re

import pytest
import time_machine

from grievances.models import Grievance
from supervision.models import Task
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot

from .conftest import SHANGHAI, _routed_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANTEEN = "食堂晚班没有热饭，希望延长供餐时间到晚上九点。"
DONE_TEXT = "自9月1日起晚班供餐延长至21:00，已张贴通知。"
IMPOSSIBLE_TEXT = "加班费核算标准须经集团统一调整，本企业无权单独变更。"
TOLD_ANON = "经工会督办，食堂自9月1日起晚班供餐延长至21:00。"
GROUP_ANSWER = "集团将于第四季度统一修订加班费核算办法。"


@pytest.fixture(autouse=True)
def _in_september_2026():
    # Overrides the package's frozen clock: the browser needs a running one.
    start = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=True):
        yield


def _as(page, live_server, username, path, code="demo"):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url(re.compile(rf".*/e/{code}/.*"))
    page.goto(live_server.url + path)


def _submit(page, form):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _main(page) -> str:
    return page.locator("main").inner_text()


def _pdf(page, link):
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"


def test_two_tasks_from_answer_and_decision_through_to_the_notice_of_results(
    live_server, demo, user, dept, decided_task, parent
):
    hr = dept("人力资源部")
    anon = _routed_item(
        demo,
        user,
        route="department",
        disclosure="anonymous",
        content=CANTEEN,
        departments=[hr],
        anonymous=True,
    )
    code, secret = anon.receipt_code, anon.receipt_secret
    decided = decided_task(title="加班费核算", deadline=datetime.date(2026, 9, 20))
    named = decided.grievances.get()

    with browser_page() as page:
        page.set_viewport_size(DESKTOP)

        # The department head answers the anonymous item with measures: it becomes a task.
        _as(page, live_server, "dept_head", f"/e/demo/grievances/{anon.pk}/")
        page.check("input[name=outcome][value=measures]")
        page.fill("textarea[name=measures]", "晚班供餐延长至21:00。")
        page.fill("input[name=due]", "2026-09-15")
        _submit(page, "form[action$='/answer/']")
        direct = Task.objects.get(grievances=anon)
        page.goto(live_server.url + "/e/demo/supervision/")
        queue = page.locator("#tasks").inner_text()
        assert "督导办理" in _main(page)
        assert direct.title in queue and "加班费核算" in queue
        assert "承办部门办理中" in queue and "2026-09-15" in queue and "2026-09-20" in queue
        screenshot(page, "s6-01-queue-dept-head-desktop")

        # ...and completes it on the task page, saying what was done.
        page.locator("#tasks a", has_text=direct.title).click()
        page.wait_for_url(f"**/supervision/tasks/{direct.pk}/")
        assert "向工会反馈办理结果" in _main(page)
        page.check("form[action$='/report/'] input[name=outcome][value=done]")
        page.fill("form[action$='/report/'] textarea[name=text]", DONE_TEXT)
        _submit(page, "form[action$='/report/']")
        assert page.locator("#task-status").inner_text() == "已反馈工会"
        assert page.locator("#outcome").inner_text() == DONE_TEXT
        assert "已完成" in _main(page)
        screenshot(page, "s6-02-task-completed-desktop")

        # The meeting decision's task cannot be done here: the head explains why.
        page.goto(live_server.url + f"/e/demo/supervision/tasks/{decided.pk}/")
        assert "2026年" in _main(page)  # the meeting's label as the source
        page.check("form[action$='/report/'] input[name=outcome][value=impossible]")
        page.fill("form[action$='/report/'] textarea[name=text]", IMPOSSIBLE_TEXT)
        _submit(page, "form[action$='/report/']")
        assert "不具备条件无法执行" in _main(page)
        assert page.locator("#outcome").inner_text() == IMPOSSIBLE_TEXT

        # A supervisor records the tracking visit the meeting item needs.
        _as(page, live_server, "supervisor", f"/e/demo/supervision/tasks/{decided.pk}/")
        visit = "form[action$='/visit/']"
        assert "记录跟踪督导" in _main(page)
        page.select_option(f"{visit} select[name=method]", "site")
        page.fill(f"{visit} input[name=union_members]", "工会赵敏")
        page.fill(f"{visit} input[name=management_members]", "人力资源部郑芳")
        page.fill(f"{visit} textarea[name=findings]", "查阅集团薪酬文件，确需集团调整。")
        page.select_option(f"{visit} select[name=status]", "impossible")
        _submit(page, visit)
        visits = page.locator("#visits").inner_text()
        assert "实地走访" in visits and "查阅集团薪酬文件" in visits
        assert "张三" not in _main(page)  # the supervisor never sees a protected requester
        screenshot(page, "s6-03-task-visit-desktop")

        # Union staff tell the anonymous requester online and print the tracking table.
        _as(page, live_server, "union_staff", f"/e/demo/supervision/tasks/{direct.pk}/")
        tell = "form[action$='/tell/']"
        page.select_option(f"{tell} select[name=method]", "online")
        page.fill(f"{tell} textarea[name=text]", TOLD_ANON)
        _submit(page, tell)
        assert page.locator("#task-status").inner_text() == "已告知诉求人"
        assert TOLD_ANON in _main(page)
        _pdf(page, page.get_by_role("link", name="跟踪表（PDF）"))

        # The impossible item is handed up to the group.
        page.goto(live_server.url + f"/e/demo/supervision/tasks/{decided.pk}/")
        assert "蒙阴示范集团有限公司" in _main(page)
        page.fill("form[action$='/escalate/'] textarea[name=reason]", "本级无权调整，报集团。")
        _submit(page, "form[action$='/escalate/']")
        assert page.locator("#task-status").inner_text() == "已报送上一级"

        # The group's union staff find it in their queue and answer it, never seeing who asked.
        _as(page, live_server, "g_union_staff", "/e/group/supervision/", code="group")
        received = page.locator("#received")
        assert "下级报送的事项" in _main(page) and "加班费核算" in received.inner_text()
        received.get_by_role("link").click()
        page.wait_for_url("**/e/group/supervision/escalations/*/")
        text = _main(page)
        assert IMPOSSIBLE_TEXT in text and "本级无权调整" in text and "张三" not in text
        page.fill("textarea[name=answer]", GROUP_ANSWER)
        _submit(page, "form[action$='/answer/']")
        assert page.locator("#answer").inner_text() == GROUP_ANSWER
        assert page.locator("#escalation-status").inner_text() == "上一级已答复"
        screenshot(page, "s6-04-escalation-answered-group-desktop")

        # Back home, the answer is on the task; union staff tell the named requester by phone.
        _as(page, live_server, "union_staff", f"/e/demo/supervision/tasks/{decided.pk}/")
        assert GROUP_ANSWER in _main(page)
        page.select_option(f"{tell} select[name=method]", "phone")
        page.fill(f"{tell} textarea[name=text]", "电话告知：" + GROUP_ANSWER)
        _submit(page, tell)
        assert page.locator("#task-status").inner_text() == "已告知诉求人"

        # The bulletin of the meeting: drafted, issued, printed.
        page.goto(live_server.url + "/e/demo/supervision/bulletins/")
        page.get_by_role("button", name="起草情况通报").click()
        page.wait_for_url("**/supervision/bulletins/*/")
        assert page.locator("#bulletin-status").inner_text() == "草稿"
        assert "加班费核算" in page.locator("textarea[name=body]").input_value()
        # Issuing asks first, on a page of its own: the text, where it appears, a box to tick.
        with page.expect_navigation():
            page.locator("#bulletin-issue").click()
        page.check("#bulletin-issue-form input[name=confirm]")
        _submit(page, "#bulletin-issue-form")
        assert page.locator("#bulletin-status").inner_text() == "已发布"
        assert "加班费核算" in _main(page)
        screenshot(page, "s6-05-bulletin-issued-desktop")
        _pdf(page, page.locator("main").get_by_role("link", name="PDF", exact=True))

        # Anyone in the enterprise reads the results on the notice page, with no requester.
        _as(page, live_server, "employee", "/e/demo/supervision/notice/")
        notice = page.locator("#notice-of-results").inner_text()
        assert page.locator("h1, h2", has_text="办理结果公示").count() == 1
        assert "加班费核算" in notice and "不具备条件无法执行" in notice
        assert IMPOSSIBLE_TEXT in notice and GROUP_ANSWER in notice  # the parent's answer too
        assert "张三" not in _main(page) and named.number not in _main(page)
        screenshot(page, "s6-06-notice-desktop")

        # The anonymous requester, on a phone, reads what the union told them on /track/.
        page.context.clear_cookies()
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/track/")
        page.fill("input[name=code]", code)
        page.fill("input[name=secret]", secret)
        _submit(page, "main form")
        text = _main(page)
        assert CANTEEN in text and TOLD_ANON in text
        assert "工会已告知您办理结果" in text
        screenshot(page, "s6-07-track-told-phone")

    assert Grievance.objects.get(pk=anon.pk).status == "informed"
    assert Task.objects.get(pk=decided.pk).status == "informed"
