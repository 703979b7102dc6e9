"""Issue 13 point 21, issue 18 point 6: a notification that asks something is done once the
work it announced is done; one that asks nothing is read once its person sees it (the
notifications page, the home page's list, its link opened). The home page lists only what still
waits or is new."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from consult.models import Notification
from consult.outbox.sender import send_due

pytestmark = pytest.mark.django_db


def _unread(username, item=None):
    qs = Notification.objects.filter(recipient__username=username, read_at__isnull=True)
    if item is not None:
        qs = qs.filter(url=reverse("grievance_detail", args=["demo", item.pk]))
    return qs


def test_signing_the_opinion_clears_the_chairs_opinion_to_sign_notice(make_item, login):
    item = make_item("classified")
    assert _unread("union_chair", item).exists()
    login("union_chair").post(
        reverse("grievance_opinion", args=["demo", item.pk]),
        {"route": "department", "opinion": "转人力资源部办理"},
    )
    assert not _unread("union_chair", item).exists()
    # The new work (approval) is announced and still waits.
    assert _unread("admin_deputy", item).exists()


def test_the_requesters_news_stays_unread_after_later_steps(make_item):
    item = make_item("routed_department")
    assert _unread("employee", item).exists()


def test_the_home_page_no_longer_lists_work_that_was_done(make_item, login):
    item = make_item("classified")
    chair = login("union_chair")
    home = chair.get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert "待签署办理意见" in home
    chair.post(
        reverse("grievance_opinion", args=["demo", item.pk]),
        {"route": "department", "opinion": "转人力资源部办理"},
    )
    home = chair.get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert "待签署办理意见" not in home


def test_opening_a_to_do_leads_to_its_item_and_it_waits_until_the_work_is_done(make_item, login):
    item = make_item("classified")
    note = _unread("union_chair", item).get()
    chair = login("union_chair")
    response = chair.get(reverse("notification_open", args=["demo", note.pk]))
    assert response.status_code == 302 and response.url == note.url
    note.refresh_from_db()
    assert note.read_at is None  # opened, not done: it still waits on the home page
    chair.post(
        reverse("grievance_opinion", args=["demo", item.pk]),
        {"route": "department", "opinion": "转人力资源部办理"},
    )
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_a_notice_that_asks_nothing_reads_it(make_item, login):
    item = make_item("verified")
    note = _unread("employee", item).get()
    response = login("employee").get(reverse("notification_open", args=["demo", note.pk]))
    assert response.status_code == 302 and response.url == note.url
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_opens_another_persons_notification(make_item, login):
    item = make_item("classified")
    note = _unread("union_chair", item).get()
    response = login("union_staff").get(reverse("notification_open", args=["demo", note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_email_says_what_happened_and_what_to_do(make_item, mailoutbox):
    get_user_model().objects.filter(username="admin_deputy").update(email="deputy@example.com")
    make_item("opinion_signed")
    send_due()
    (mail,) = [m for m in mailoutbox if "deputy@example.com" in m.to]
    assert mail.subject in mail.body
    assert "打开查看事项及需要您办理的事" in mail.body


def _badge(html: str) -> str | None:
    found = re.search(r'badge bg-warning text-dark">(\d+)<', html)
    return found.group(1) if found else None


def _entry(page: str, text: str) -> str:
    """The notifications page's line that contains `text`, with its data-read flag."""
    for line in page.split("<li")[1:]:
        if text in line:
            return line
    raise AssertionError(f"{text!r} is not on the page")


def test_the_requesters_news_is_read_once_the_notifications_page_showed_it(make_item, login):
    item = make_item("routed_department")
    employee = login("employee")
    assert _unread("employee", item).exists()
    first = employee.get(reverse("notifications", args=["demo"])).content.decode()
    # Shown once as new, with the header counting it, then read.
    assert 'data-read="0"' in _entry(first, f"{item.number} 您的诉求已受理")
    assert "新" in _entry(first, f"{item.number} 您的诉求已受理")
    assert _badge(first) is not None
    assert not _unread("employee", item).exists()
    again = employee.get(reverse("notifications", args=["demo"])).content.decode()
    assert 'data-read="1"' in _entry(again, f"{item.number} 您的诉求已受理")
    assert _badge(again) is None


def test_a_to_do_waits_however_often_the_notifications_page_shows_it(make_item, login):
    item = make_item("classified")
    chair = login("union_chair")
    for _ in range(2):
        page = chair.get(reverse("notifications", args=["demo"])).content.decode()
        entry = _entry(page, f"{item.number} 待签署办理意见")
        assert 'data-read="0"' in entry and "待办" in entry
    assert _unread("union_chair", item).exists()


def test_the_home_pages_list_reads_the_news_it_showed(make_item, login):
    item = make_item("verified")
    employee = login("employee")
    home = employee.get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert f"{item.number} 您的诉求已受理" in home and _badge(home) == "1"
    assert not _unread("employee", item).exists()
    home = employee.get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert f"{item.number} 您的诉求已受理" not in home and _badge(home) is None
