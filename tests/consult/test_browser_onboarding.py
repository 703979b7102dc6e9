"""Day one, as people do it in a browser (issue 20 §1, §3): the installation admin's command
creates a county federation and its office account; the office activates, brings an
enterprise in with its chair; the chair activates on a phone (390×844), changes the password
and gives a role. Screenshots: var/screenshots/onboarding-*.png."""

import io
import re

import pytest
from django.core.management import call_command

from consult.models import Membership, OrgUnit
from consult.roles import Role
from tests.browser import DESKTOP, PHONE, browser_page, screenshot
from tests.consult.onboarding import CODE_RE, add_worker
from tests.consult.test_browser_phone import _check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICE_PASSWORD = "Office-pass-2026"
CHAIR_PASSWORD = "Chair-pass-2026"
CHAIR_NEW_PASSWORD = "Chair-newer-2026"


def _activate(page, base, login, code, password, shot):
    page.goto(f"{base}/accounts/activate/?login={login}")
    assert page.input_value("input[name=login]") == login  # from the QR code's address
    page.fill("input[name=code]", code.lower().replace("-", " "))  # as people type it
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    screenshot(page, shot)
    page.click("#activate-form button[type=submit]")
    page.wait_for_load_state()


def test_a_federation_brings_an_enterprise_in_and_its_chair_starts(live_server, demo, settings):
    settings.SITE_URL = live_server.url
    base = live_server.url
    out = io.StringIO()
    call_command(
        "create_federation",
        "--name=沂南县总工会",
        "--office-name=张三",
        "--office-phone=13800001234",
        "--slip=var/screenshots/onboarding-office-slip.pdf",
        stdout=out,
    )
    office_code = CODE_RE.search(out.getvalue()).group()
    office_login = re.search(r"office login name: (\S+)", out.getvalue()).group(1)

    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        # The office activates with its phone number and lands on its federation's page.
        _activate(
            page, base, office_login, office_code, OFFICE_PASSWORD, "onboarding-1-office-activate"
        )
        assert page.locator("h1").inner_text().startswith("沂南县总工会")
        assert "账号已开通" in page.content()
        screenshot(page, "onboarding-2-office-home")

        # The office brings an enterprise in.
        page.click("#new-enterprise")
        page.fill("input[name=name]", "沂南罐头食品有限公司")
        page.fill("input[name=code]", "yn-food")
        page.fill("input[name=chair_name]", "李红")
        page.fill("input[name=chair_phone]", "139 0000 0002")
        screenshot(page, "onboarding-3-enterprise-form")
        page.click("#enterprise-form button[type=submit]")
        page.wait_for_load_state()
        assert "已创建沂南罐头食品有限公司" in page.locator("#issued").inner_text()
        chair_login = page.locator("#slip-login").inner_text()
        chair_code = page.locator("#slip-code").inner_text()
        assert chair_login == "yn-food.chair" and CODE_RE.fullmatch(chair_code)
        screenshot(page, "onboarding-4-chair-slip")
        with page.expect_download() as download:
            page.click("#slip-pdf")
        assert download.value.suggested_filename.endswith(".pdf")
        page.goto(f"{base}/")
        table = page.locator("#enterprises").inner_text()
        assert "沂南罐头食品有限公司" in table and "李红" not in table
        screenshot(page, "onboarding-5-office-list")

    # The roster will bring the people; one worker stands in for it.
    enterprise = Membership.objects.get(user__username="yn-food.chair").enterprise
    unit = OrgUnit.objects.create(enterprise=enterprise, name="一车间", kind="workshop")
    worker = add_worker(enterprise, "1001", name="王小工", phone="13911110001", unit=unit)

    with browser_page() as page:
        page.set_viewport_size(PHONE)
        _activate(
            page, base, chair_login, chair_code, CHAIR_PASSWORD, "onboarding-6-chair-activate-phone"
        )
        _check_page(page, page.url, "onboarding-7-chair-home-phone")
        checklist = page.locator("main").inner_text()
        assert "待完成的设置" in checklist and "指定各职能部门负责人" in checklist

        # The chair changes the password from the link at the foot of every page.
        page.click("#footer-password")
        page.fill("input[name=old_password]", CHAIR_PASSWORD)
        page.fill("input[name=new_password1]", CHAIR_NEW_PASSWORD)
        page.fill("input[name=new_password2]", CHAIR_NEW_PASSWORD)
        screenshot(page, "onboarding-8-password-phone")
        page.click("#password-form button[type=submit]")
        page.wait_for_load_state()
        assert "密码已修改" in page.content()

        # … and makes the worker the workshop's union leader.
        page.goto(f"{base}/e/yn-food/people/roles/")
        row = page.locator(f"#member-{worker.pk}")
        row.locator("select[name=role]").select_option(Role.UNIT_COLLECTOR.value)
        row.locator("select[name=unit]").select_option(str(unit.pk))
        row.get_by_role("button", name="授予").click()
        page.wait_for_load_state()
        assert "角色已保存" in page.content()
        _check_page(page, page.url, "onboarding-9-roles-phone")

    worker.refresh_from_db()
    assert worker.unit == unit
    assert worker.roles.filter(role=Role.UNIT_COLLECTOR).exists()

    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", "13900000002")  # the chair's phone
        page.fill("input[name=password]", CHAIR_NEW_PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith("/e/yn-food/")
        page.goto(f"{base}/e/yn-food/people/roles/")
        screenshot(page, "onboarding-10-roles-desktop")
