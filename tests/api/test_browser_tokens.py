"""The chair creates a token in the browser, sees it once, and revokes it after a question."""

import pytest

from consult.models import IntegrationToken
from tests.browser import browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_creates_a_token_and_revokes_it_after_confirming(live_server):
    with browser_page() as page:
        log_in(page, live_server.url, "union_chair")
        page.goto(live_server.url + "/e/demo/integrations/")
        page.fill("input[name=name]", "企业OA")
        page.check("input[name=scopes][value=submit_for_person]")
        page.check("input[name=scopes][value=read_receipt]")
        page.click("#token-form button[type=submit]")
        shown = page.inner_text("#new-token")
        screenshot(page, "api-token-created")
        assert shown.startswith("cst_")
        page.click("text=返回令牌列表")
        assert shown not in page.content()
        asked = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click("#tokens button[type=submit]")
        assert asked and "企业OA" in asked[0]
        assert IntegrationToken.objects.get().revoked_at is None
        page.once("dialog", lambda d: d.accept())
        page.click("#tokens button[type=submit]")
        page.wait_for_selector("text=已吊销")
        screenshot(page, "api-tokens-revoked")
    assert IntegrationToken.objects.get().revoked_at is not None
