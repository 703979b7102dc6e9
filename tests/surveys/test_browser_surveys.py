"""Issue 9's "Done when" in a real browser (step 7, satisfaction surveys), in `demo`.

A completed item's requester answers 不满意 online with a reason; the union records a remedy;
the item goes back to supervision and is completed again; the requester is told again; the
second round is answered 满意 by a phone callback that union staff record; the supervisor
signs and the chair reviews; both rounds appear in the satisfaction ledger, PDF and XLSX; an
anonymous requester answers on /track/ on a phone-sized screen.
"""

import datetime
import io
import re
import shutil

import pytest
import time_machine
from openpyxl import load_workbook

from grievances import services as grievance_services
from grievances.models import Kind, Status
from supervision import services as supervision_services
from supervision.models import Task
from surveys.models import RoundStatus, SurveyRound
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot
from tests.supervision.conftest import SHANGHAI

from .conftest import _routed_existing, _routed_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANTEEN = "食堂饭菜价格偏高，希望调整。"
REASON = "价格没有变化，只是换了菜单。"
NIGHT = "倒班宿舍夜间噪音大，影响休息。"


@pytest.fixture(autouse=True)
def _in_september_2026():
    # Overrides the package's frozen clock: the browser needs a running one.
    start = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=True):
        yield


def _told(demo, user, dept, grievance):
    hr = dept("人力资源部")
    head = user("dept_head")
    grievance_services.grievance_answer(
        grievance=grievance,
        by=head,
        department=hr,
        measures="下月起调整",
        due=datetime.date(2026, 9, 1),
    )
    task = Task.objects.get(grievances=grievance)
    supervision_services.task_report(
        task=task,
        by=head,
        department=hr,
        outcome="done",
        text="已调整",
        completed_on=datetime.date(2026, 9, 1),
    )
    supervision_services.requester_tell(
        task=task,
        grievance=grievance,
        by=user("union_staff"),
        method="online" if grievance.requester_id is None else "phone",
        text="菜价已调整，请评价。",
    )


