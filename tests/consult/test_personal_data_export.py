"""A person downloads what the app holds about them (issue 19, point 9): a ZIP with a page to
read and a JSON for a program. A named and a confidential requester find their own items with
their identity and timelines; an anonymous requester's item is in nobody's export."""

import io
import json
import zipfile

import pytest

from consult.models import IdentityView, display_name
from grievances import services
from grievances.models import Disclosure
from tests import factories
from tests.grievances.closing import closed_item


def export(client) -> tuple[str, dict, str]:
    response = client.get("/me/data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="consult-my-data-')
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    return (
        archive.read("index.html").decode(),
        json.loads(archive.read("data.json")),
        response.content,
    )


@pytest.fixture
def items(demo, member):
    """The employee's named, confidential and anonymous items; the chair opened the
    confidential one (a logged view of the identity)."""
    named = closed_item(demo, disclosure=Disclosure.NAMED, comment="满意")
    confidential = factories.grievance(
        "verified", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL, content="班长克扣加班费"
    )
    anonymous = services.grievance_submit(
        enterprise=demo,
        by=member("employee").user,
        kind="grievance",
        content="宿舍漏水无人修",
        disclosure=Disclosure.ANONYMOUS,
    )
    return named, confidential, anonymous


def test_a_person_downloads_their_account_memberships_and_named_items(demo, login, member, items):
    named, confidential, anonymous = items
    employee = member("employee")
    login("union_chair").get(f"/e/demo/grievances/{confidential.pk}/")  # logs a view
    html, data, _ = export(login("employee"))

    assert data["person"] == "employee"
    assert len(data["account"]) == 1
    assert data["account"][0]["username"] == "employee" and data["account"][0]["active"]
    assert [m["enterprise"] for m in data["memberships"]] == [demo.name]
    assert data["memberships"][0]["phone"] == employee.phone

    by_number = {i["number"]: i for i in data["items"]}
    assert set(by_number) == {named.number, confidential.number}
    # The confidential requester sees their own identity in their own export.
    mine = by_number[confidential.number]
    assert mine["content"] == "班长克扣加班费" and mine["requester"] == named.requester_name
    # Timelines as the person sees them on the item's page: the public events, with notes.
    events = [e["event"] for e in by_number[named.number]["timeline"]]
    assert events[0] and len(events) == named.events.filter(public=True).count()
    assert all(not e.startswith("Identifying") for e in events)
    # The survey they answered, and the view of their identity by the chair.
    assert [a["number"] for a in data["survey_answers"]] == [named.number]
    assert data["survey_answers"][0]["comment"] == "满意"
    views = data["identity_views"]
    chair = display_name(factories.person(demo, "union_chair"))
    assert [(v["number"], v["viewer"]) for v in views] == [(confidential.number, chair)]
    assert IdentityView.objects.filter(target_id=confidential.pk).count() == 1
    assert data["notifications"] and all("text" in n for n in data["notifications"])
    # The readable page holds the same.
    for text in ("employee", named.number, confidential.number, "班长克扣加班费", "满意"):
        assert text in html


def test_an_anonymous_item_is_in_nobodys_export(demo, login, items):
    _named, _confidential, anonymous = items
    # The employee who raised it anonymously: nothing in their export ties it to them.
    html, data, _ = export(login("employee"))
    assert "宿舍漏水无人修" not in html
    assert anonymous.number not in json.dumps(data, ensure_ascii=False)
    # The union was told of a new item (its number), never of who raised it.
    for username in ("union_chair", "union_staff"):
        html, data, _ = export(login(username))
        assert "宿舍漏水无人修" not in html and data["items"] == []


def test_someone_who_raised_nothing_gets_their_account_and_no_items(demo, login):
    html, data, _ = export(login("supervisor"))
    assert data["items"] == [] and data["survey_answers"] == []
    assert data["account"][0]["username"] == "supervisor"


def test_a_named_requester_registered_without_an_account_is_found_by_nobody(demo, login):
    g = closed_item(demo, requester_name="郑秋菊", phone="13912345678")
    for username in ("employee", "union_chair"):
        html, data, raw = export(login(username))
        assert "郑秋菊" not in html and g.number not in [i["number"] for i in data["items"]]


def test_the_own_page_offers_the_download_in_the_readers_language(demo, login):
    client = login("employee")
    page = client.get("/me/").content.decode()
    assert 'href="/me/data.zip"' in page and "下载我的数据" in page
    client.post("/i18n/setlang/", {"language": "en"})
    assert "Download my data" in client.get("/me/").content.decode()
    html, _data, _ = export(client)
    assert 'lang="en"' in html and "Memberships" in html


def test_the_download_needs_a_login(db, client):
    response = client.get("/me/data.zip")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_after_an_erasure_the_item_leaves_the_former_requesters_export(demo, login, items):
    named = items[0]
    services.grievance_erase_identity(grievance=named, by=None, kind="retention")
    _html, data, _ = export(login("employee"))
    assert named.number not in [i["number"] for i in data["items"]]
    assert named.number not in [a["number"] for a in data["survey_answers"]]
