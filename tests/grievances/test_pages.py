"""The pages around the workflow: registration on behalf, home panel and menu, topics."""

import re

from grievances.models import Grievance, Status


def test_union_staff_register_a_phone_call_on_behalf_of_an_employee(demo, login, member):
    client = login("union_staff")
    page = client.get("/e/demo/grievances/register/")
    token = re.search(r'name="token" value="([0-9a-f]+)"', page.content.decode()).group(1)
    response = client.post(
        "/e/demo/grievances/register/",
        {
            "token": token,
            "channel": "phone",
            "received_at": "2026-11-20T09:30",
            "kind": "grievance",
            "content": "电话反映：夜班补贴未发",
            "disclosure": "confidential",
            "requester": member("employee").pk,
        },
    )
    assert response.status_code == 302
    g = Grievance.objects.get()
    assert g.channel == "phone" and g.requester.username == "employee"
    assert g.registered_by.username == "union_staff"
    assert g.received_at.day == 20


def test_registering_without_a_requester_or_anonymity_is_refused(demo, login):
    client = login("union_staff")
    response = client.post(
        "/e/demo/grievances/register/",
        {
            "token": "x1",
            "channel": "talk",
            "received_at": "2026-11-20T09:30",
            "kind": "grievance",
            "content": "谈话",
            "disclosure": "named",
        },
    )
    assert response.status_code == 400
    assert not Grievance.objects.exists()


def test_home_shows_what_waits_for_the_chair_and_the_menu_links(demo, login, make_item):
    g = make_item("classified")
    page = login("union_chair").get("/e/demo/").content.decode()
    assert g.number in page
    assert "/e/demo/grievances/all/" in page


def test_department_head_menu_links_to_the_department_queue(demo, login):
    page = login("dept_head").get("/e/demo/").content.decode()
    assert "/e/demo/grievances/queue/department/" in page


def test_union_groups_meeting_items_into_a_topic(demo, login, member, make_item, hr):
    from grievances import services

    g = make_item("routed_department")
    services.grievance_cannot_solve(
        grievance=g, by=member("dept_head").user, department=hr, note="需协商"
    )
    services.grievance_refer_to_meeting(grievance=g, by=member("union_chair").user, note="上会")
    client = login("union_staff")
    response = client.post(
        "/e/demo/topics/", {"title": "食堂价格", "note": "", "grievances": [g.pk]}
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.topic.title == "食堂价格" and g.status == Status.ROUTED_MEETING
    assert "食堂价格" in client.get("/e/demo/topics/").content.decode()


def test_employee_home_shows_their_own_items_and_where_they_stand(demo, login, make_item):
    make_item("verified", disclosure="named", content="更衣柜不够用")
    page = login("employee").get("/e/demo/").content.decode()
    assert "我的诉求" in page and "更衣柜不够用" in page and "已核实" in page
    assert "待我处理的诉求" not in page  # an employee handles nothing
