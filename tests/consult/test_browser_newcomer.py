import pytest

from tests.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_logs_in_as_union_chair_and_downloads_the_leading_group_pdf(live_server, demo):
    with browser_page() as page:
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url("**/e/demo/")
        page.get_by_role("link", name="领导小组", exact=True).first.click()
        page.wait_for_url("**/leading-group/")
        assert page.get_by_text("周建国").first.is_visible()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="领导小组成立文件 PDF").click()
        path = download_info.value.path()
        with open(path, "rb") as f:
            assert f.read(5) == b"%PDF-"
        assert download_info.value.suggested_filename.endswith(".pdf")


def test_visitor_switches_the_interface_to_english(live_server, demo):
    with browser_page() as page:
        log_in(page, live_server.url, "employee")
        page.wait_for_url("**/e/demo/")
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
        assert page.get_by_role("link", name="Leading group").first.is_visible()
