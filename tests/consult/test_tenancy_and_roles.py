import pytest
from django.urls import reverse

from consult.models import ImplementationNotice
from tests.factories import NOTICE_YEAR

pytestmark = pytest.mark.django_db

# Every consult page that belongs to an enterprise, with the arguments it takes.
ENTERPRISE_PAGES = [
    ("enterprise_home", {}),
    ("leading_group", {}),
    ("leading_group_edit", {}),
    ("enterprise_document", {"document": "leading_group", "fmt": "pdf"}),
    ("enterprise_document", {"document": "leading_group_duties", "fmt": "docx"}),
    ("notice_current", {}),
    ("notice", {"year": NOTICE_YEAR}),
    ("notice_edit", {"year": NOTICE_YEAR}),
    ("enterprise_document", {"document": "notice", "fmt": "pdf"}),
    ("channels_edit", {}),
    ("enterprise_document", {"document": "poster", "fmt": "pdf"}),
    ("notifications", {}),
]


@pytest.mark.parametrize("name,kwargs", ENTERPRISE_PAGES)
def test_another_enterprises_pages_answer_404(login, demo_b, name, kwargs):
    client = login("union_chair")  # chair of demo, not a member of demo-b
    response = client.get(reverse(name, kwargs={"code": "demo-b", **kwargs}))
    assert response.status_code == 404


def test_another_enterprises_notice_by_year_answers_404_even_when_it_exists(login, demo_b):
    assert ImplementationNotice.objects.filter(enterprise=demo_b, year=NOTICE_YEAR).exists()
    response = login("union_chair").get(reverse("notice", args=["demo-b", NOTICE_YEAR]))
    assert response.status_code == 404
    assert "demo-b" not in response.content.decode()


def test_a_notice_year_that_does_not_exist_answers_404(login):
    assert login("union_chair").get(reverse("notice", args=["demo", 1999])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, demo):
    response = client.get(reverse("leading_group", args=["demo"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("username", ["employee", "dept_head", "admin_deputy", "supervisor"])
def test_people_outside_the_union_office_may_read_but_not_edit_the_set_up(login, username):
    client = login(username)
    assert client.get(reverse("leading_group", args=["demo"])).status_code == 200
    assert client.get(reverse("leading_group_edit", args=["demo"])).status_code == 403
    assert client.post(reverse("channels_edit", args=["demo"]), {}).status_code == 403


def test_union_chair_sees_edit_buttons_employee_does_not(login):
    url = reverse("leading_group", args=["demo"])
    edit = reverse("leading_group_edit", args=["demo"])
    assert edit in login("union_chair").get(url).content.decode()
    assert edit not in login("employee").get(url).content.decode()


def test_federation_user_sees_only_aggregate_entry_of_enterprises_below_it(login):
    client = login("federation")
    assert client.get(reverse("enterprise_home", args=["demo"])).status_code == 200
    # Enterprise pages with people's data are not for the federation.
    assert client.get(reverse("leading_group_edit", args=["demo"])).status_code == 404
    assert client.get(reverse("notifications", args=["demo"])).status_code == 404


def test_user_with_one_enterprise_lands_on_its_home(login):
    response = login("employee").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprise_home", args=["demo"])


def test_dashboard_warns_when_coming_deadlines_fall_in_an_unknown_year(login, time_machine):
    # 2100: a year no release of chinesecalendar will know for a long time (a year close to
    # today would stop being "unknown" the day the library ships it).
    time_machine.move_to("2099-12-20 10:00 +08:00")
    page = login("union_chair").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert 'id="calendar-warning"' in page
    assert "2100" in page


def test_dashboard_has_no_calendar_warning_mid_year(login, time_machine):
    time_machine.move_to("2026-06-01 10:00 +08:00")
    page = login("union_chair").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert 'id="calendar-warning"' not in page


def test_setup_checklist_asks_the_union_for_what_is_missing(login, demo):
    demo.union_office_address = ""
    demo.save()
    page = login("union_staff").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert "填写工会办公室地址" in page
    page = login("employee").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert "填写工会办公室地址" not in page


def test_unread_notification_shows_on_the_home_page_until_read(login, demo):
    from django.contrib.auth import get_user_model

    from consult.audit import notify

    user = get_user_model().objects.get(username="employee")
    notify(enterprise=demo, recipients=[user], subject="您的诉求已受理", url="/e/demo/")
    client = login("employee")
    assert (
        "您的诉求已受理" in client.get(reverse("enterprise_home", args=["demo"])).content.decode()
    )
    client.post(reverse("notifications_read", args=["demo"]))
    assert (
        "您的诉求已受理"
        not in client.get(reverse("enterprise_home", args=["demo"])).content.decode()
    )
