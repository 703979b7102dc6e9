"""The queue (filters, pinned query count), telling an anonymous requester on /track/, the
bulletin (draft, edit, issue, PDF and DOCX), the notice of results and the tracking table."""

import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.pagination import PAGE_SIZE
from supervision import services
from supervision.models import Task
from tests.consult.test_documents import pdf_fonts, pdf_text

from .conftest import at, url, visit

REPORT = {"outcome": "done", "text": "已调整价格并公示", "completed_on": "2026-09-01"}


def _queue_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("supervision_queue")).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_costs_the_same_queries_however_many_tasks(direct_task, login):
    direct_task()
    client = login("union_staff")
    client.get(url("supervision_queue"))  # the first request also saves the new session
    one = _queue_queries(client)
    direct_task(content="班车时间不合理")
    direct_task(content="宿舍热水不足")
    assert _queue_queries(client) == one


def test_the_queue_filters_by_department_clock_and_meeting(direct_task, decided_task, login, dept):
    direct = direct_task()
    decided = decided_task(departments=("财务部",), title="补发加班费")
    client = login("union_staff")
    finance = dept("财务部")
    page = client.get(url("supervision_queue"), {"department": finance.pk}).content.decode()
    assert decided.title in page and direct.title not in page
    page = client.get(url("supervision_queue"), {"meeting": decided.meeting_id}).content.decode()
    assert decided.title in page and direct.title not in page
    page = client.get(url("supervision_queue"), {"clock": "2"}).content.decode()
    assert decided.title not in page


def test_the_department_head_sees_only_their_departments_tasks(direct_task, decided_task, login):
    mine = direct_task()
    other = decided_task(departments=("财务部",), title="补发加班费")
    page = login("dept_head").get(url("supervision_queue")).content.decode()
    assert mine.title in page and other.title not in page


def test_an_anonymous_requester_reads_the_promise_and_the_result_on_track(direct_task, login):
    from grievances.models import Grievance

    task = direct_task(anonymous=True)
    g = Grievance.objects.get(pk=task.grievances.get().pk)
    # The receipt secret is shown once; reset it to a known one for the test.
    from django.contrib.auth.hashers import make_password

    Grievance.objects.filter(pk=g.pk).update(receipt_secret_hash=make_password("SECRET1"))
    login("dept_head").post(url("task_report", task.pk), REPORT)
    from django.test import Client

    public = Client()
    tracked = public.post("/track/", {"code": g.receipt_code, "secret": "SECRET1"}).content.decode()
    assert 'id="promise"' in tracked and "2026-09-04" in tracked
    login("union_staff").post(
        url("task_tell", task.pk),
        {"grievance": g.pk, "method": "online", "text": "食堂已于九月起下调价格"},
    )
    tracked = public.post("/track/", {"code": g.receipt_code, "secret": "SECRET1"}).content.decode()
    assert "食堂已于九月起下调价格" in tracked


def _done_meeting(decided_task, login, user):
    task = decided_task(title="补发加班费")
    login("dept_head").post(url("task_report", task.pk), REPORT)
    visit(task, user("supervisor"))
    return task


def test_a_bulletin_is_drafted_in_the_handbooks_words_edited_and_issued(decided_task, login, user):
    task = _done_meeting(decided_task, login, user)
    staff = login("union_staff")
    response = staff.post(url("bulletin_create"), {"meeting": task.meeting_id})
    assert response.status_code == 302
    from supervision.models import Bulletin

    b = Bulletin.objects.get()
    assert b.title == "关于对2026年第1次工会与行政沟通协商机制会议确定事项进行督导的情况通报"
    assert b.addressee == "公司各车间（分厂）、班组、各行政部门："
    assert "由工会赵敏、人力资源部郑芳和职工代表李四" in b.body
    assert "人力资源部等部门，认真落实会议精神" in b.body and "“补发加班费”" in b.body
    assert b.signature.endswith("工会（章）")
    data = {
        "title": b.title,
        "addressee": b.addressee,
        "body": b.body + "\n特此通报。",
        "signature": b.signature,
        "dated": "2026-09-01",
        "on_public_page": "on",
    }
    assert staff.post(url("bulletin_edit", b.pk), data).status_code == 302
    # Employees see nothing before it is issued.
    assert "补发加班费" not in login("employee").get(url("supervision_notice")).content.decode()
    assert staff.post(url("bulletin_issue", b.pk), {"confirm": "on"}).status_code == 302
    assert staff.post(url("bulletin_edit", b.pk), data).status_code == 409
    b.refresh_from_db()
    assert b.body.endswith("特此通报。") and b.status == "issued"
    notice = login("employee").get(url("supervision_notice")).content.decode()
    assert "补发加班费" in notice and "张三" not in notice
    public_page = login("employee").get("/s/demo/").content.decode()
    assert "补发加班费" in public_page


