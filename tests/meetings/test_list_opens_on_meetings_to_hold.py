"""Lists open on what is open and due first (issue 18 point 12): the meetings list shows the
meetings still to hold or finish, the soonest first (leading-group and dispatch meetings,
numbered apart, among them by date); every meeting, the latest first, is a filter away."""

import datetime

from django.urls import reverse
from lxml import html

from meetings.models import MeetingKind
from tests import factories

from .conftest import TODAY


def _labels(client, **params) -> list[str]:
    body = client.get(reverse("meeting_list", args=["demo"]), params).content.decode()
    return [a.text_content() for a in html.fromstring(body).xpath("//td[@class='card-head']/a")]


def test_the_list_opens_on_meetings_to_hold_the_soonest_first(demo, login):
    finished = factories.meeting("minutes_final", enterprise=demo)
    later = factories.meeting("draft", enterprise=demo, date=TODAY + datetime.timedelta(days=20))
    dispatch = factories.meeting(
        "draft", enterprise=demo, kind=MeetingKind.DISPATCH, date=TODAY + datetime.timedelta(days=9)
    )
    sooner = factories.meeting("draft", enterprise=demo, date=TODAY + datetime.timedelta(days=3))
    client = login("union_chair")
    assert _labels(client) == [sooner.label, dispatch.label, later.label]
    assert _labels(client, show="all") == [
        later.label,
        dispatch.label,
        sooner.label,
        finished.label,
    ]
