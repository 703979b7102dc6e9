"""确定协商人员: who a meeting proposes from its agenda, and what staff may add."""

from consult.models import Membership
from meetings import services
from meetings.models import Participant, ParticipantGroup, Rsvp

from .conftest import page


def _groups(meeting):
    return {
        (p.user.username if p.user else p.name): (p.group, p.label)
        for p in meeting.participants.select_related("user")
    }


def test_wage_topic_proposes_heads_of_finance_hr_and_office(
    meeting, queued_topic, dept_head_of, user
):
    dept_head_of("财务部", "finance_head")
    dept_head_of("办公室", "office_head")
    dept_head_of("后勤部", "canteen_head")
    chair = user("union_chair")
    services.meeting_add_topic(
        meeting=meeting, topic=queued_topic("加班费", "工资福利类"), by=chair
    )

    created, without_head = services.participants_propose(meeting=meeting, by=chair)

    groups = _groups(meeting)
    assert groups["finance_head"] == (ParticipantGroup.DEPARTMENTS, "财务部")
    assert groups["office_head"] == (ParticipantGroup.DEPARTMENTS, "办公室")
    assert groups["dept_head"] == (ParticipantGroup.DEPARTMENTS, "人力资源部")
    assert "canteen_head" not in groups
    assert groups["admin_head"][0] == ParticipantGroup.ADMINISTRATION
    assert groups["union_chair"][0] == ParticipantGroup.UNION
    assert groups["union_staff"][0] == ParticipantGroup.UNION
    # the grievance came from 一班 of 机加工车间, whose representative is employee_rep
    assert groups["employee_rep"] == (ParticipantGroup.REPRESENTATIVES, "第一分厂机加工车间")
    assert "employee" not in groups and "admin_deputy" not in groups
    assert without_head == []


def test_living_conditions_topic_proposes_office_and_logistics_and_names_missing_heads(
    meeting, queued_topic, user, login
):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("食堂", "生活保障类"), by=chair)
    response = login("union_chair").post(page("meeting_propose", meeting), follow=True)
    assert "办公室" in response.content.decode() and "后勤部" in response.content.decode()
    assert "dept_head" not in _groups(meeting)  # 人力资源部 is not concerned


def test_proposing_twice_adds_nobody_twice(meeting, queued_topic, user):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair)
    first, _ = services.participants_propose(meeting=meeting, by=chair)
    second, _ = services.participants_propose(meeting=meeting, by=chair)
    assert first and second == []


def test_participant_from_another_enterprise_is_rejected(meeting, login, user):
    outsider = user("b_employee")
    response = login("union_chair").post(
        page("meeting_participant_add", meeting),
        {"user": outsider.pk, "group": ParticipantGroup.REPRESENTATIVES},
    )
    assert response.status_code == 400
    assert not meeting.participants.exists()


def test_staff_add_a_member_by_hand_with_their_unit(meeting, login, user):
    response = login("union_chair").post(
        page("meeting_participant_add", meeting),
        {"user": user("employee").pk, "group": ParticipantGroup.REPRESENTATIVES},
    )
    assert response.status_code == 302
    assert meeting.participants.get().label == "机加工车间一班"  # named with its parent


def test_substitute_is_recorded_for_someone_granted_leave(invited_meeting, user):
    hr = invited_meeting.participants.get(user__username="dept_head")
    services.rsvp_request_leave(participant=hr, by=user("dept_head"), reason="出差")
    services.leave_decide(participant=hr, by=user("union_chair"), grant=True)
    deputy = user("employee")
    Membership.objects.filter(user=deputy).update(post="人力资源部副部长")

    sub = services.participant_add(
        meeting=invited_meeting, by=user("union_chair"), user=deputy, group="", substitute_for=hr
    )

    assert sub.substitute_for == hr and sub.group == ParticipantGroup.DEPARTMENTS
    assert sub.label == "人力资源部"
    assert Participant.objects.get(pk=hr.pk).rsvp == Rsvp.LEAVE_GRANTED
