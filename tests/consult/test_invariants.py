"""Rules that hold for every page: state changes only by POST with a CSRF token, no e-mail
about work that was undone, and pages that cost the same number of queries however much
work waits on them."""

import datetime

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from consult.outbox.sender import send_due
from grievances import services as grievance_services
from grievances.models import Disclosure, Grievance, Status
from meetings.models import Meeting, MeetingStatus
from tests import factories
from tests.conftest import PASSWORD

# ---------------------------------------------------------------------------------------------
# State changes are POST only
# ---------------------------------------------------------------------------------------------

# The URL names that answer GET: pages, forms (which save on POST) and documents. Every other
# URL of the project changes something and must refuse GET with 405, so a new view is either
# added here on purpose or made POST-only (require_POST).
ANSWERS_GET = {
    # consult
    "home",
    "enterprise_home",
    "roster_upload",
    "roster_template",
    "roster_history",
    "roster_preview",
    "roster_refused",
    "leading_group",
    "leading_group_edit",
    "notice_current",
    "notice",
    "notice_edit",
    "channels_edit",
    "identity_access",
    "document",  # every printable form, through the documents registry
    "enterprise_document",
    "notifications",  # showing a notice that asks nothing is reading it: it is marked read
    "notification_open",  # so is following its link (a to-do waits until its work is done)
    "public_page",
    "workdays",
    "calendar_years",  # the installation admin's holiday schedule (403 for others)
    "calendar_schedule",  # its form for a year; saving is its POST
    "login",
    "set_language",  # Django's: a GET only redirects back, the language changes on POST
    # consult: accounts (forms that save on POST)
    "activate",
    "password_change",
    "roles",
    "slips",  # the GET lists who waits; codes are issued only by its POST
    "federation_home",
    "federation_enterprise_create",
    "my_data",
    "my_data_download",  # the person's own data, read
    # grievances
    "grievance_mine",
    "grievance_submit",
    "grievance_list",
    "grievance_register",
    "department_queue",
    "approval_queue",
    "grievance_detail",
    "grievance_attachment",
    "topic_list",
    "topic_edit",
    "register_list",
    "register_create",
    "register_detail",
    "track",
    "personal_data",  # the retention form saves on POST
    "erase_request",  # GET finds the items and confirms; the erasure is its POST
    "identity_views",
    # the outbox (issue 21): forms whose change is their POST
    "deliveries",
    "messengers",
    "messenger_new",
    "messenger_edit",
    "notification_preferences",
    # the API tokens page (issue 22): creating is its POST; the API's schema and its page
    "integration_tokens",
    "api-1:openapi-json",
    "api-1:openapi-view",
    "api-1:api-root",  # Ninja's anchor for its paths: a 404 naming the API page
    # meetings
    "meeting_list",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_sign_in_self",  # the QR code's page; signing in is its POST
    "meeting_script",
    "meeting_minutes",
    "meeting_archive",
    # supervision
    "supervision_queue",
    "task_detail",
    "escalation_detail",
    "bulletin_list",
    "bulletin_detail",
    "bulletin_issue",  # GET is the confirmation page; issuing is its POST with the box ticked
    "supervision_notice",
    # surveys
    "survey_list",
    "survey_round",
    "survey_answer",  # the respondent's own page; answering is its POST
    "survey_figures",
    "survey_chart",
    # ledger
    "ledger_home",
    "ledger_summary",
    "ledger_archive",  # GET shows the build's state; asking for one is its POST
    "ledger_archive_download",  # the ready file, read
    "ledger_dashboard",
    "ledger_download",
    "ledger_assessment",
    "ledger_assessment_xlsx",
    "history_upload",  # the upload form; uploading is its POST (a preview, nothing imported)
    "history_preview",
    "history_refused",
    "history_template",
}