def test_the_bulletin_prints_as_pdf_with_an_embedded_cjk_font_and_as_docx(
    decided_task, login, user
):
    task = _done_meeting(decided_task, login, user)
    staff = login("union_staff")
    staff.post(url("bulletin_create"), {"meeting": task.meeting_id})
    from supervision.models import Bulletin

    b = Bulletin.objects.get()
    pdf = staff.get(url("document", "bulletin", b.pk, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "CJK" in pdf_fonts(pdf.content)
    assert "各行政部门" in pdf_text(pdf.content)
    docx = staff.get(url("document", "bulletin", b.pk, "docx"))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "情况通报" in text and "公司各车间（分厂）、班组、各行政部门：" in text


def test_the_tracking_table_prints_the_visits_and_the_feedback_without_the_requester(
    decided_task, login, user
):
    task = _done_meeting(decided_task, login, user)
    g = task.grievances.get()
    with at(datetime.date(2026, 9, 2)):
        services.requester_tell(
            task=task, grievance=g, by=user("union_staff"), method="phone", text="已补发差额"
        )
    from supervision.documents import tracking_context

    context = tracking_context(g)
    assert context["rows"][0]["boxes"] == [
        ("已完成", True),
        ("正在进行中", False),
        ("不具备条件无法执行", False),
    ]
    assert len(context["rows"]) == 3 and "已补发差额" in context["feedback"][0]
    response = login("supervisor").get(url("document", "tracking_table", g.pk, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "CJK" in pdf_fonts(response.content)
    printed = pdf_text(response.content)
    assert "职工诉求工作进展情况跟踪表" in printed and g.number in printed
    assert "张三" not in printed
    assert login("dept_head").get(url("document", "tracking_table", g.pk, "pdf")).status_code in (
        403,
        404,
    )


def test_the_queue_shows_a_page_at_a_time_and_says_how_many_tasks(direct_task, login):
    first = direct_task()
    # Copies of the same task stand for the years of tasks an enterprise keeps.
    for n in range(PAGE_SIZE):
        copy = Task.objects.get(pk=first.pk)
        copy.pk = None
        copy.title = f"往年事项{n:02d}"
        copy.save()
    client = login("union_staff")
    page_one = client.get(url("supervision_queue")).content.decode()
    assert f"共 {PAGE_SIZE + 1} 项承办事项" in page_one
    assert page_one.count('href="/e/demo/supervision/tasks/') == PAGE_SIZE
    assert "?page=2" in page_one
    page_two = client.get(url("supervision_queue") + "?page=2").content.decode()
    assert page_two.count('href="/e/demo/supervision/tasks/') == 1


def test_the_bulletins_title_breaks_where_the_handbook_breaks_it_never_inside_a_word(
    decided_task, login, user
):
    import subprocess

    task = _done_meeting(decided_task, login, user)
    staff = login("union_staff")
    staff.post(url("bulletin_create"), {"meeting": task.meeting_id})
    from supervision.models import Bulletin

    b = Bulletin.objects.get()
    pdf = staff.get(url("document", "bulletin", b.pk, "pdf")).content
    layout = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    lines = ["".join(line.split()) for line in layout.splitlines() if line.strip()]
    assert lines.pop(0) == "（草稿，未发布）"
    assert lines[:3] == [
        "关于对2026年第1次",
        "工会与行政沟通协商机制会议确定事项",
        "进行督导的情况通报",
    ]
    docx = staff.get(url("document", "bulletin", b.pk, "docx"))
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs[:3] == lines[:3]
