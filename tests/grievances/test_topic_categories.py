"""Issue 13 point 9: grouping items of different categories asks first and keeps each item's
category; until the topic is on an agenda its category and responsible person can change and
an item can be taken off it, each change written as an event."""

import pytest

from consult.audit import events_for
from consult.models import Category, Department
from grievances.models import GrievanceEvent, Status, Topic
from tests import factories

pytestmark = pytest.mark.django_db


def _waiting(demo, content, category_name):
    category = Category.objects.get(enterprise=demo, name=category_name)
    return factories.grievance(
        "routed_meeting", enterprise=demo, content=content, category=category
    )


@pytest.fixture
def mixed(demo):
    return (
        _waiting(demo, "加班费核算不清", "工资福利类"),
        _waiting(demo, "夜班食堂不开门", "生活保障类"),
    )


def test_grouping_items_of_different_categories_asks_first(demo, login, mixed):
    wages, canteen = mixed
    client = login("union_staff")
    form = {"title": "加班与夜班保障", "note": "", "grievances": [wages.pk, canteen.pk]}
    refused = client.post("/e/demo/topics/", form)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "工资福利类" in body and "生活保障类" in body and "确认" in body
    assert not Topic.objects.filter(title="加班与夜班保障").exists()

    confirmed = client.post("/e/demo/topics/", {**form, "confirm_mixed": "on"})
    assert confirmed.status_code == 302
    topic = Topic.objects.get(title="加班与夜班保障")
    wages.refresh_from_db()
    canteen.refresh_from_db()
    assert wages.topic == topic and canteen.topic == topic
    # each item keeps its own category; the topic takes the one chosen (the first by default)
    assert wages.category.name == "工资福利类" and canteen.category.name == "生活保障类"
    assert topic.category.name == "工资福利类"


def test_items_of_one_category_are_grouped_without_asking(demo, login):
    a = _waiting(demo, "加班费核算不清", "工资福利类")
    b = _waiting(demo, "夜班补贴偏低", "工资福利类")
    response = login("union_staff").post(
        "/e/demo/topics/", {"title": "加班与补贴", "note": "", "grievances": [a.pk, b.pk]}
    )
    assert response.status_code == 302


def _edit(topic, **changes):
    data = {
        "title": topic.title,
        "summary": topic.summary,
        "category": topic.category_id,
        "departments": list(topic.departments.values_list("pk", flat=True)),
        "responsible_person": topic.responsible_person,
        "note": topic.note,
    }
    data.update(changes)
    return data


def test_the_topics_category_and_responsible_person_change_with_an_event(demo, login, mixed):
    from grievances import services

    staff = factories.person(demo, "union_staff")
    topic = services.topic_create(
        enterprise=demo, by=staff, title="加班与夜班", grievances=mixed, confirm_mixed=True
    )
    living = Category.objects.get(enterprise=demo, name="生活保障类")
    response = login("union_staff").post(
        f"/e/demo/topics/{topic.pk}/",
        _edit(topic, category=living.pk, responsible_person="后勤部部长"),
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.category == living and topic.responsible_person == "后勤部部长"
    edited = events_for(topic).filter(action="topic_edited").last()
    assert edited.changes["category"][1] == living.pk
    assert edited.changes["responsible_person"][1] == "后勤部部长"


def test_an_item_is_taken_off_a_topic_and_waits_for_another(demo, login, mixed):
    from grievances import services

    wages, canteen = mixed
    staff = factories.person(demo, "union_staff")
    topic = services.topic_create(
        enterprise=demo, by=staff, title="加班与夜班", grievances=mixed, confirm_mixed=True
    )
    response = login("union_staff").post(
        f"/e/demo/topics/{topic.pk}/", _edit(topic, remove_grievances=[canteen.pk])
    )
    assert response.status_code == 302
    canteen.refresh_from_db()
    assert canteen.topic is None and canteen.status == Status.ROUTED_MEETING
    assert list(topic.grievances.all()) == [wages]
    assert GrievanceEvent.objects.filter(grievance=canteen, action="topic_unassigned").exists()
    assert events_for(topic).filter(action="topic_item_removed").exists()
    # it can go into another topic
    page = login("union_staff").get("/e/demo/topics/").content.decode()
    assert f'value="{canteen.pk}"' in page


def test_the_last_item_cannot_be_taken_off(demo, login):
    topic = factories.topic("queued", enterprise=demo, title="班车问题")
    only = topic.grievances.get()
    response = login("union_staff").post(
        f"/e/demo/topics/{topic.pk}/", _edit(topic, remove_grievances=[only.pk])
    )
    assert response.status_code == 400
    only.refresh_from_db()
    assert only.topic == topic


def test_nothing_changes_once_the_topic_is_on_an_agenda(demo, login):
    topic = factories.topic("scheduled", enterprise=demo, title="班车问题")
    finance = Department.objects.get(enterprise=demo, name="财务部")
    before = topic.responsible_person
    response = login("union_staff").post(
        f"/e/demo/topics/{topic.pk}/",
        _edit(topic, responsible_person="某人", departments=[finance.pk]),
    )
    assert response.status_code == 409
    topic.refresh_from_db()
    assert topic.responsible_person == before
