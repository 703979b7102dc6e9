"""Attachments of a confidential or anonymous item (DESIGN.md, "Confidentiality"): their names
and files reach people who may not see the requester only after union staff who may see the
requester clear them as free of identifying content (issue 11 point 5, issue 13 point 10)."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from consult.access import forget_access
from grievances import services
from grievances.events import GrievanceEventType
from grievances.models import Attachment
from tests import factories
from tests.helpers import refused

FILE_NAME = "张三的工资条.png"
HIDDEN_FROM = ["admin_head", "admin_deputy", "dept_head", "supervisor", "union_staff"]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return out.getvalue()


def _attach(grievance, by) -> Attachment:
    upload = SimpleUploadedFile(FILE_NAME, _png(), "image/png")
    return services.attachment_add(grievance=grievance, by=by, upload=upload)


@pytest.fixture
def confidential_with_file(demo, make_item, member):
    g = make_item("routed_department")  # routed to 人力资源部, so dept_head opens it too
    return g, _attach(g, member("union_staff").user)


def _urls(attachment):
    base = f"/e/demo/grievances/{attachment.grievance_id}/"
    return base, f"{base}attachments/{attachment.pk}/", f"{base}attachments/{attachment.pk}/clear/"


@pytest.mark.parametrize("username", HIDDEN_FROM)
def test_an_uncleared_confidential_attachment_is_hidden_from_who_may_not_see_the_requester(
    login, confidential_with_file, username
):
    _g, attachment = confidential_with_file
    page, download, _clear = _urls(attachment)
    client = login(username)
    response = client.get(page)
    assert response.status_code == 200
    assert FILE_NAME not in response.content.decode()  # neither the list nor the timeline
    assert client.get(download).status_code == 404


def test_the_chair_sees_and_clears_it_and_then_management_may_open_it(
    login, confidential_with_file
):
    g, attachment = confidential_with_file
    page, download, clear = _urls(attachment)
    chair = login("union_chair")
    assert FILE_NAME in chair.get(page).content.decode()
    assert chair.get(download).status_code == 200
    assert chair.get(clear).status_code == 405  # a state change is POST only

    assert chair.post(clear).status_code == 302
    attachment.refresh_from_db()
    assert attachment.cleared_at is not None and attachment.cleared_by.username == "union_chair"
    assert g.events.filter(action=GrievanceEventType.ATTACHMENT_CLEARED).count() == 1

    for username in ["admin_head", "dept_head", "supervisor", "union_staff"]:
        client = login(username)
        assert FILE_NAME in client.get(page).content.decode(), username
        assert client.get(download).status_code == 200, username


def test_clearing_twice_is_refused_with_409(login, confidential_with_file):
    _g, attachment = confidential_with_file
    _page, _download, clear = _urls(attachment)
    chair = login("union_chair")
    assert chair.post(clear).status_code == 302
    refused(lambda: chair.post(clear), 409, attachment)


@pytest.mark.parametrize("username", ["union_staff", "admin_deputy", "dept_head", "supervisor"])
def test_only_union_staff_who_may_see_the_requester_can_clear(
    login, confidential_with_file, username
):
    _g, attachment = confidential_with_file
    _page, _download, clear = _urls(attachment)
    # Undesignated union staff may not even see the file: 404; others may not verify: 403.
    assert login(username).post(clear).status_code in {403, 404}
    attachment.refresh_from_db()
    assert attachment.cleared_at is None


def test_designated_union_staff_see_and_clear_it(login, member, confidential_with_file):
    staff = member("union_staff")
    staff.identity_access = True
    staff.save()
    forget_access(staff.user)
    _g, attachment = confidential_with_file
    page, _download, clear = _urls(attachment)
    client = login("union_staff")
    content = client.get(page).content.decode()
    assert FILE_NAME in content and f'action="{clear}"' in content  # the clear button
    assert client.post(clear).status_code == 302


def test_the_service_refuses_someone_who_may_not_see_the_requester(member, confidential_with_file):
    _g, attachment = confidential_with_file
    with pytest.raises(PermissionDenied):
        services.attachment_clear(attachment=attachment, by=member("union_staff").user)


def test_an_anonymous_items_attachment_is_checked_by_the_chair_only(demo, login, member):
    g = factories.grievance("submitted", enterprise=demo, disclosure="anonymous")
    attachment = _attach(g, member("union_staff").user)
    page, download, _clear = _urls(attachment)
    assert login("union_staff").get(download).status_code == 404
    assert FILE_NAME not in login("union_staff").get(page).content.decode()
    assert login("union_chair").get(download).status_code == 200


def test_a_named_items_attachment_follows_who_sees_the_name(demo, login, member, make_item):
    g = make_item("routed_department", disclosure="named")
    attachment = _attach(g, member("union_staff").user)
    _page, download, _clear = _urls(attachment)
    for username in ["union_staff", "admin_deputy", "dept_head"]:
        assert login(username).get(download).status_code == 200, username
    assert login("supervisor").get(download).status_code == 404


def test_the_requester_opens_their_own_attachment_uncleared(demo, login, make_item, member):
    g = make_item("submitted")
    attachment = _attach(g, member("union_staff").user)
    page, download, _clear = _urls(attachment)
    client = login("employee")
    assert FILE_NAME in client.get(page).content.decode()
    assert client.get(download).status_code == 200


def test_a_merged_items_requester_cannot_open_the_surviving_items_attachments(
    demo, login, member, make_item
):
    staff, chair = member("union_staff").user, member("union_chair").user
    survivor = factories.grievance("submitted", enterprise=demo, requester_name="李四")
    attachment = _attach(survivor, staff)
    duplicate = make_item("submitted")  # the demo employee's
    services.grievance_merge(grievance=duplicate, into=survivor, by=staff)
    services.attachment_clear(attachment=attachment, by=chair)

    page, download, _clear = _urls(attachment)
    client = login("employee")
    response = client.get(page)
    assert response.status_code == 200  # they follow the surviving item
    assert FILE_NAME not in response.content.decode()
    assert client.get(download).status_code == 404


def test_admin_shows_uncleared_file_names_only_to_who_may_see_the_requester(
    login, confidential_with_file
):
    g, attachment = confidential_with_file
    url = f"/admin/grievances/grievance/{g.pk}/change/"
    assert FILE_NAME not in login("union_staff").get(url).content.decode()
    assert FILE_NAME in login("union_chair").get(url).content.decode()
    services.attachment_clear(
        attachment=attachment, by=factories.person(g.enterprise, "union_chair")
    )
    assert FILE_NAME in login("union_staff").get(url).content.decode()
