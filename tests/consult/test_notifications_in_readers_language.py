"""English mode translates notification texts and meeting numbers (issue 13 point 25): a
notification is kept as a message id with its values and shown in the reader's language; old
rows keep their text; e-mails go out in the reader's language (issue 21); meeting numbers
read "No. 3 of 2026"; the language menu names each language in its own words."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from lxml import html

from consult.audit import notify
from consult.models import MessageKind, Notification
from consult.outbox.sender import send_due
from tests import factories


def _english(client):
    client.post(reverse("set_language"), {"language": "en"})
    return client


def _notifications(client):
    page = html.fromstring(client.get("/e/demo/notifications/").content.decode())
    return [" ".join(a.text_content().split()) for a in page.xpath("//main//li//a")]


@pytest.mark.django_db
def test_grievance_notice_sent_in_chinese_reads_in_english(login, demo):
    g = factories.grievance("verified", enterprise=demo, disclosure="named")
    stored = Notification.objects.get(recipient__username="employee", subject__contains=g.number)
    assert "已受理" in stored.subject or "受理" in stored.subject  # kept as sent, for old readers
    client = login("employee")
    assert any(g.number in s and "受理" in s for s in _notifications(client))
    shown = _notifications(_english(client))
    assert f"{g.number} Your item was accepted" in shown


@pytest.mark.django_db
def test_meeting_invitation_reads_in_english_with_the_english_number(login, demo):
    meeting = factories.meeting("notice_sent", enterprise=demo)
    invited = meeting.participants.filter(user__isnull=False).select_related("user").first()
    client = _english(login(invited.user.username))
    shown = " ".join(_notifications(client))
    assert f"Invitation: consultation meeting No. {meeting.number} of {meeting.year}" in shown
    assert "年第" not in shown


@pytest.mark.django_db
def test_old_notifications_keep_their_text(login, demo, member):
    Notification.objects.create(
        enterprise=demo, recipient=member("employee").user, subject="旧的通知文字"
    )
    assert "旧的通知文字" in _notifications(_english(login("employee")))


@pytest.mark.django_db
def test_email_goes_out_in_the_readers_language_whoever_sends(demo, member, settings):
    """An e-mail is written when it is sent, from the notification's kind (issue 21), in the
    reader's language: the site's unless they chose another, never the sender's."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = member("employee").user
    user.email = "employee@demo.invalid"
    user.save()
    with translation.override("en"):
        notify(
            enterprise=demo,
            recipients=[user],
            subject=gettext_lazy("Your item was accepted"),
            url="/e/demo/",
            kind=MessageKind.NEWS,
        )
        send_due()
    assert [m.subject for m in mail.outbox] == ["您反映的诉求有新进展"]
    assert "打开查看事项及需要您办理的事" in mail.outbox[0].body


def test_meeting_number_reads_in_each_language():
    from meetings.models import Meeting

    m = Meeting(year=2026, number=3)
    with translation.override("en"):
        assert m.label == "No. 3 of 2026"
    with translation.override("zh-hans"):
        assert m.label == "2026年第3次"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_language_menu_names_each_language_in_its_own_words(login, language):
    client = login("employee")
    client.post(reverse("set_language"), {"language": language})
    page = html.fromstring(client.get("/e/demo/").content.decode())
    options = page.xpath("//select[@name='language']/option")
    assert [o.text_content().strip() for o in options] == ["中文", "English"]
