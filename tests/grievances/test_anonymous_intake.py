"""Anonymous submissions on the public page: nothing identifying stored, receipts, /track/,
rate limits and double posts."""

import re

from django.apps import apps
from django.core.serializers import serialize
from django.db import connection
from django.test import Client

from grievances.models import Grievance

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (TestPhone; zh-CN) UniqueAgent/9.31"


def _post(client, content, token, **extra):
    return client.post(
        "/s/demo/submit/",
        {"kind": "grievance", "content": content, "token": token},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        **extra,
    )


def _all_rows_as_text() -> str:
    parts = []
    for model in apps.get_models():
        parts.append(serialize("json", model._default_manager.all()))
    with connection.cursor() as cursor:  # tables without a model, e.g. the cache table
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            parts.append(repr(cursor.fetchall()))
    return "\n".join(parts)


def test_anonymous_submission_stores_neither_address_nor_user_agent(demo):
    client = Client()
    response = _post(client, "宿舍热水供应不足", "tok-anon-1")
    assert response.status_code == 200
    # A failed look-up on /track/ from the same client is counted too.
    client.post("/track/", {"code": "NOPE", "secret": "WRONG"}, REMOTE_ADDR=ADDRESS)

    dump = _all_rows_as_text()
    assert "宿舍热水供应不足" in dump  # the dump does cover the item itself
    assert ADDRESS not in dump
    assert "UniqueAgent" not in dump
    g = Grievance.objects.get(content="宿舍热水供应不足")
    assert g.requester_id is None and g.requester_name == "" and g.requester_phone == ""


def test_receipt_secret_is_stored_only_as_a_hash(demo):
    response = _post(Client(), "加班费计算不清楚", "tok-anon-2")
    secret = re.search(r'id="receipt-secret">([A-Z0-9]+)<', response.content.decode()).group(1)
    g = Grievance.objects.get(content="加班费计算不清楚")
    assert secret not in g.receipt_secret_hash
    assert secret not in _all_rows_as_text()


def test_posting_the_same_form_twice_creates_one_grievance(demo):
    client = Client()
    first = _post(client, "请增加停车位", "tok-double")
    second = _post(client, "请增加停车位", "tok-double")
    assert first.status_code == second.status_code == 200
    assert Grievance.objects.filter(content="请增加停车位").count() == 1
    assert "already sent" in second.content.decode() or "已" in second.content.decode()


def test_wrong_code_and_wrong_secret_get_the_same_message(demo):
    response = _post(Client(), "更衣室太小", "tok-anon-3")
    code = re.search(r'id="receipt-code">([A-Z0-9]+)<', response.content.decode()).group(1)
    unknown = Client().post("/track/", {"code": "ZZZZZZZZ", "secret": "X"})
    wrong_secret = Client().post("/track/", {"code": code, "secret": "WRONGSECRET"})
    assert unknown.status_code == wrong_secret.status_code == 400
    error = re.compile(r'<div class="alert alert-danger">(.*?)</div>')
    assert error.search(unknown.content.decode()).group(1) == error.search(
        wrong_secret.content.decode()
    ).group(1)
    assert "更衣室太小" not in wrong_secret.content.decode()


def test_repeated_failed_lookups_are_rate_limited(demo):
    client = Client()
    statuses = [
        client.post("/track/", {"code": "AAAA", "secret": "B"}, REMOTE_ADDR=ADDRESS).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    # Another client is not affected.
    other = Client().post("/track/", {"code": "AAAA", "secret": "B"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 400


def test_repeated_anonymous_submissions_from_one_client_are_rate_limited(demo):
    client = Client()
    statuses = [_post(client, f"意见{i}", f"tok-rl-{i}").status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]
    assert Grievance.objects.filter(content__startswith="意见").count() == 5


def test_empty_or_oversized_content_is_refused_with_400_and_nothing_saved(demo):
    client = Client()
    assert _post(client, "", "tok-empty").status_code == 400
    assert _post(client, "长" * 5001, "tok-long").status_code == 400
    assert Grievance.objects.count() == 0


def test_forged_enterprise_code_answers_404(demo):
    response = Client().post(
        "/s/no-such/submit/", {"kind": "grievance", "content": "x", "token": "t"}
    )
    assert response.status_code == 404


def test_anonymous_submission_and_lookup_log_neither_address_nor_user_agent(demo, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    client = Client()
    _post(client, "日志测试", "tok-log")
    _post(client, "", "tok-log-bad")  # a refused form is logged as a 400
    client.post("/track/", {"code": "X", "secret": "Y"}, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    logged = "\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records)
    assert ADDRESS not in logged
    assert "UniqueAgent" not in logged


def test_logged_in_employee_choosing_anonymity_gets_a_receipt_and_is_not_recorded(demo, login):
    client = login("employee")
    response = client.post(
        "/e/demo/grievances/new/",
        {
            "kind": "grievance",
            "content": "匿名反映领导作风",
            "disclosure": "anonymous",
            "token": "t-a",
        },
    )
    assert response.status_code == 200 and 'id="receipt-code"' in response.content.decode()
    g = Grievance.objects.get(content="匿名反映领导作风")
    assert g.requester is None and g.requester_name == "" and g.requester_unit is None
    assert g.events.get().actor is None
    assert "匿名反映领导作风" not in client.get("/e/demo/grievances/").content.decode()


def test_rejection_reason_is_readable_on_track(demo, member):
    from grievances import services

    g = services.grievance_submit_anonymous(enterprise=demo, kind="grievance", content="无关事项")
    services.grievance_reject(grievance=g, by=member("union_staff").user, reason="不属于本企业事项")
    page = Client().post("/track/", {"code": g.receipt_code, "secret": g.receipt_secret})
    assert "不属于本企业事项" in page.content.decode()
