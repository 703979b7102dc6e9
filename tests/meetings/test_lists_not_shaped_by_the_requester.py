"""Lists of people are not shaped by who a 保密 requester is (CONVENTIONS rule 18, issue 19):
the representatives a meeting proposes, the person picker of a meeting and of the leading
group are the same whoever raised the items on the agenda."""

import datetime
import re

from grievances.models import Disclosure
from meetings import services
from meetings.models import ParticipantGroup
from tests import factories

from .conftest import NEXT_WEEK, page


def _another_meeting(user):
    return services.meeting_create(
        enterprise=user("union_chair").memberships.get(enterprise__code="demo").enterprise,
        by=user("union_chair"),
        kind="special",
        date=NEXT_WEEK,
        time=datetime.time(14, 0),
        place="二楼会议室",
        host=user("union_chair"),
        reply_by=datetime.date(2026, 11, 27),
    )


def _proposed(meeting, user):
    services.participants_propose(meeting=meeting, by=user("union_chair"))
    return {
        (p.user.username, p.group, p.label) for p in meeting.participants.select_related("user")
    }


def test_a_confidential_requesters_unit_does_not_choose_the_representatives(
    meeting, queued_topic, user
):
    chair = user("union_chair")
    # The same category; one item raised in 机加工车间 (whose representative is employee_rep),
    # the other by someone whose unit is not recorded.
    services.meeting_add_topic(
        meeting=meeting,
        topic=queued_topic("加班费核算", disclosure=Disclosure.CONFIDENTIAL, unit="一班"),
        by=chair,
    )
    other = _another_meeting(user)
    services.meeting_add_topic(
        meeting=other,
        topic=queued_topic("加班费发放", disclosure=Disclosure.CONFIDENTIAL, unit=None),
        by=chair,
    )
    assert _proposed(meeting, user) == _proposed(other, user)


def test_a_named_requesters_unit_still_proposes_its_representative(meeting, queued_topic, user):
    services.meeting_add_topic(
        meeting=meeting, topic=queued_topic("加班费核算", unit="一班"), by=user("union_chair")
    )
    proposed = _proposed(meeting, user)
    assert ("employee_rep", ParticipantGroup.REPRESENTATIVES, "第一分厂机加工车间") in proposed


def _options(html: str, marker: str) -> list[str]:
    part = html.split(marker, 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", part)


def test_the_participant_picker_offers_everyone_whoever_raised_the_agenda(
    meeting, queued_topic, demo, user, login
):
    chair = user("union_chair")
    mine = factories.topic("queued", enterprise=demo, title="宿舍热水", disclosure="confidential")
    services.meeting_add_topic(meeting=meeting, topic=mine, by=chair)  # raised by 张三 online
    other = _another_meeting(user)
    services.meeting_add_topic(
        meeting=other, topic=queued_topic("食堂价格", disclosure="confidential"), by=chair
    )
    client = login("union_staff")
    offered = [
        _options(client.get(page("meeting_detail", m)).content.decode(), 'name="user"')
        for m in (meeting, other)
    ]
    assert offered[0] == offered[1]
    assert any(o.startswith("张三") for o in offered[0])


def test_the_leading_group_picker_offers_a_confidential_requester_like_anyone(demo, login):
    factories.grievance("submitted", enterprise=demo, disclosure="confidential")  # by 张三
    html = login("union_chair").get("/e/demo/leading-group/edit/").content.decode()
    assert any(o.startswith("张三") for o in _options(html, 'name="members-0-user"'))
