"""Issue 13 point 21: a notification is done (read) once the work it announced is done, or
once its person opens it; the home page lists only what still waits."""

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


def test_opening_a_notification_marks_it_read_and_leads_to_its_item(make_item, login):
    item = make_item("classified")
    note = _unread("union_chair", item).get()
    response = login("union_chair").get(reverse("notification_open", args=["demo", note.pk]))
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
