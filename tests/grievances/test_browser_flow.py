"""Issue 3's walk-through in a real browser: anonymous intake to the department's answer."""

import datetime
import re

import pytest
from django.utils import timezone

from consult.models import Category, Department
from grievances.models import Grievance
from tests.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTENT = "食堂晚班没有热饭，希望延长供餐时间到晚上九点。"


def _open(page, live_server, username, path):
    page.context.clear_cookies()
    log_in(page, live_server.url, username)
    page.wait_for_url(re.compile(r".*/e/demo/.*"))
    page.goto(live_server.url + path)


def test_anonymous_item_travels_from_the_public_page_to_the_department(live_server, demo):
    with browser_page() as page:
        # An employee, not logged in, submits on the public page and keeps the receipt.
        page.goto(live_server.url + "/s/demo/")
        page.fill("textarea[name=content]", CONTENT)
        page.get_by_role("button", name="匿名提交").click()
        code = page.locator("#receipt-code").inner_text()
        secret = page.locator("#receipt-secret").inner_text()
        grievance = Grievance.objects.get(receipt_code=code)
        assert grievance.requester_id is None
        detail = f"/e/demo/grievances/{grievance.pk}/"

        # Union staff verify and classify it.
        _open(page, live_server, "union_staff", detail)
        page.check("input[name=outcome][value=authentic]")
        page.locator("form[action$='/verify/'] button[type=submit]").click()
        living = Category.objects.get(enterprise=demo, name="生活保障类")
        logistics = Department.objects.get(enterprise=demo, name="后勤部")
        hr = Department.objects.get(enterprise=demo, name="人力资源部")  # demo's dept_head
        page.select_option("select[name=category]", str(living.pk))
        page.check(f"input[name=departments][value='{logistics.pk}']")
        page.check(f"input[name=departments][value='{hr.pk}']")
        page.fill("input[name=responsible_person]", "后勤部刘部长")
        page.locator("form[action$='/classify/'] button[type=submit]").click()

        # The union chair signs the opinion: direct handling by the department.
        _open(page, live_server, "union_chair", detail)
        page.check("input[name=route][value=department]")
        page.fill("textarea[name=opinion]", "建议后勤部调整晚班供餐时间。")
        page.locator("form[action$='/opinion/'] button[type=submit]").click()
        page.wait_for_load_state()

        # The management deputy approves it in Django admin.
        page.context.clear_cookies()
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "admin_deputy")
        page.fill("input[name=password]", "demo-pass-2026")
        page.locator("input[type=submit]").click()
        page.goto(live_server.url + f"/admin/grievances/grievance/{grievance.pk}/change/")
        assert "保密" in page.content() or "匿名" in page.content()
        page.once("dialog", lambda d: d.accept())  # approving asks first (point 5)
        page.get_by_role("button", name="同意并审批").click()
        page.wait_for_load_state()
        grievance.refresh_from_db()
        assert grievance.status == "routed_department"

        # A head of one of the handling departments answers with measures and a date.
        _open(page, live_server, "dept_head", detail)
        page.check("input[name=outcome][value=measures]")
        page.fill("textarea[name=measures]", "自下周一起晚班供餐延长至21:00。")
        due = timezone.localdate() + datetime.timedelta(days=14)
        page.fill("input[name=due]", due.isoformat())
        page.locator("form[action$='/answer/'] button[type=submit]").click()
        page.wait_for_load_state()
        grievance.refresh_from_db()
        # Routed to two departments, it moves on when both have answered (issue 13 point 8).
        assert grievance.status == "routed_department"
        assert "后勤部" in page.locator(".alert-success").inner_text()
        _logistics_answers(grievance, logistics)
        grievance.refresh_from_db()
        assert grievance.status == "answered"

        # The requester follows every step on /track/ with the receipt.
        page.context.clear_cookies()
        page.goto(live_server.url + "/track/")
        page.fill("input[name=code]", code)
        page.fill("input[name=secret]", secret)
        page.get_by_role("button", name="查询").click()
        text = page.locator("main").inner_text()
        assert CONTENT in text
        assert "职能部门已答复" in text
        # Step 6: the union relays the department's measures; they are not shown here directly.
        assert "自下周一起晚班供餐延长至21:00" not in text


def _logistics_answers(grievance, logistics):
    from django.contrib.auth import get_user_model

    from consult.models import Membership, MembershipRole
    from consult.roles import Role
    from grievances import services

    head = get_user_model().objects.create_user(username="logistics_head", password="x-2026-pass")
    m = Membership.objects.create(user=head, enterprise=grievance.enterprise, department=logistics)
    MembershipRole.objects.create(membership=m, role=Role.DEPT_HEAD)
    services.grievance_answer(
        grievance=grievance, by=head, department=logistics, measures="增加晚班窗口", due=None
    )


def test_deputy_returns_an_opinion_from_the_admin_page_in_a_browser(live_server, demo, member):
    from grievances import services

    g = services.grievance_submit(
        enterprise=demo,
        by=member("employee").user,
        kind="grievance",
        content="班车太挤",
        disclosure="named",
    )
    services.grievance_verify(grievance=g, by=member("union_staff").user)
    services.grievance_classify(
        grievance=g,
        by=member("union_staff").user,
        category=Category.objects.get(enterprise=demo, name="生活保障类"),
        departments=[Department.objects.get(enterprise=demo, name="后勤部")],
        responsible_person="",
    )
    services.grievance_sign_opinion(
        grievance=g, by=member("union_chair").user, route="department", opinion="转后勤部"
    )
    with browser_page() as page:
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "admin_deputy")
        page.fill("input[name=password]", "demo-pass-2026")
        page.locator("input[type=submit]").click()
        page.goto(live_server.url + f"/admin/grievances/grievance/{g.pk}/change/")
        page.fill("#approval-note", "请先征求后勤部意见")
        page.once("dialog", lambda d: d.accept())  # returning asks first (point 5)
        page.locator("#routing-approval button[value=return]").click()
        page.wait_for_load_state()
    g.refresh_from_db()
    assert g.status == "returned" and g.approval_note == "请先征求后勤部意见"