def _as(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url(re.compile(r".*/e/demo/.*"))
    page.goto(live_server.url + path)


def _submit(page, form):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _main(page) -> str:
    return page.locator("main").inner_text()


def _download(page, link, target):
    with page.expect_download() as download:
        link.click()
    shutil.copy(download.value.path(), target)
    with open(target, "rb") as f:
        return f.read()


def test_unsatisfied_remedy_second_round_sign_review_ledger_and_track(
    live_server, demo, user, dept, tmp_path
):
    named = _routed_item(
        demo,
        user,
        route="department",
        disclosure="named",
        content=CANTEEN,
        departments=[dept("人力资源部")],
    )
    _told(demo, user, dept, named)
    anon = grievance_services.grievance_submit_anonymous(
        enterprise=demo, kind=Kind.GRIEVANCE, content=NIGHT
    )
    code, secret = anon.receipt_code, anon.receipt_secret
    _routed_existing(anon, user, dept("人力资源部"))
    _told(demo, user, dept, anon)
    first = SurveyRound.objects.get(grievance=named)

    with browser_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        page.set_viewport_size(DESKTOP)

        # The requester finds the survey on the home page and answers 不满意 — first without
        # a reason (refused, nothing saved), then with one.
        _as(page, live_server, "employee", "/e/demo/")
        page.get_by_role("link", name=re.compile(f"请对{named.number}进行满意度评价")).click()
        page.wait_for_url(f"**/surveys/{first.pk}/answer/")
        assert page.locator("input[name=level]:checked").count() == 0
        page.check("input[name=level][value=unsatisfied]")
        _submit(page, "main form")
        assert "请填写不满意的原因" in _main(page)
        page.check("input[name=level][value=unsatisfied]")
        page.fill("textarea[name=reason]", REASON)
        _submit(page, "main form")
        assert "不满意" in page.locator("#answered").inner_text()
        screenshot(page, "s7-01-answered-unsatisfied-desktop")
        # Issue 18 point 6: the answered invitation waits no more, and the news of the result,
        # listed on the home page, was read there.
        page.goto(live_server.url + "/e/demo/notifications/")
        invitation = page.locator("li", has_text=f"请评价{named.number}的办理结果")
        assert invitation.get_attribute("data-read") == "1"
        assert "已读或已办" in invitation.inner_text()
        news = page.locator("li", has_text=f"{named.number} 工会已告知您办理结果")
        assert news.get_attribute("data-read") == "1"
        screenshot(page, "s7-01b-notifications-after-answer-desktop")

        # Union staff see it waiting and record the remedy: department, measures, deadline.
        _as(page, live_server, "union_staff", "/e/demo/")
        page.get_by_role("link", name=re.compile(f"不满意：请为{named.number}安排整改")).click()
        page.wait_for_url(f"**/surveys/{first.pk}/")
        assert REASON in _main(page)
        remedy = "form[action$='/remedy/']"
        page.select_option(f"{remedy} select[name=department]", label="人力资源部")
        page.fill(f"{remedy} textarea[name=measures]", "重新核定菜价并在食堂公示")
        page.fill(f"{remedy} input[name=deadline]", "2026-09-10")
        _submit(page, remedy)
        assert "重新核定菜价并在食堂公示" in page.locator("#remedy").inner_text()
        screenshot(page, "s7-02-remedy-recorded-desktop")
        named.refresh_from_db()
        assert named.status == Status.REMEDY
        task = Task.objects.get(remedy__round=first)

        # Back in supervision: the department completes it, the union tells the requester again.
        _as(page, live_server, "dept_head", f"/e/demo/supervision/tasks/{task.pk}/")
        page.check("form[action$='/report/'] input[name=outcome][value=done]")
        page.fill("form[action$='/report/'] textarea[name=text]", "菜价已重新核定并公示")
        _submit(page, "form[action$='/report/']")
        assert page.locator("#task-status").inner_text() == "已反馈工会"
        _as(page, live_server, "union_staff", f"/e/demo/supervision/tasks/{task.pk}/")
        tell = "form[action$='/tell/']"
        page.select_option(f"{tell} select[name=method]", "phone")
        page.fill(f"{tell} textarea[name=text]", "电话告知：菜价已重新核定并公示。")
        _submit(page, tell)
        assert page.locator("#task-status").inner_text() == "已告知诉求人"
        second = SurveyRound.objects.get(grievance=named, number=2)

        # The second round is answered 满意 by a phone callback that union staff record.
        page.goto(live_server.url + f"/e/demo/surveys/{second.pk}/")
        record = "form[action$='/record/']"
        page.select_option(f"{record} select[name=respondent]", index=1)
        page.check(f"{record} input[name=method][value=phone]")
        page.check(f"{record} input[name=level][value=satisfied]")
        _submit(page, record)
        answers = page.locator("#answers").inner_text()
        assert "满意" in answers and "电话回访" in answers
        assert page.locator("#round-status").inner_text() == "已结束，待督办人签字"
        screenshot(page, "s7-03-phone-answer-recorded-desktop")

        # The supervisor signs; the chair reviews, and the item is closed.
        _as(page, live_server, "supervisor", f"/e/demo/surveys/{second.pk}/")
        _submit(page, "form[action$='/sign/']")
        assert "冯刚" in page.locator("#signed").inner_text()
        _as(page, live_server, "union_chair", f"/e/demo/surveys/{second.pk}/")
        page.fill("form[action$='/review/'] textarea[name=review]", "整改到位，职工满意。")
        _submit(page, "form[action$='/review/']")
        assert page.locator("#review").inner_text() == "整改到位，职工满意。"
        named.refresh_from_db()
        assert named.status == Status.CLOSED
        screenshot(page, "s7-04-signed-and-reviewed-desktop")

        # Both rounds in the satisfaction ledger, PDF and XLSX.
        page.goto(live_server.url + "/e/demo/surveys/")
        pdf = _download(
            page, page.get_by_role("link", name="满意度整理台账（PDF）"), tmp_path / "ledger.pdf"
        )
        assert pdf.startswith(b"%PDF-")
        shutil.copy(tmp_path / "ledger.pdf", "/tmp/s7-ledger.pdf")
        xlsx = _download(
            page, page.get_by_role("link", name="满意度整理台账（XLSX）"), tmp_path / "ledger.xlsx"
        )
        rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
        mine = [r for r in rows if r[0] and named.number in str(r[0])]
        assert [(r[1], r[4]) for r in mine] == [("不满意", REASON), ("满意", "")] or [
            (r[1], r[4]) for r in mine
        ] == [("不满意", REASON), ("满意", None)]
        page.goto(live_server.url + "/e/demo/")
        assert page.locator("img[src*='figures.svg']").count() == 1
        screenshot(page, "s7-05-dashboard-figures-desktop")

        # The anonymous requester answers on /track/ on a phone-sized screen.
        page.context.clear_cookies()
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/track/")
        page.fill("input[name=code]", code)
        page.fill("input[name=secret]", secret)
        _submit(page, "main form")
        assert page.locator("#survey input[name=level]:checked").count() == 0
        screenshot(page, "s7-06-track-survey-phone")
        page.check("#survey input[name=level][value=very_satisfied]")
        _submit(page, "#survey form")
        assert "不会与您的身份关联" in page.locator("#answered").inner_text()
        screenshot(page, "s7-07-track-answered-phone")
    answer_round = SurveyRound.objects.get(grievance=anon)
    assert answer_round.status == RoundStatus.CLOSED
    assert answer_round.respondents.get().answer.recorded_by is None
