"""Each scope of a token does what the pages do for it, and only a token given it may."""

import pytest
from django.utils import timezone

from consult.models import (
    AuditEvent,
    IdentityView,
    IntegrationScope,
    IntegrationToken,
    display_name,
)
from grievances.models import Grievance, GrievanceEvent
from tests.api.conftest import ALL_SCOPES, ApiClient

NAMED = {"person": {"employee_no": "E1024"}, "content": "三号车间夏天太热，希望加装风扇"}
ANONYMOUS = {"content": "夜班连续太长，希望调整排班"}


def test_a_named_item_for_a_person_is_theirs_as_if_they_had_submitted_it(api, worker, login):
    response = api(["submit_for_person"]).post("/grievances/", NAMED)
    assert response.status_code == 201
    g = Grievance.objects.get()
    assert response.json()["number"] == g.number
    assert g.requester == worker.user and g.disclosure == "named"
    assert g.requester_phone == worker.phone
    assert g.requester_name == display_name(worker.user)
    assert g.requester_unit == worker.unit
    assert g.events.get().actor == worker.user
    mine = login("employee").get("/e/demo/grievances/").content.decode()
    assert g.number in mine


def test_a_confidential_item_by_phone_hides_its_requester_as_in_the_app(api, worker):
    body = {
        "person": {"phone": worker.phone},
        "content": "班组长辱骂职工",
        "disclosure": "confidential",
    }
    response = api(["submit_for_person"]).post("/grievances/", body)
    assert response.status_code == 201
    g = Grievance.objects.get()
    assert g.requester == worker.user and g.disclosure == "confidential"
    assert g.events.get().actor is None  # as grievance_submit records it for the app


