"""Personal data in the browser (issue 19, points 9 and 10): the union chair erases a person's
identity on request through the confirmation page (cancelling the question changes nothing),
and an employee downloads their own data from their page, at a desktop's and a phone's size."""

import io
import json
import zipfile

import pytest

from grievances.events import GrievanceEventType
from grievances.models import Disclosure
from tests.browser import DESKTOP, PHONE, browser_page, log_in, screenshot
from tests.grievances.closing import closed_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "郑秋菊"


def test_the_chair_erases_a_persons_identity_on_request(live_server, demo):
    g = closed_item(demo, requester_name=NAME, phone="13912345678")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.goto(f"{live_server.url}/e/demo/")
        page.locator("#enterprise-nav").get_by_role("link", name="个人信息保护").click()
        page.get_by_role("link", name="依申请删除个人身份").click()
        page.fill("#q", NAME)
        page.get_by_role("button", name="查找").click()
        assert page.locator(f"#item-{g.pk}").is_checked()
        page.fill("#id_reason", "本人书面申请，2026年收件")
        screenshot(page, "p19-erase-confirm-desktop")

        asked = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click("#erase-confirm")
        page.wait_for_timeout(300)
        assert asked == ["确定删除所选诉求中的身份信息吗？此操作无法撤销。"]
        g.refresh_from_db()
        assert g.identity_erased_at is None and g.requester_name == NAME

        page.once("dialog", lambda d: d.accept())
        page.click("#erase-confirm")
        page.wait_for_url(f"{live_server.url}/e/demo/privacy/")
        assert "已从 1 条诉求中删除诉求人身份" in page.content()
        assert g.number in page.locator("#erasures").inner_text()
        screenshot(page, "p19-erased-desktop")
        g.refresh_from_db()
        assert g.identity_erased_at is not None and g.requester_name == ""
        event = g.events.get(action=GrievanceEventType.IDENTITY_ERASED)
        assert event.note.startswith("本人书面申请")

        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}/e/demo/grievances/{g.pk}/")
        assert page.locator("#identity-erased").is_visible() and NAME not in page.content()
        screenshot(page, "p19-erased-item-phone")


def test_an_employee_downloads_their_own_data(live_server, demo, tmp_path):
    g = closed_item(demo, disclosure=Disclosure.CONFIDENTIAL, content="班长克扣加班费")
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "employee")
        page.goto(f"{live_server.url}/e/demo/")
        page.locator("#enterprise-nav").get_by_role("link", name="我的信息").click()
        page.wait_for_url(f"{live_server.url}/me/")
        screenshot(page, "p19-my-data-phone")
        with page.expect_download() as download:
            page.click("#my-data-download")
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        data = json.loads(archive.read("data.json"))
        assert [i["number"] for i in data["items"]] == [g.number]
        assert data["items"][0]["content"] == "班长克扣加班费"
        (tmp_path / "index.html").write_bytes(archive.read("index.html"))

        page.set_viewport_size(DESKTOP)
        page.goto((tmp_path / "index.html").as_uri())
        assert "班长克扣加班费" in page.content() and "所属单位与角色" in page.content()
        screenshot(page, "p19-my-data-export-desktop")
