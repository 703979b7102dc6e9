"""Accessibility (issue 18 point 15): axe-core 4 (tests/vendor/axe-core, no network) finds no
serious and no moderate violation on the pages each role uses, on a phone (390×844): the
ledger's scrollable table is reachable by keyboard, texts have enough contrast, and all
content is inside landmarks."""

import datetime
from pathlib import Path

import pytest

from tests import factories
from tests.browser import PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js").read_text()


def _violations(page) -> list[dict]:
    # Evaluated by the browser's debugging protocol: the app's CSP (script-src 'self') is kept.
    page.evaluate(AXE + "\n;0")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "")[:300] if v["nodes"] else "",
        }
        for v in result
        if v["impact"] in ("serious", "moderate", "critical")
    ]


def _pages(demo):
    item = factories.grievance("routed_department", enterprise=demo)
    meeting = factories.meeting("notice_sent", enterprise=demo)
    today = datetime.date.today()
    e = "/e/demo"
    return {
        "union_chair": [
            f"{e}/",
            f"{e}/notifications/",
            f"{e}/grievances/all/",
            f"{e}/grievances/{item.pk}/",
            f"{e}/topics/",
            f"{e}/meetings/",
            f"{e}/meetings/{meeting.pk}/",
            f"{e}/supervision/",
            f"{e}/surveys/",
            f"{e}/ledger/?year={today.year}",
            f"{e}/ledger/summary/?year={today.year}",
            f"{e}/ledger/dashboard/",
            "/me/",
        ],
        "employee": [f"{e}/", f"{e}/grievances/", f"{e}/grievances/new/", f"{e}/notifications/"],
        "dept_head": [f"{e}/grievances/queue/department/"],
        None: ["/s/demo/", "/accounts/login/"],
    }


def test_no_serious_or_moderate_violation_on_a_phone(live_server, demo):
    found = {}
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        for role, urls in _pages(demo).items():
            page.context.clear_cookies()
            if role:
                log_in(page, live_server.url, role)
                page.wait_for_load_state()
            for path in urls:
                page.goto(live_server.url + path)
                page.wait_for_load_state()
                bad = _violations(page)
                if bad:
                    found[f"{role} {path}"] = bad
                    name = path.strip("/").replace("/", "-").replace("?", "-") or "root"
                    screenshot(page, f"a11y-{role}-{name}")
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
