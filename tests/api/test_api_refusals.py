"""Refusals of the API: a 4xx with a message in the request's language, nothing saved."""

import pytest

from consult.models import Category, Membership
from grievances.forms import CONTENT_MAX
from grievances.models import Grievance

NAMED = {"person": {"employee_no": "E1024"}, "content": "食堂排队太久"}


def _refused(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert not Grievance.objects.exists()
    return response.json()


@pytest.mark.parametrize("path", ["/grievances/", "/anonymous/", "/track/", "/grievances/mine/"])
def test_a_body_that_is_not_json_is_refused(api, worker, path):
    answer = _refused(api().post(path, raw='{"content": "食堂'), 400)
    assert answer["detail"] == "The request body is not valid JSON."


@pytest.mark.parametrize("raw", ["", "[]", '"text"'])
def test_a_body_that_is_not_an_object_is_refused(api, raw):
    answer = _refused(api().post("/anonymous/", raw=raw), 400)
    assert answer["detail"] == "body: The request needs a JSON object as its body."


def test_missing_fields_are_named(api, worker):
    answer = _refused(api().post("/grievances/", {"kind": "grievance"}), 400)
    assert answer["errors"] == {
        "person": ["This field is required."],
        "content": ["This field is required."],
    }


def test_too_long_a_text_is_refused_whole(api, worker):
    body = {**NAMED, "content": "长" * (CONTENT_MAX + 1)}
    answer = _refused(api().post("/grievances/", body), 400)
    assert answer["errors"]["content"] == [
        f"This text is too long: at most {CONTENT_MAX} characters."
    ]
    _refused(api().post("/anonymous/", {"content": "长" * (CONTENT_MAX + 1)}), 400)


def test_blank_content_is_refused_by_the_pages_form(api, worker):
    answer = _refused(api().post("/grievances/", {**NAMED, "content": "   "}), 400)
    assert answer["errors"] == {"content": ["This field is required."]}


def test_the_persons_call_takes_no_anonymous_item(api, worker):
    answer = _refused(api().post("/grievances/", {**NAMED, "disclosure": "anonymous"}), 400)
    assert list(answer["errors"]) == ["disclosure"]


def test_a_kind_the_public_may_not_send_is_refused(api, worker):
    _refused(api().post("/grievances/", {**NAMED, "kind": "briefing"}), 400)


def test_the_refusal_speaks_the_requests_language(api, worker):
    answer = _refused(api(language="zh-hans").post("/grievances/", {"kind": "grievance"}), 400)
    assert answer["errors"]["content"] == ["这个字段是必填项。"]
    chinese = api(language="zh-CN,zh;q=0.9").post("/anonymous/", raw="{")
    assert chinese.json()["detail"] != "The request body is not valid JSON."
    assert chinese["Content-Language"] == "zh-hans"
    english = api(language="en-US,en;q=0.8").post("/anonymous/", raw="{")
    assert english["Content-Language"] == "en"


@pytest.mark.parametrize(
    "person, status",
    [
        ({}, 400),
        ({"employee_no": "E1024", "phone": "13800000001"}, 400),
        ({"employee_no": "E9999"}, 404),
        ({"phone": "12345"}, 400),
        ({"phone": "13999999999"}, 404),
    ],
)
def test_the_person_is_named_by_one_known_employee_number_or_phone(api, worker, person, status):
    _refused(api().post("/grievances/", {**NAMED, "person": person}), status)


def test_a_person_who_left_is_not_found(api, worker):
    Membership.objects.filter(pk=worker.pk).update(is_active=False)
    _refused(api().post("/grievances/", NAMED), 404)


def test_a_phone_shared_by_two_people_asks_for_the_employee_number(api, worker, member):
    Membership.objects.filter(pk=member("union_staff").pk).update(phone=worker.phone)
    answer = _refused(api().post("/grievances/", {**NAMED, "person": {"phone": worker.phone}}), 400)
    assert "employee number" in answer["detail"]


def test_another_enterprises_person_is_not_found(api, worker, member, demo_b):
    outsider = member("b_employee", "demo-b")
    Membership.objects.filter(pk=outsider.pk).update(employee_no="B77")
    body = {**NAMED, "person": {"employee_no": "B77"}}
    _refused(api().post("/grievances/", body), 404)
    _refused(api().post("/grievances/", {**NAMED, "person": {"phone": outsider.phone}}), 404)
    _refused(api().post("/grievances/mine/", {"person": {"employee_no": "B77"}}), 404)


def test_another_enterprises_category_is_refused(api, worker, demo_b):
    foreign = Category.objects.filter(enterprise=demo_b).first()
    answer = _refused(api().post("/grievances/", {**NAMED, "category": foreign.pk}), 400)
    assert list(answer["errors"]) == ["category"]


def test_another_enterprises_receipt_is_not_found(api, demo_b):
    receipt = api(enterprise=demo_b).post("/anonymous/", {"content": "乙企业的诉求"}).json()
    pair = {"receipt_code": receipt["receipt_code"], "secret": receipt["secret"]}
    answer = api().post("/track/", pair)
    assert answer.status_code == 404
    assert answer.json()["detail"] == "The receipt code or the secret is not right."
    assert api(enterprise=demo_b).post("/track/", pair).status_code == 200


def test_another_enterprises_items_are_not_listed(api, worker, demo_b):
    api().post("/grievances/", NAMED)
    Membership.objects.filter(enterprise=demo_b, user__username="b_employee").update(
        employee_no="E1024"
    )
    answer = api(enterprise=demo_b).post("/grievances/mine/", {"person": {"employee_no": "E1024"}})
    assert answer.status_code == 200 and answer.json()["items"] == []


def test_anonymous_submissions_are_limited_per_token_and_client(api, settings):
    settings.RATELIMIT_API_SUBMIT_LIMIT = 2
    client = api()
    assert [client.post("/anonymous/", {"content": f"第{i}条"}).status_code for i in range(2)] == [
        201,
        201,
    ]
    refused = client.post("/anonymous/", {"content": "第三条"})
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Too many submissions from here. Please try again later."
    assert Grievance.objects.count() == 2
    assert api().post("/anonymous/", {"content": "另一个系统"}).status_code == 201


def test_wrong_receipts_are_limited_as_on_track(api, settings):
    settings.RATELIMIT_TRACK_LIMIT = 2
    client = api()
    receipt = client.post("/anonymous/", {"content": "食堂"}).json()
    wrong = {"receipt_code": receipt["receipt_code"], "secret": "W" * 26}
    assert [client.post("/track/", wrong).status_code for _ in range(2)] == [404, 404]
    right = {"receipt_code": receipt["receipt_code"], "secret": receipt["secret"]}
    assert client.post("/track/", right).status_code == 429
