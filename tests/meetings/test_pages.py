"""The meeting pages open for the people who use them, and the dashboard says what waits."""

import re

from django.urls import reverse

from meetings import services

from .conftest import page


def test_union_chair_opens_every_page_of_a_meeting_with_the_sign_in_qr_code(invited_meeting, login):
    chair = login("union_chair")
    for name in ("meeting_detail", "meeting_edit", "meeting_script", "meeting_minutes"):
        assert chair.get(page(name, invited_meeting)).status_code == 200, name
    detail = chair.get(page("meeting_detail", invited_meeting)).content.decode()
    assert 'id="sign-in-qr"' in detail and "data:image/svg+xml" in detail
    assert chair.get(page("meeting_list")).status_code == 200
    assert chair.get(page("meeting_create")).status_code == 200


def test_a_representative_sees_the_invitation_but_no_staff_buttons(invited_meeting, login):
    body = login("employee_rep").get(page("meeting_detail", invited_meeting)).content.decode()
    assert 'id="my-invitation"' in body
    assert 'id="sign-in-qr"' not in body
    assert page("meeting_minutes_finalise", invited_meeting) not in body


def test_dashboard_shows_invitations_notices_to_approve_and_the_meeting_rhythm(
    meeting, queued_topic, user, login
):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair)
    services.participants_propose(meeting=meeting, by=chair)
    services.notice_submit(meeting=meeting, by=chair)
    home = reverse("enterprise_home", kwargs={"code": "demo"})

    head_page = login("admin_head").get(home).content.decode()
    assert meeting.label in head_page and page("meeting_detail", meeting) in head_page

    services.notice_approve(meeting=meeting, by=user("admin_head"))
    rep_page = login("employee_rep").get(home).content.decode()
    assert meeting.label in rep_page

    chair_page = login("union_chair").get(home).content.decode()
    assert "text-danger" in chair_page  # no quarterly or dispatch meeting held yet: due now


def test_minutes_form_offers_the_topics_departments_until_the_minutes_say_otherwise(
    invited_meeting, login
):
    body = login("union_chair").get(page("meeting_minutes", invited_meeting)).content.decode()
    checked = re.findall(r'<input[^>]*type="checkbox"[^>]*checked[^>]*>', body)
    finance = invited_meeting.enterprise.departments.get(name="财务部")
    assert any(f'value="{finance.pk}"' in tag for tag in checked)
