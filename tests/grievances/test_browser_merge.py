"""Union staff merge a duplicate in a real browser: the item's number, typed or picked from the
field's suggestions, not a list of every item of the enterprise."""

import re

import pytest

from grievances import services
from grievances.models import Grievance, Status
from tests.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_duplicate_is_merged_by_the_survivors_number(live_server, demo, member):
    employee = member("employee").user

    def submit(content):
        return services.grievance_submit(
            enterprise=demo, by=employee, kind="grievance", content=content, disclosure="named"
        )

    survivor, duplicate = submit("食堂排队时间长"), submit("食堂排队太久")
    with browser_page() as page:
        log_in(page, live_server.url, "union_staff")
        page.wait_for_url(re.compile(r".*/e/demo/.*"))
        page.goto(live_server.url + f"/e/demo/grievances/{duplicate.pk}/")
        # The survivor is among the field's suggestions.
        offered = page.locator("#merge-candidates option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        assert survivor.number in offered and duplicate.number not in offered
        page.check("input[name=outcome][value=duplicate]")
        page.fill("input[name=duplicate_of]", "2000-0001")  # no such item: refused, kept
        page.locator("form[action$='/verify/'] button[type=submit]").click()
        assert page.locator("form[action$='/verify/'] .invalid-feedback").count() == 1
        page.check("input[name=outcome][value=duplicate]")
        page.fill("input[name=duplicate_of]", survivor.number)
        page.locator("form[action$='/verify/'] button[type=submit]").click()
        page.wait_for_url(re.compile(rf".*/grievances/{duplicate.pk}/$"))
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == survivor
    assert Grievance.objects.get(pk=survivor.pk).status == Status.SUBMITTED
