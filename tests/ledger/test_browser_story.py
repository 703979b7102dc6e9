"""Issue 10's "Done when": all eight steps as one story in `demo`, in a real browser, as the
people who take them. An employee submits anonymously on a phone; union staff verify and
classify; the chair signs the opinion; the management deputy approves the routing; the head of
the department answers; the department reports, the supervisor tells the requester; the
requester answers the survey on /track/ with the receipt on the phone; the 督办人 signs and the
chair reviews; the item's line is in the quarter's work ledger, page and XLSX, with 匿名.

Each step checks what that person sees (the flash message, who acts next) and leaves a
screenshot `story-NN-…` in var/screenshots/.
"""

import datetime
import io
import re

import pytest
import time_machine
from openpyxl import load_workbook

from consult.models import Category, Department, display_name
from grievances.models import Grievance, Status
from supervision.models import Task
from surveys.models import SurveyRound
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot
from tests.ledger.conftest import SHANGHAI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = "夜班下班后厂区到宿舍的路灯太暗，希望增加照明。"
MEASURES = "两周内在厂区至宿舍道路加装十盏路灯。"
REPORT = "已加装路灯十盏，夜间照明正常。"
TOLD = "经工会督办，厂区至宿舍道路已加装路灯，请评价办理结果。"
REVIEW = "办理及时，职工满意，予以归档。"


@pytest.fixture(autouse=True)
def _in_september_2026():
    # A running clock in 2026's third quarter (the browser needs time to move).
    start = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=True):
        yield


