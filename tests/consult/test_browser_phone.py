"""Phones, 390×844 (issue 13 point 23): lists become cards instead of wrapping one character
per line, filters fold away, the navigation takes one row, tap targets are at least 44 px and
text meets WCAG AA contrast (computed here from the browser's own styles)."""

import pytest

from meetings.models import Participant
from supervision.models import Task
from tests import factories
from tests.browser import PHONE, browser_page, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every visible cell wider than a few characters; a phone must not scroll sideways.
LAYOUT = """() => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, narrow: []};
  for (const cell of document.querySelectorAll('main td, main th')) {
    const box = cell.getBoundingClientRect();
    const text = cell.innerText.trim();
    if (!box.width || !box.height || text.length < 3) continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (box.width < 3.5 * size) out.narrow.push(text.slice(0, 20) + ' @' + Math.round(box.width));
  }
  return out;
}"""

TARGETS = """() => {
  const small = [];
  const sel = 'nav a, nav button, nav select, main .btn, main button, main select, '
            + 'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main summary';
  for (const el of document.querySelectorAll(sel)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;  // hidden or folded away
    if (box.height < 44 || box.width < 44) {
      small.push(el.innerText.trim().slice(0, 20) || el.name || el.tagName);
    }
  }
  return small;
}"""

# WCAG contrast of an element's text against the colour behind it (alpha composited).
CONTRAST = """(el) => {
  const parse = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, bottom) =>
    [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let back = [255, 255, 255, 1];
  for (const layer of layers.reverse()) back = over(layer, back);
  const fore = over(parse(getComputedStyle(el).color), back);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def _check_page(page, url, name):
    assert page.goto(url).ok, url
    page.wait_for_load_state()
    path = screenshot(page, name)
    layout = page.evaluate(LAYOUT)
    assert layout["overflow"] <= 0, f"{name}: the page scrolls sideways by {layout['overflow']}px"
    assert layout["narrow"] == [], f"{name}: cells squeezed to a few characters {layout['narrow']}"
    assert page.evaluate(TARGETS) == [], f"{name}: tap targets under 44px"
    nav = page.locator("#enterprise-nav")
    if nav.count():
        height = nav.bounding_box()["height"]
        assert height < 60, f"{name}: the navigation takes {height}px (more than one row)"
    top = page.locator("nav.navbar").bounding_box()["height"]
    assert top < 80, f"{name}: the top bar takes {top}px"
    return path


@pytest.fixture
def lists(demo):
    for step in ("submitted", "opinion_signed", "answered", "routed_meeting"):
        factories.grievance(step, enterprise=demo)
    return factories.meeting("notice_sent", enterprise=demo)


def test_staff_lists_fit_a_phone(live_server, lists):
    base = f"{live_server.url}/e/demo"
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "union_chair")
        _check_page(page, f"{base}/grievances/all/", "p23-staff-list-phone")
        # The filters are folded away until asked for.
        assert not page.locator("#grievance-filters").is_visible()
        page.get_by_role("button", name="筛选").click()
        page.locator("#grievance-filters select").first.wait_for(state="visible")
        for path, name in [
            ("/topics/", "p23-topics-phone"),
            ("/meetings/", "p23-meetings-phone"),
            ("/registers/", "p23-registers-phone"),
            ("/supervision/", "p23-supervision-phone"),
            ("/leading-group/", "p23-leading-group-phone"),
            ("/identity-access/", "p23-identity-access-phone"),
            ("/notifications/", "p23-notifications-phone"),
            (f"/supervision/tasks/{Task.objects.first().pk}/", "p23-task-phone"),
        ]:
            _check_page(page, base + path, name)


def test_approval_queue_fits_a_phone(live_server, lists):
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "admin_deputy")
        url = f"{live_server.url}/e/demo/grievances/queue/approval/"
        _check_page(page, url, "p23-approval-queue-phone")


def test_supervision_filters_fold_away(live_server, lists):
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "union_chair")
        page.goto(f"{live_server.url}/e/demo/supervision/")
        assert not page.locator("#supervision-filters").is_visible()
        page.get_by_role("button", name="筛选").click()
        page.locator("#supervision-filters select").first.wait_for(state="visible")


def test_employee_items_fit_a_phone(live_server, lists):
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, "employee")
        _check_page(page, f"{live_server.url}/e/demo/grievances/", "p23-employee-items-phone")


def test_enterprise_name_and_leave_button_meet_wcag_aa(live_server, lists):
    meeting = lists
    invited = (
        Participant.objects.filter(meeting=meeting, user__isnull=False)
        .exclude(user__username="union_chair")
        .select_related("user")
        .first()
    )
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        log_in(page, live_server.url, invited.user.username)
        url = f"{live_server.url}/e/demo/meetings/{meeting.pk}/"
        _check_page(page, url, "p23-meeting-invitation-phone")
        name = page.locator("#enterprise-name")
        assert name.evaluate(CONTRAST) >= 4.5
        leave = page.get_by_role("button", name="请假")
        assert leave.evaluate(CONTRAST) >= 4.5
        box = leave.bounding_box()
        assert box["height"] >= 44
