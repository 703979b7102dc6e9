"""Issuing a bulletin (情况通报, step 6): never with the template's blanks or without a tracking
visit to report on, and only after an explicit confirmation (no script needed)."""

from supervision.models import Bulletin

from .conftest import url, visit

REPORT = {"outcome": "done", "text": "已补发", "completed_on": "2026-09-01"}


def _draft(decided_task, login, user, *, visited=True):
    task = decided_task(title="补发加班费")
    login("dept_head").post(url("task_report", task.pk), REPORT)
    if visited:
        visit(task, user("supervisor"))
    staff = login("union_staff")
    staff.post(url("bulletin_create"), {"meeting": task.meeting_id})
    return staff, Bulletin.objects.get()


def _edit(client, b, **changes):
    data = {
        "title": b.title,
        "addressee": b.addressee,
        "body": b.body,
        "signature": b.signature,
        "dated": "2026-09-01",
        "on_public_page": "on",
    }
    data.update(changes)
    assert client.post(url("bulletin_edit", b.pk), data).status_code == 302


def _nothing_public(login):
    assert "补发加班费" not in login("employee").get(url("supervision_notice")).content.decode()
    assert "补发加班费" not in login("employee").get("/s/demo/").content.decode()


def test_a_bulletin_without_any_tracking_visit_is_refused_with_its_blanks_named(
    decided_task, login, user
):
    staff, b = _draft(decided_task, login, user, visited=False)
    assert "XX年X月X日" in b.body  # the draft keeps the handbook's blanks
    page = staff.get(url("bulletin_issue", b.pk)).content.decode()
    assert 'id="bulletin-problems"' in page and "XX年X月X日" in page
    assert "没有记录任何跟踪督导" in page and 'id="bulletin-issue-form"' not in page
    response = staff.post(url("bulletin_issue", b.pk), {"confirm": "on"})
    assert response.status_code == 400
    b.refresh_from_db()
    assert b.status == Bulletin.Status.DRAFT and b.issued_at is None
    _nothing_public(login)


def test_a_blank_typed_back_into_the_text_keeps_the_bulletin_from_being_issued(
    decided_task, login, user
):
    staff, b = _draft(decided_task, login, user)
    _edit(staff, b, body=b.body + "\n请XX部门于X月底前完成。")
    response = staff.post(url("bulletin_issue", b.pk), {"confirm": "on"})
    assert response.status_code == 400 and "XX" in response.content.decode()
    b.refresh_from_db()
    assert b.status == Bulletin.Status.DRAFT
    _edit(staff, b, title="关于对____公司督导的情况通报", body=b.body.replace("请XX部门", "请"))
    assert staff.post(url("bulletin_issue", b.pk), {"confirm": "on"}).status_code == 400
    _nothing_public(login)


def test_issuing_asks_for_confirmation_on_a_page_of_its_own(decided_task, login, user):
    staff, b = _draft(decided_task, login, user)
    _edit(staff, b)
    detail = staff.get(url("bulletin_detail", b.pk)).content.decode()
    # The draft's page links to the confirmation page; it does not issue on one click.
    assert f'href="{url("bulletin_issue", b.pk)}"' in detail
    assert f'action="{url("bulletin_issue", b.pk)}"' not in detail
    page = staff.get(url("bulletin_issue", b.pk)).content.decode()
    assert 'id="bulletin-issue-form"' in page and "公开页面" in page
    unconfirmed = staff.post(url("bulletin_issue", b.pk))
    assert unconfirmed.status_code == 400 and "勾选" in unconfirmed.content.decode()
    b.refresh_from_db()
    assert b.status == Bulletin.Status.DRAFT
    _nothing_public(login)
    assert staff.post(url("bulletin_issue", b.pk), {"confirm": "on"}).status_code == 302
    b.refresh_from_db()
    assert b.status == Bulletin.Status.ISSUED
    assert "补发加班费" in login("employee").get("/s/demo/").content.decode()
    # Once issued, the confirmation page leads back to the bulletin.
    assert staff.get(url("bulletin_issue", b.pk)).status_code == 302