def _routes(resolver=None, converters=None, namespace=""):
    """(name, converters of the whole path) of every named URL outside Django admin, its name
    prefixed by its namespace as `reverse` takes it (the API's "api-1:…")."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    for entry in resolver.url_patterns:
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from _routes(entry, found, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", found


def _url(name, converters) -> str:
    kwargs = {
        key: 1 if isinstance(conv, IntConverter) else ("demo" if key == "code" else "x")
        for key, conv in converters.items()
    }
    return reverse(name, kwargs=kwargs)


def test_every_url_that_changes_something_refuses_get(login):
    chair = login("union_chair")
    routes = dict(_routes())
    assert len(routes) > 40  # the walk found the project's URLs
    accepting_get = sorted(
        name
        for name, converters in routes.items()
        if name not in ANSWERS_GET and chair.get(_url(name, converters)).status_code != 405
    )
    assert accepting_get == [], "these URLs change state but answer GET"


def test_every_page_listed_as_answering_get_still_does(login):
    chair = login("union_chair")
    routes = dict(_routes())
    assert ANSWERS_GET <= set(routes), set(ANSWERS_GET) - set(routes)
    refusing = sorted(
        name for name in ANSWERS_GET if chair.get(_url(name, routes[name])).status_code == 405
    )
    assert refusing == []


# ---------------------------------------------------------------------------------------------
# CSRF
# ---------------------------------------------------------------------------------------------


def _csrf_client(username: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=username, password=PASSWORD)
    return client


def _status(g: Grievance) -> str:
    return Grievance.objects.get(pk=g.pk).status


GRIEVANCE_POSTS = [
    # (url name, who, the item's step, form data)
    ("grievance_verify", "union_staff", "submitted", {"outcome": "authentic"}),
    ("grievance_classify", "union_staff", "verified", {"responsible_person": "郑芳"}),
    ("grievance_opinion", "union_chair", "classified", {"route": "department", "opinion": "转"}),
    ("grievance_approval", "admin_deputy", "opinion_signed", {"decision": "approve"}),
    ("grievance_answer", "dept_head", "routed_department", {"measures": "下月调整"}),
    ("grievance_withdraw", "employee", "submitted", {}),
]


@pytest.mark.parametrize(("name", "username", "step", "data"), GRIEVANCE_POSTS)
def test_a_step_posted_without_the_csrf_token_is_refused(demo, name, username, step, data):
    g = factories.grievance(step, enterprise=demo)
    url = reverse(name, kwargs={"code": "demo", "pk": g.pk})
    response = _csrf_client(username).post(url, data)
    assert response.status_code == 403
    assert _status(g) == step


def test_the_same_step_with_the_token_from_the_page_goes_through(demo):
    g = factories.grievance("submitted", enterprise=demo)
    client = _csrf_client("union_staff")
    client.get(reverse("grievance_detail", kwargs={"code": "demo", "pk": g.pk}))
    token = client.cookies["csrftoken"].value
    url = reverse("grievance_verify", kwargs={"code": "demo", "pk": g.pk})
    response = client.post(url, {"outcome": "authentic", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert _status(g) == Status.VERIFIED


def test_convening_a_meeting_without_the_csrf_token_is_refused(demo):
    response = _csrf_client("union_chair").post(
        reverse("meeting_create", kwargs={"code": "demo"}),
        {"kind": "special", "date": "2099-12-01", "time": "09:00", "place": "会议室"},
    )
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_finalising_minutes_without_the_csrf_token_is_refused(demo):
    m = factories.meeting(MeetingStatus.HELD, enterprise=demo)
    response = _csrf_client("union_chair").post(
        reverse("meeting_minutes_finalise", kwargs={"code": "demo", "pk": m.pk})
    )
    assert response.status_code == 403
    assert Meeting.objects.get(pk=m.pk).status == MeetingStatus.HELD


# ---------------------------------------------------------------------------------------------
# Mail only for committed work
# ---------------------------------------------------------------------------------------------


def test_work_undone_by_a_failing_transaction_sends_no_mail(demo, member):
    g = factories.grievance("classified", enterprise=demo, disclosure=Disclosure.NAMED)
    chair = member("union_chair").user
    deputy = member("admin_deputy").user
    send_due()  # the mail of the steps before
    mail.outbox.clear()

    with pytest.raises(RuntimeError), transaction.atomic():
        grievance_services.grievance_sign_opinion(
            grievance=g, by=chair, route="department", opinion="转人力资源部办理"
        )
        raise RuntimeError("the request failed after the service ran")
    send_due()
    assert mail.outbox == []
    assert _status(g) == Status.CLASSIFIED

    # The same step, committed, tells the deputy: the check above could have seen a mail.
    grievance_services.grievance_sign_opinion(
        grievance=Grievance.objects.get(pk=g.pk),
        by=chair,
        route="department",
        opinion="转人力资源部办理",
    )
    send_due()
    assert deputy.email in {address for message in mail.outbox for address in message.to}


# ---------------------------------------------------------------------------------------------
# Query counts: the same for a little and for more data
# ---------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)  # files may read while they are sent
    return len(ctx.captured_queries)


HOME_OF = {
    role: "/e/demo/"
    for role in (
        "employee",
        "employee_rep",
        "unit_collector",
        "union_staff",
        "union_chair",
        "admin_head",
        "admin_deputy",
        "dept_head",
        "supervisor",
    )
} | {"federation": "/"}


def _work_for_everyone(demo, n):
    """Items waiting at every hand-off, in every kind of disclosure, and meetings to answer."""
    disclosures = [Disclosure.NAMED, Disclosure.CONFIDENTIAL, Disclosure.ANONYMOUS]
    for i in range(n):
        for step in ("submitted", "classified", "opinion_signed", "routed_department", "answered"):
            factories.grievance(step, enterprise=demo, disclosure=disclosures[i % 3])
        factories.topic("queued", enterprise=demo, title=f"议题{i}")
        factories.meeting(MeetingStatus.NOTICE_PENDING, enterprise=demo)
        factories.meeting(MeetingStatus.NOTICE_SENT, enterprise=demo)


def test_every_roles_home_costs_the_same_queries_with_more_work_waiting(demo, login):
    clients = {role: login(role) for role in HOME_OF}
    _work_for_everyone(demo, 1)
    for role, client in clients.items():
        client.get(HOME_OF[role])  # warm the session and caches
    few = {role: _queries(client, HOME_OF[role]) for role, client in clients.items()}
    _work_for_everyone(demo, 2)
    more = {role: _queries(client, HOME_OF[role]) for role, client in clients.items()}
    assert more == few


def _same_queries_for_more(client, urls, grow):
    """Query counts of `urls` before and after `grow()` adds data (each URL opened once
    before, to warm the session and caches)."""
    for url in urls:
        client.get(url)
    few = {url: _queries(client, url) for url in urls}
    grow()
    more = {url: _queries(client, url) for url in urls}
    assert more == few


def test_approval_queue_costs_the_same_queries_for_1_and_4_items(demo, login):
    def grow():
        for _ in range(3):
            factories.grievance("opinion_signed", enterprise=demo)

    factories.grievance("opinion_signed", enterprise=demo)
    _same_queries_for_more(login("admin_deputy"), ["/e/demo/grievances/queue/approval/"], grow)


def test_my_items_and_my_notifications_cost_the_same_queries_for_1_and_4_items(demo, login):
    def grow():
        for step in ("submitted", "verified", "routed_department"):
            factories.grievance(step, enterprise=demo, disclosure=Disclosure.NAMED)

    factories.grievance("verified", enterprise=demo, disclosure=Disclosure.NAMED)
    _same_queries_for_more(
        login("employee"), ["/e/demo/grievances/", "/e/demo/notifications/"], grow
    )


def test_topic_and_meeting_lists_cost_the_same_queries_for_1_and_3_rows(demo, login):
    def grow():
        for i in range(2):
            factories.topic("queued", enterprise=demo, title=f"议题{i}")
            factories.meeting(MeetingStatus.NOTICE_SENT, enterprise=demo)

    factories.topic("queued", enterprise=demo, title="第一个议题")
    factories.meeting(MeetingStatus.NOTICE_SENT, enterprise=demo)
    _same_queries_for_more(login("union_chair"), ["/e/demo/topics/", "/e/demo/meetings/"], grow)


def _register(demo, member, rows):
    from consult.models import OrgUnit

    return grievance_services.register_create(
        enterprise=demo,
        by=member("unit_collector").user,
        unit=OrgUnit.objects.get(enterprise=demo, parent=None, name="第一分厂"),
        rows=[
            {"name": f"职工{i}", "content": f"意见{i}", "raised_on": datetime.date(2026, 11, 2)}
            for i in range(rows)
        ],
    )


def test_register_list_costs_the_same_queries_for_1_and_3_registers(demo, login, member):
    def grow():
        for _ in range(2):
            _register(demo, member, 2)

    _register(demo, member, 1)
    _same_queries_for_more(login("union_staff"), ["/e/demo/registers/"], grow)


def test_a_register_prints_with_the_same_queries_for_1_and_5_rows(demo, login, member):
    client = login("unit_collector")
    small, large = _register(demo, member, 1), _register(demo, member, 5)
    urls = [f"/e/demo/documents/register/{r.pk}.pdf" for r in (small, large)]
    client.get(urls[0])
    assert _queries(client, urls[1]) == _queries(client, urls[0])


def test_summary_table_costs_the_same_queries_for_1_and_4_items(demo, login):
    def grow():
        for _ in range(3):
            factories.grievance("classified", enterprise=demo)

    factories.grievance("classified", enterprise=demo)
    urls = ["/e/demo/documents/summary_table.pdf", "/e/demo/documents/summary_table.xlsx"]
    _same_queries_for_more(login("union_staff"), urls, grow)


def test_meeting_documents_cost_the_same_queries_for_1_and_3_topics(demo, login):
    def final_meeting(titles):
        topics = [factories.topic("queued", enterprise=demo, title=t) for t in titles]
        return factories.meeting(MeetingStatus.MINUTES_FINAL, enterprise=demo, topics=topics)

    small = final_meeting(["加班费"])
    large = final_meeting(["宿舍热水", "班车拥挤", "食堂价格"])
    client = login("union_chair")
    # The archive holds every document of the meeting: notice (PDF, DOCX), sign-in sheet,
    # chairing script (PDF, DOCX) and minutes.
    client.get(f"/e/demo/documents/meeting_notice/{small.pk}.docx")
    few = _queries(client, reverse("meeting_archive", args=["demo", small.pk]))
    assert _queries(client, reverse("meeting_archive", args=["demo", large.pk])) == few


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/e/demo/documents/leading_group.pdf", 8),
        ("/e/demo/documents/leading_group.docx", 7),
        ("/e/demo/documents/leading_group_duties.pdf", 8),
        (f"/e/demo/documents/notice.pdf?year={factories.NOTICE_YEAR}", 9),
        (f"/e/demo/documents/notice.docx?year={factories.NOTICE_YEAR}", 8),
        ("/e/demo/documents/poster.pdf", 7),
    ],
)
def test_step_1_and_2_documents_keep_their_query_count(
    login, url, queries, django_assert_max_num_queries
):
    client = login("union_chair")
    client.get("/e/demo/")  # warm the session
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_record_form_keeps_its_query_count(demo, login, django_assert_max_num_queries):
    g = factories.grievance("answered", enterprise=demo)
    client = login("union_chair")
    client.get("/e/demo/")
    # Nine, one for every department's answer (issue 13 point 8) and one for the signed
    # opinion's and later referrals' events (issue 18 point 17).
    with django_assert_max_num_queries(11):
        response = client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
    assert response.status_code == 200
