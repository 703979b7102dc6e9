"""The union chair's pages of personal data (issue 19, points 8, 10 and 11): the retention
period, erasure on request with its confirmation and reason, and who saw whom."""

import datetime

import pytest
from django.utils import timezone

from consult.events import SetupEvent
from consult.models import AuditEvent, Enterprise, IdentityView
from grievances import services
from grievances.events import GrievanceEventType
from grievances.models import Disclosure, Grievance, GrievanceEvent
from tests import factories
from tests.grievances.closing import closed_item

NAME = "郑秋菊"


def erased(g) -> bool:
    g.refresh_from_db()
    return g.identity_erased_at is not None


# -- the retention period ---------------------------------------------------------------------


def test_the_chair_sets_the_retention_period_and_it_is_recorded(demo, login):
    client = login("union_chair")
    page = client.get("/e/demo/privacy/")
    assert page.status_code == 200 and 'name="identity_retention_months"' in page.content.decode()
    assert 'value="36"' in page.content.decode()
    response = client.post("/e/demo/privacy/", {"identity_retention_months": "24"})
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.identity_retention_months == 24
    event = AuditEvent.objects.get(action=SetupEvent.RETENTION_EDITED)
    assert event.changes == {"identity_retention_months": [36, 24]}


@pytest.mark.parametrize("months", ["0", "-3", "601", "三年", ""])
def test_a_retention_period_that_cannot_be_is_refused(demo, login, months):
    response = login("union_chair").post("/e/demo/privacy/", {"identity_retention_months": months})
    assert response.status_code == 400
    assert Enterprise.objects.get(pk=demo.pk).identity_retention_months == 36
    assert not AuditEvent.objects.filter(action=SetupEvent.RETENTION_EDITED).exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [("union_staff", 403), ("admin_head", 403), ("employee", 403), ("b_union_chair", 404)],
)
def test_only_the_chair_reaches_the_personal_data_pages(demo, login, username, status):
    client = login(username)
    for path in ("/e/demo/privacy/", "/e/demo/privacy/erase/", "/e/demo/privacy/identity-views/"):
        assert client.get(path).status_code == status, path
    assert client.post("/e/demo/privacy/", {"identity_retention_months": "1"}).status_code == status
    assert Enterprise.objects.get(pk=demo.pk).identity_retention_months == 36


# -- erasure on request -----------------------------------------------------------------------


@pytest.fixture
def registered(demo):
    return closed_item(demo, requester_name=NAME, phone="13912345678")


def test_the_chair_finds_the_items_confirms_with_a_reason_and_they_are_erased(
    demo, login, registered
):
    client = login("union_chair")
    page = client.get("/e/demo/privacy/erase/", {"q": NAME}).content.decode()
    assert registered.number in page and 'name="reason"' in page
    assert f'value="{registered.pk}"' in page and "data-confirm" in page
    response = client.post(
        "/e/demo/privacy/erase/", {"q": NAME, "items": [registered.pk], "reason": "本人书面申请"}
    )
    assert response.status_code == 302 and response["Location"] == "/e/demo/privacy/"
    assert erased(registered) and registered.requester_name == ""
    event = registered.events.get(action=GrievanceEventType.IDENTITY_ERASED)
    assert event.note == "本人书面申请" and event.data["kind"] == "request"
    listed = client.get("/e/demo/privacy/").content.decode()
    assert registered.number in listed and "本人书面申请" in listed


def test_an_erasure_without_a_reason_is_refused_and_nothing_changes(demo, login, registered):
    events = GrievanceEvent.objects.count()
    response = login("union_chair").post(
        "/e/demo/privacy/erase/", {"q": NAME, "items": [registered.pk], "reason": "  "}
    )
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert not erased(registered) and registered.requester_name == NAME
    assert GrievanceEvent.objects.count() == events


