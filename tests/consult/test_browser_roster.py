"""The union chair imports the roster (花名册) in a browser: uploads a file with a few bad rows,
reads the preview, downloads the refused rows, confirms; on a desktop and on a phone."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from consult.models import Membership, RosterImport
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _example(tmp_path, rows=40, bad=6):
    path = tmp_path / "花名册.xlsx"
    call_command("example_roster", out=str(path), rows=rows, bad=bad, stdout=io.StringIO())
    return path


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_chair_uploads_previews_downloads_refused_rows_and_confirms(live_server, tmp_path, size):
    roster = _example(tmp_path)
    with browser_page() as page:
        page.set_viewport_size(DESKTOP if size == "desktop" else PHONE)
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url("**/e/demo/")
        page.goto(live_server.url + "/e/demo/")
        page.locator("#enterprise-nav").get_by_role("link", name="花名册").click()
        page.wait_for_url("**/roster/")
        assert page.get_by_text("下载模板").is_visible()
        page.set_input_files("input[name=file]", str(roster))
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/roster/*/")
        assert page.get_by_text("花名册预览：尚未保存任何内容").is_visible()
        counts = {
            name: page.locator(f"[data-count={name}]").inner_text()
            for name in ("new", "changed", "refused", "leaving")
        }
        assert counts == {"new": "39", "changed": "11", "refused": "7", "leaving": "0"}
        # The refused rows are listed first, each with its line and reason.
        assert page.get_by_text("不是大陆手机号").first.is_visible()
        screenshot(page, f"roster-preview-{size}")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载未通过的行 XLSX").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        with open(download.value.path(), "rb") as f:
            sheet = load_workbook(io.BytesIO(f.read())).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][-1] == "原因" and len(rows) == 2 + 7
        assert Membership.objects.filter(employee_no__startswith="E").count() == 0
        page.get_by_role("link", name="新增人员").first.click()
        assert page.locator("main table tbody tr").count() == 39
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_url("**/roster/*/")
        assert page.get_by_text("花名册已导入。").is_visible()
        screenshot(page, f"roster-imported-{size}")
        if size == "phone":
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0
    assert RosterImport.objects.get().status == RosterImport.Status.IMPORTED
    assert Membership.objects.filter(employee_no__startswith="E").count() == 39


def test_chair_chooses_a_leading_group_member_from_the_people(live_server):
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url("**/e/demo/")
        page.goto(live_server.url + "/e/demo/leading-group/edit/")
        empty = page.locator("select[name$='-user']").last
        assert "王五（分厂工会主席）" in empty.inner_text()
        empty.select_option(label="王五（分厂工会主席）")
        page.locator("select[name$='-position']").last.select_option("member")
        screenshot(page, "leading-group-edit-desktop")
        page.get_by_role("button", name="保存").click()
        page.wait_for_url("**/leading-group/")
        row = page.locator("main table tbody tr", has_text="王五")
        assert row.inner_text().split() == ["王五", "成员", "分厂工会主席"]
