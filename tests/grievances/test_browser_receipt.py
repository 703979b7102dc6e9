"""The anonymous receipt on a phone (issue 13 point 24): the public page offers named
submission after logging in; the receipt copies both codes, downloads a PDF, and asks before a
reload would lose the secret."""

import subprocess

import pytest

from tests.browser import PHONE, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_receipt_is_kept_through_copy_download_and_a_reload_warning(live_server, demo, tmp_path):
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(live_server.url + "/s/demo/")
        assert page.locator("#named-submission").is_visible()
        screenshot(page, "p24-public-page-phone")
        page.fill("textarea[name=content]", "宿舍热水供应不足")
        page.get_by_role("button", name="匿名提交").click()
        code = page.locator("#receipt-code").inner_text()
        secret = page.locator("#receipt-secret").inner_text()
        assert "请立即保存回执码和密码" in page.locator(".alert-danger").inner_text()
        screenshot(page, "p24-receipt-phone")

        page.get_by_role("button", name="复制回执码和密码").click()
        page.get_by_text("已复制。").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert code in copied and secret in copied

        with page.expect_download() as info:
            page.get_by_role("button", name="下载回执（PDF）").click()
        path = tmp_path / "receipt.pdf"
        info.value.save_as(path)
        assert secret not in info.value.url  # posted, not in the address
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        assert code in text.stdout and secret in text.stdout
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(path),
                str(tmp_path / "receipt"),
            ],
            check=True,
        )

        # A reload asks first; staying keeps the secret on the page.
        asked = []
        page.once("dialog", lambda d: (asked.append(d.type), d.dismiss()))
        try:
            page.reload(timeout=3000)
        except Exception:  # the reload was cancelled by staying
            pass
        assert asked == ["beforeunload"]
        assert page.locator("#receipt-secret").inner_text() == secret

        # Once saved, the page may be left without a question.
        page.check("#receipt-saved")
        page.goto(live_server.url + "/track/")
        assert page.url.endswith("/track/")