def test_a_request_covering_an_item_still_in_handling_erases_nothing(demo, login, member):
    closed = closed_item(demo, disclosure=Disclosure.NAMED)
    open_item = factories.grievance("routed_department", enterprise=demo, disclosure="named")
    employee = member("employee").user
    assert closed.requester == open_item.requester == employee
    client = login("union_chair")
    page = client.get("/e/demo/privacy/erase/", {"q": "employee"}).content.decode()
    assert closed.number in page and open_item.number in page
    assert f'value="{open_item.pk}"' not in page  # it cannot be chosen on the page…
    events = GrievanceEvent.objects.count()
    response = client.post(  # …and a forged post is refused whole
        "/e/demo/privacy/erase/",
        {"q": "employee", "items": [closed.pk, open_item.pk], "reason": "本人申请"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "没有删除任何内容" in body
    assert open_item.number in body
    assert not erased(closed) and not erased(open_item)
    assert closed.requester == employee and GrievanceEvent.objects.count() == events


def test_items_of_another_enterprise_are_never_found_or_erased(demo, demo_b, login):
    other = closed_item(demo_b, requester_name=NAME)
    client = login("union_chair")
    assert other.number not in client.get("/e/demo/privacy/erase/", {"q": NAME}).content.decode()
    response = client.post(
        "/e/demo/privacy/erase/", {"q": NAME, "items": [other.pk], "reason": "本人申请"}
    )
    assert response.status_code == 400
    assert not erased(other)


def test_listing_a_confidential_requesters_items_is_logged(demo, login, member):
    g = closed_item(demo, disclosure=Disclosure.CONFIDENTIAL)
    login("union_chair").get("/e/demo/privacy/erase/", {"q": g.number})
    view = IdentityView.objects.get(target_id=g.pk, context="erase_request")
    assert view.viewer == member("union_chair").user


def test_anonymous_items_are_never_found(demo, login):
    g = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.ANONYMOUS)
    page = login("union_chair").get("/e/demo/privacy/erase/", {"q": g.number}).content.decode()
    assert f'value="{g.pk}"' not in page


# -- who saw whom -----------------------------------------------------------------------------


def test_the_chair_sees_who_saw_which_confidential_requester_and_filters(
    demo, demo_b, login, member
):
    g = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    other = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    staff = member("union_staff")
    staff.identity_access = True
    staff.save(update_fields=["identity_access"])
    login("union_staff").get(f"/e/demo/grievances/{g.pk}/")  # a designated staff member looks
    login("union_chair").get(f"/e/demo/grievances/{other.pk}/")
    foreign = factories.grievance("submitted", enterprise=demo_b, disclosure="confidential")
    login("b_union_chair").get(f"/e/demo-b/grievances/{foreign.pk}/")

    client = login("union_chair")
    page = client.get("/e/demo/privacy/identity-views/").content.decode()
    assert g.number in page and other.number in page
    assert page.count('<tr><td class="card-head">') == 2  # not the other enterprise's view
    assert "诉求页面" in page
    by_staff = client.get(
        "/e/demo/privacy/identity-views/", {"viewer": staff.user.pk}
    ).content.decode()
    assert g.number in by_staff and other.number not in by_staff
    by_item = client.get(
        "/e/demo/privacy/identity-views/", {"number": other.number}
    ).content.decode()
    assert other.number in by_item and f">{g.number}<" not in by_item
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    later = client.get("/e/demo/privacy/identity-views/", {"since": tomorrow}).content.decode()
    assert g.number not in later and other.number not in later


@pytest.mark.parametrize(
    "query", [{"number": "2000-9999"}, {"since": "2026-02-30"}, {"viewer": "abc"}]
)
def test_a_filter_that_cannot_be_answers_400(demo, login, query):
    assert login("union_chair").get("/e/demo/privacy/identity-views/", query).status_code == 400


def test_the_log_is_paged(demo, login, member):
    g = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    chair = member("union_chair").user
    IdentityView.objects.bulk_create(
        IdentityView(
            enterprise=demo, viewer=chair, target_type="grievances.grievance", target_id=g.pk
        )
        for _ in range(30)
    )
    client = login("union_chair")
    first = client.get("/e/demo/privacy/identity-views/").content.decode()
    assert first.count(f">{g.number}<") == 25 and "page=2" in first
    second = client.get("/e/demo/privacy/identity-views/", {"page": 2}).content.decode()
    assert second.count(f">{g.number}<") == 5


# -- on the item's page -----------------------------------------------------------------------


def test_the_union_marks_identifying_text_on_the_item_page(demo, login):
    g = factories.grievance("verified", enterprise=demo, disclosure=Disclosure.NAMED)
    client = login("union_staff")
    assert 'id="identifying-text"' in client.get(f"/e/demo/grievances/{g.pk}/").content.decode()
    response = client.post(
        f"/e/demo/grievances/{g.pk}/identifying-text/", {"text": "三车间夜班\n 老王 \n"}
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.identifying_text == "三车间夜班\n老王"


@pytest.mark.parametrize("username", ["admin_head", "supervisor", "dept_head"])
def test_who_may_not_see_the_requester_cannot_mark_or_read_the_text(demo, login, username):
    g = factories.grievance("answered", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    Grievance.objects.filter(pk=g.pk).update(identifying_text="三车间夜班")
    client = login(username)
    page = client.get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "三车间夜班" not in page and 'id="identifying-text"' not in page
    response = client.post(f"/e/demo/grievances/{g.pk}/identifying-text/", {"text": "x"})
    assert response.status_code in (403, 404)
    g.refresh_from_db()
    assert g.identifying_text == "三车间夜班"


def test_the_chair_is_offered_the_erasure_from_the_item_page(demo, login, registered):
    page = login("union_chair").get(f"/e/demo/grievances/{registered.pk}/").content.decode()
    assert f'href="/e/demo/privacy/erase/?q={registered.number}"' in page
    staff_page = login("union_staff").get(f"/e/demo/grievances/{registered.pk}/").content.decode()
    assert 'id="erase-on-request"' not in staff_page
    services.grievance_erase_identity(grievance=registered, by=None, kind="retention")
    after = login("union_chair").get(f"/e/demo/grievances/{registered.pk}/").content.decode()
    assert 'id="identity-erased"' in after and 'id="erase-on-request"' not in after