def _as(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url(re.compile(r".*/e/demo/.*"))
    page.goto(live_server.url + path)


def _submit(page, form):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _flash(page) -> str:
    return page.locator(".alert-success").first.inner_text()


def _status(grievance) -> str:
    grievance.refresh_from_db()
    return grievance.status


def test_one_item_through_all_eight_steps_to_its_line_in_the_quarters_ledger(
    live_server, demo, settings
):
    settings.SECURE_SSL_REDIRECT = False
    category = Category.objects.get(enterprise=demo, name="生活保障类")
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    with browser_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())

        # Step 3 (征集): an employee, not logged in, submits anonymously on a phone.
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/s/demo/")
        page.fill("textarea[name=content]", CONTENT)
        page.get_by_role("button", name="匿名提交").click()
        code = page.locator("#receipt-code").inner_text()
        secret = page.locator("#receipt-secret").inner_text()
        assert code and secret
        screenshot(page, "story-01-anonymous-submission-phone")
        item = Grievance.objects.get(receipt_code=code)
        assert item.requester_id is None and item.status == Status.SUBMITTED
        detail = f"/e/demo/grievances/{item.pk}/"

        # Union staff verify and classify it; the page names the chair as next.
        page.set_viewport_size(DESKTOP)
        _as(page, live_server, "union_staff", detail)
        assert "匿名" in page.locator("main").inner_text()
        page.check("input[name=outcome][value=authentic]")
        _submit(page, "form[action$='/verify/']")
        assert _flash(page).startswith("核实受理。下一步：工会工作人员")
        page.select_option("select[name=category]", str(category.pk))
        page.check(f"input[name=departments][value='{hr.pk}']")
        page.fill("input[name=responsible_person]", "郑芳")
        _submit(page, "form[action$='/classify/']")
        assert _flash(page) == "已梳理。下一步：工会主席（签署工会办理意见）。"
        screenshot(page, "story-02-verified-and-classified")

        # The union chair signs the opinion: direct handling by the department.
        _as(page, live_server, "union_chair", detail)
        page.check("input[name=route][value=department]")
        page.fill("textarea[name=opinion]", "转人力资源部办理。")
        _submit(page, "form[action$='/opinion/']")
        signed = _flash(page)
        assert signed == "工会已签署意见。下一步：企业行政负责人、行政分管负责人（审批办理意见）。"
        screenshot(page, "story-03-chair-signed-opinion")

        # The management deputy approves the routing.
        page.context.clear_cookies()
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "admin_deputy")
        page.fill("input[name=password]", "demo-pass-2026")
        page.locator("input[type=submit]").click()
        page.goto(live_server.url + f"/admin/grievances/grievance/{item.pk}/change/")
        assert "匿名" in page.content()
        with page.expect_navigation():  # approving asks first; the dialog handler accepts
            page.get_by_role("button", name="同意并审批").click()
        assert "已审批同意" in page.locator(".messagelist").inner_text()
        screenshot(page, "story-04-deputy-approved-routing")
        assert _status(item) == Status.ROUTED_DEPARTMENT

        # The head of the department answers with measures and a date.
        _as(page, live_server, "dept_head", detail)
        page.check("input[name=outcome][value=measures]")
        page.fill("textarea[name=measures]", MEASURES)
        page.fill("input[name=due]", "2026-09-15")
        _submit(page, "form[action$='/answer/']")
        answered = _flash(page)
        # next: the department reports to the union, supervision records its follow-up
        assert answered.startswith("职能部门已答复。下一步：人力资源部"), answered
        assert "督导人员" in answered, answered
        screenshot(page, "story-05-department-answered")
        assert _status(item) == Status.ANSWERED
        task = Task.objects.get(grievances=item)

        # Step 6: the department reports; the supervisor tells the requester.
        _as(page, live_server, "dept_head", f"/e/demo/supervision/tasks/{task.pk}/")
        page.check("form[action$='/report/'] input[name=outcome][value=done]")
        page.fill("form[action$='/report/'] textarea[name=text]", REPORT)
        _submit(page, "form[action$='/report/']")
        assert page.locator("#task-status").inner_text() == "已反馈工会"
        screenshot(page, "story-06-department-reported")
        _as(page, live_server, "supervisor", f"/e/demo/supervision/tasks/{task.pk}/")
        tell = "form[action$='/tell/']"
        page.select_option(f"{tell} select[name=method]", "online")
        page.fill(f"{tell} textarea[name=text]", TOLD)
        _submit(page, tell)
        assert page.locator("#task-status").inner_text() == "已告知诉求人"
        screenshot(page, "story-07-supervisor-told-requester")
        survey_round = SurveyRound.objects.get(grievance=item)

        # Step 7: the anonymous requester reads the result and answers on /track/ on a phone.
        page.context.clear_cookies()
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/track/")
        page.fill("input[name=code]", code)
        page.fill("input[name=secret]", secret)
        _submit(page, "main form")
        assert TOLD in page.locator("main").inner_text()
        assert page.locator("#survey input[name=level]:checked").count() == 0
        page.check("#survey input[name=level][value=satisfied]")
        _submit(page, "#survey form")
        assert "不会与您的身份关联" in page.locator("#answered").inner_text()
        screenshot(page, "story-08-track-survey-answered-phone")

        # The 督办人 signs the result; the chair reviews it and the item is closed.
        page.set_viewport_size(DESKTOP)
        _as(page, live_server, "supervisor", f"/e/demo/surveys/{survey_round.pk}/")
        assert page.locator("#round-status").inner_text() == "已结束，待督办人签字"
        _submit(page, "form[action$='/sign/']")
        supervisor = display_name(
            survey_round.enterprise.memberships.get(user__username="supervisor").user
        )
        assert supervisor in page.locator("#signed").inner_text()
        screenshot(page, "story-09-supervisor-signed")
        _as(page, live_server, "union_chair", f"/e/demo/surveys/{survey_round.pk}/")
        page.fill("form[action$='/review/'] textarea[name=review]", REVIEW)
        _submit(page, "form[action$='/review/']")
        assert page.locator("#review").inner_text() == REVIEW
        assert "已办结" in _flash(page) and "已办结" in page.locator("main").inner_text()
        screenshot(page, "story-10-chair-reviewed")
        assert _status(item) == Status.CLOSED

        # Step 8: the item's line in the quarter's work ledger, on the page and in the XLSX.
        page.goto(live_server.url + "/e/demo/ledger/?year=2026&quarter=3")
        row = page.locator("#ledger tr", has_text=item.number)
        line = row.inner_text()
        for shown in ("匿名", CONTENT, "满意", supervisor, REVIEW, "人力资源部"):
            assert shown in line, shown
        screenshot(page, "story-11-work-ledger")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载Excel（XLSX）").click()
        with open(download.value.path(), "rb") as f:
            sheet = load_workbook(io.BytesIO(f.read())).active
        rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == item.number]
        assert len(rows) == 1
        line = rows[0]
        assert line[3] == "匿名" and line[6] == "匿名"  # 诉求人, 电话
        assert line[4] == CONTENT
        assert line[8:11] == ("满意", supervisor, REVIEW)
