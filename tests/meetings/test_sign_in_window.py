"""Issue 13 point 2: the QR sign-in is open only on the meeting day, from a configurable time
before the meeting starts (1 December 2026, 09:00 in these tests)."""

import datetime

import pytest
import time_machine

from .conftest import SHANGHAI, page

pytestmark = pytest.mark.django_db


def _at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


def _url(meeting):
    return page("meeting_sign_in_self", meeting, token=meeting.signin_token)


def _rep(meeting):
    return meeting.participants.get(user__username="employee_rep")


def test_a_participant_cannot_sign_in_with_the_qr_code_a_week_before_the_meeting(
    invited_meeting, login
):
    client = login("employee_rep")
    body = client.get(_url(invited_meeting)).content.decode()
    assert 'id="sign-in-not-yet"' in body and "2026-12-01" in body and "08:00" in body
    assert client.post(_url(invited_meeting)).status_code == 400
    assert not _rep(invited_meeting).attended


def test_sign_in_opens_the_configured_time_before_the_start(invited_meeting, login, settings):
    settings.MEETING_SIGNIN_OPENS_MINUTES = 30
    client = login("employee_rep")
    with _at(2026, 12, 1, 8, 20):
        assert client.post(_url(invited_meeting)).status_code == 400
    with _at(2026, 12, 1, 8, 31):
        assert client.post(_url(invited_meeting)).status_code == 302
    assert _rep(invited_meeting).attended


def test_sign_in_with_the_qr_code_closes_after_the_meeting_day(invited_meeting, login):
    client = login("employee_rep")
    with _at(2026, 12, 2, 9, 0):
        body = client.get(_url(invited_meeting)).content.decode()
        assert 'id="sign-in-closed"' in body
        assert client.post(_url(invited_meeting)).status_code == 400
    assert not _rep(invited_meeting).attended