def test_the_same_request_id_twice_creates_one_item(api, worker):
    client = api(["submit_for_person", "submit_anonymous"])
    first = client.post("/grievances/", {**NAMED, "request_id": "oa-77"})
    again = client.post("/grievances/", {**NAMED, "request_id": "oa-77"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["repeated"] and again.json()["number"] == first.json()["number"]
    anonymous = client.post("/anonymous/", {**ANONYMOUS, "request_id": "oa-77"})
    assert anonymous.status_code == 201  # another call's id space: a new item
    repeated = client.post("/anonymous/", {**ANONYMOUS, "request_id": "oa-77"})
    assert repeated.status_code == 200 and repeated.json()["secret"] is None
    assert Grievance.objects.count() == 2


def test_another_tokens_request_id_names_another_item(api, worker):
    api().post("/grievances/", {**NAMED, "request_id": "same"})
    other = api().post("/grievances/", {**NAMED, "request_id": "same"})
    assert other.status_code == 201
    assert Grievance.objects.count() == 2


def test_an_anonymous_item_stores_nothing_about_the_client_and_is_never_identifiable(
    token_for, worker
):
    _, secret = token_for(["submit_anonymous"])
    client = ApiClient(secret)
    audit, views = AuditEvent.objects.count(), IdentityView.objects.count()
    client.client.defaults.update(
        REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="OA-Gateway/3.1 (zhang.wei)"
    )
    response = client.post("/anonymous/", ANONYMOUS)
    assert response.status_code == 201
    g = Grievance.objects.get()
    assert g.disclosure == "anonymous" and g.requester is None
    assert (g.requester_name, g.requester_phone, g.requester_unit) == ("", "", None)
    assert list(g.events.values_list("actor", flat=True)) == [None]
    row = str(Grievance.objects.filter(pk=g.pk).values().get())
    row += str(list(GrievanceEvent.objects.filter(grievance=g).values()))
    for trace in ("203.0.113.77", "OA-Gateway", "zhang.wei", worker.user.username):
        assert trace not in row
    assert (AuditEvent.objects.count(), IdentityView.objects.count()) == (audit, views)
    answer = response.json()
    assert answer["receipt_code"] == g.receipt_code and len(answer["secret"]) == 26
    assert answer["secret"] not in row


def test_an_anonymous_call_refuses_a_person_rather_than_dropping_it(api):
    response = api(["submit_anonymous"]).post(
        "/anonymous/", {**ANONYMOUS, "person": {"employee_no": "E1024"}}
    )
    assert response.status_code == 400 and "person" in response.json()["errors"]
    assert not Grievance.objects.exists()


def test_the_public_status_is_read_by_receipt_as_on_track(api, client):
    submitter = api(["submit_anonymous"])
    receipt = submitter.post("/anonymous/", ANONYMOUS).json()
    reader = api(["read_receipt"], language="zh-hans")
    response = reader.post(
        "/track/", {"receipt_code": receipt["receipt_code"].lower(), "secret": receipt["secret"]}
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["number"] == receipt["number"] and answer["status"] == "submitted"
    assert len(answer["events"]) == 1 and answer["merged_into"] == []
    page = client.post("/track/", {"code": receipt["receipt_code"], "secret": receipt["secret"]})
    assert answer["status_label"] in page.content.decode()  # both in Chinese
    assert answer["events"][0]["label"] in page.content.decode()


def test_a_merged_item_is_followed_into_the_one_it_was_merged_into(api):
    receipt = api(["submit_anonymous"]).post("/anonymous/", ANONYMOUS).json()
    g = Grievance.objects.get(receipt_code=receipt["receipt_code"])
    survivor = Grievance.objects.create(
        enterprise=g.enterprise,
        year=g.year,
        serial=g.serial + 1,
        received_at=timezone.now(),
        content="x",
    )
    Grievance.objects.filter(pk=g.pk).update(merged_into=survivor, status="merged")
    answer = (
        api(["read_receipt"])
        .post("/track/", {"receipt_code": receipt["receipt_code"], "secret": receipt["secret"]})
        .json()
    )
    assert answer["status"] == "merged"
    assert [m["number"] for m in answer["merged_into"]] == [survivor.number]


def test_a_persons_own_items_are_listed_without_their_anonymous_ones(api, worker):
    client = api()
    named = client.post("/grievances/", NAMED).json()
    client.post("/anonymous/", ANONYMOUS)
    response = client.post("/grievances/mine/", {"person": {"employee_no": "E1024"}})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["number"] for i in items] == [named["number"]]
    assert items[0]["content"] == NAMED["content"] and not response.json()["more"]


CALLS = {
    IntegrationScope.SUBMIT_FOR_PERSON: ("/grievances/", NAMED),
    IntegrationScope.SUBMIT_ANONYMOUS: ("/anonymous/", ANONYMOUS),
    IntegrationScope.READ_RECEIPT: ("/track/", {"receipt_code": "ABCDEFGH", "secret": "X" * 26}),
    IntegrationScope.LIST_OWN: ("/grievances/mine/", {"person": {"employee_no": "E1024"}}),
}


@pytest.mark.parametrize("scope", list(CALLS))
def test_a_token_without_the_scope_is_refused_and_nothing_is_saved(api, worker, scope):
    path, body = CALLS[scope]
    others = [s for s in ALL_SCOPES if s != scope]
    response = api(others).post(path, body)
    assert response.status_code == 403
    assert response.json()["detail"] == "This token may not do that."
    assert not Grievance.objects.exists()


@pytest.mark.parametrize("scope", list(CALLS))
def test_a_revoked_token_is_refused_and_nothing_is_saved(token_for, worker, member, scope):
    from consult.integrations.services import integration_token_revoke

    token, secret = token_for()
    integration_token_revoke(token=token, by=member("union_chair").user)
    path, body = CALLS[scope]
    response = ApiClient(secret).post(path, body)
    assert response.status_code == 401
    assert response.json()["detail"] == "The API token is missing, unknown or revoked."
    assert not Grievance.objects.exists()
    token.refresh_from_db()
    assert token.last_used_at is None


@pytest.mark.parametrize("secret", [None, "", "cst_not-a-token", "Basic dXNlcjpwYXNz"])
def test_a_call_without_a_valid_token_is_refused(worker, secret):
    response = ApiClient(secret).post("/anonymous/", ANONYMOUS)
    assert response.status_code == 401
    assert not Grievance.objects.exists()


def test_a_token_records_when_it_was_last_used(token_for, worker):
    token, secret = token_for()
    assert token.last_used_at is None
    ApiClient(secret).post("/grievances/mine/", {"person": {"employee_no": "E1024"}})
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert IntegrationToken.objects.filter(pk=token.pk, revoked_at__isnull=True).exists()


def test_a_long_history_costs_the_same_queries(api, worker, django_assert_max_num_queries):
    client = api(["submit_for_person", "list_own"])
    for i in range(3):
        client.post("/grievances/", {**NAMED, "content": f"第{i}条"})
    with django_assert_max_num_queries(6):
        answer = client.post("/grievances/mine/", {"person": {"employee_no": "E1024"}})
    assert len(answer.json()["items"]) == 3


def test_the_scope_is_checked_before_the_body_is_read(api):
    response = api(["read_receipt"]).post("/anonymous/", raw="{not json")
    assert response.status_code == 403
