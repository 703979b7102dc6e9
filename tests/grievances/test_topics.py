import pytest

from consult.models import Department
from tests import factories

pytestmark = pytest.mark.django_db


def _route_to_meeting(g, member):
    from grievances import services

    services.grievance_sign_opinion(
        grievance=g, by=member("union_chair").user, route="meeting", opinion="提交协商会议"
    )
    services.grievance_approve_routing(grievance=g, by=member("admin_deputy").user)
    return g


def test_staff_refine_a_queued_topic_and_add_another_waiting_item(demo, login, member, make_item):
    from grievances import services

    first = _route_to_meeting(make_item("classified", content="班车太挤"), member)
    second = _route_to_meeting(make_item("classified", content="班车发车太早"), member)
    topic = services.topic_create(
        enterprise=demo, by=member("union_staff").user, title="班车问题", grievances=[first]
    )
    logistics = Department.objects.get(enterprise=demo, name="后勤部")
    response = login("union_staff").post(
        f"/e/demo/topics/{topic.pk}/",
        {
            "title": "职工班车运力不足",
            "summary": "班车拥挤、发车时间不合理",
            "departments": [logistics.pk],
            "responsible_person": "后勤部部长",
            "note": "",
            "add_grievances": [second.pk],
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "职工班车运力不足"
    assert list(topic.departments.all()) == [logistics]
    assert set(topic.grievances.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_a_topic_on_an_agenda_can_no_longer_be_edited(demo, login):
    topic = factories.topic("scheduled", enterprise=demo, title="班车问题")
    response = login("union_staff").post(
        f"/e/demo/topics/{topic.pk}/",
        {"title": "改名", "summary": "x", "responsible_person": "", "note": ""},
    )
    assert response.status_code == 409
    topic.refresh_from_db()
    assert topic.title == "班车问题"


def test_another_enterprises_topic_answers_404_and_management_may_not_edit(demo, demo_b, login):
    foreign = factories.topic("queued", enterprise=demo_b, title="外企议题")
    assert login("union_staff").get(f"/e/demo/topics/{foreign.pk}/").status_code == 404
    own = factories.topic("queued", enterprise=demo, title="本企议题")
    assert login("admin_deputy").get(f"/e/demo/topics/{own.pk}/").status_code == 403
