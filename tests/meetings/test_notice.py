"""The notice goes to the administrative head for approval (报经企业行政负责人同意), then to
every participant, department and workshop, in-app and by e-mail."""

from consult.models import Notification
from consult.outbox.sender import send_due
from meetings import services
from meetings.models import MeetingStatus

from .conftest import page


def _ready(meeting, queued_topic, user):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair)
    services.participants_propose(meeting=meeting, by=chair)
    return chair


def test_approved_notice_is_mailed_to_participants_and_units(
    meeting, queued_topic, user, mailoutbox
):
    chair = _ready(meeting, queued_topic, user)
    services.notice_submit(meeting=meeting, by=chair)
    send_due()
    mailoutbox.clear()
    services.notice_approve(meeting=meeting, by=user("admin_head"))
    send_due()
    recipients = {address for message in mailoutbox for address in message.to}
    assert user("employee_rep").email in recipients
    assert user("dept_head").email in recipients
    # every workshop hears of it through its unit union leader
    assert user("unit_collector").email in recipients
    assert user("employee").email not in recipients
    assert Notification.objects.filter(recipient=user("unit_collector")).exists()


def test_the_notice_cannot_be_submitted_without_a_reply_date(meeting, queued_topic, user, login):
    chair = _ready(meeting, queued_topic, user)
    services.meeting_update(
        meeting=meeting,
        by=chair,
        kind=meeting.kind,
        date=meeting.date,
        time=meeting.time,
        place=meeting.place,
        host=meeting.host,
        reply_by=None,
    )
    response = login("union_chair").post(page("meeting_notice_submit", meeting))
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_the_head_returns_the_notice_with_a_reason_and_the_agenda_opens_again(
    meeting, queued_topic, user, login
):
    chair = _ready(meeting, queued_topic, user)
    services.notice_submit(meeting=meeting, by=chair)
    head = login("admin_head")
    assert head.post(page("meeting_notice_return", meeting), {"note": ""}).status_code == 400
    response = head.post(page("meeting_notice_return", meeting), {"note": "请增加后勤部"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert Notification.objects.filter(recipient=user("union_chair"), body="请增加后勤部").exists()


def test_the_agenda_is_fixed_once_the_notice_is_submitted(meeting, queued_topic, user, login):
    chair = _ready(meeting, queued_topic, user)
    services.notice_submit(meeting=meeting, by=chair)
    late = queued_topic("宿舍热水")
    response = login("union_chair").post(page("meeting_agenda_add", meeting), {"topic": late.pk})
    assert response.status_code == 409  # the agenda is closed: a refused step
    assert meeting.items.count() == 1
