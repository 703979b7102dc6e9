"""A survey round names its requester only as the identity rule allows (issue 19): not in its
record (网上答复 · 张三, 本轮测评结束 · 张三), not on its admin page, and its "ask a related
employee" picker is the same list whoever the requester is."""

import re

import pytest

from grievances import services as grievance_services
from grievances.models import Disclosure, Kind
from supervision.models import Task
from surveys.models import Respondent

from .conftest import TODAY, _routed_existing, report, tell, url

LOOKERS = ["supervisor", "admin_head", "admin_deputy", "dept_head", "union_staff", "union_chair"]


def _record(page: str) -> str:
    """The round's 记录 (its history list)."""
    return page.split('<ul class="small list-unstyled">', 1)[1].split("</ul>", 1)[0]


def _answer_online(login, r):
    response = login("employee").post(url("survey_answer", r.pk), {"level": "satisfied"})
    assert response.status_code == 302


def test_the_record_does_not_name_a_confidential_requester_who_answered_online(told, login):
    g, r = told(disclosure=Disclosure.CONFIDENTIAL)
    _answer_online(login, r)  # the only one asked: the answer also ends the round
    for username in LOOKERS:
        page = login(username).get(url("survey_round", r.pk)).content.decode()
        record = _record(page)
        assert "网上答复" in record and "本轮测评结束" in record, username
        assert "张三" not in page and ">employee<" not in page, username


def test_a_named_requesters_answer_is_named_to_the_union_and_the_routed_department_only(
    told, login
):
    g, r = told(disclosure=Disclosure.NAMED)
    _answer_online(login, r)
    for username in ["union_staff", "union_chair", "admin_head", "admin_deputy", "dept_head"]:
        record = _record(login(username).get(url("survey_round", r.pk)).content.decode())
        assert re.search(r"网上答复 · 张三", record), username
    page = login("supervisor").get(url("survey_round", r.pk)).content.decode()
    assert "网上答复" in _record(page) and "张三" not in page


def test_the_admin_page_of_a_round_does_not_name_a_confidential_requester(told, login):
    g, r = told(disclosure=Disclosure.CONFIDENTIAL)
    _answer_online(login, r)
    for username in ["union_staff", "union_chair"]:
        response = login(username).get(f"/admin/surveys/surveyround/{r.pk}/change/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "诉求人" in page  # the respondent's row is there, as who they are to the item
        assert "张三" not in page and ">employee<" not in page, username


# -- the "ask a related employee" picker --------------------------------------------------------


@pytest.fixture
def told_by(demo, user, dept):
    """told_by("employee_rep") → (grievance, open round) of a 保密 item of that member."""

    def make(username, disclosure=Disclosure.CONFIDENTIAL):
        hr = dept("人力资源部")
        g = grievance_services.grievance_submit(
            enterprise=demo,
            by=user(username),
            kind=Kind.GRIEVANCE,
            content="宿舍热水供应不足",
            disclosure=disclosure,
        )
        g = _routed_existing(g, user, hr)
        grievance_services.grievance_answer(
            grievance=g, by=user("dept_head"), department=hr, measures="加装热水器", due=TODAY
        )
        task = Task.objects.get(grievances=g)
        report(task, user)
        tell(task, g, user)
        return g, g.survey_rounds.get()

    return make


def _offered(client, r) -> list[str]:
    page = client.get(url("survey_round", r.pk)).content.decode()
    form = page.split('id="respondent-form"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', form)


@pytest.mark.parametrize("username", ["union_staff", "union_chair"])
def test_the_picker_is_the_same_list_whoever_the_confidential_requester_is(
    told_by, login, username
):
    _, by_zhang = told_by("employee")
    _, by_li = told_by("employee_rep")
    client = login(username)
    offered = _offered(client, by_zhang)
    assert offered == _offered(client, by_li)
    assert "张三" in offered and "李四" in offered  # neither requester is singled out


def test_a_named_requester_asked_by_name_is_not_offered_again(told_by, login):
    _, r = told_by("employee", disclosure=Disclosure.NAMED)
    offered = _offered(login("union_staff"), r)
    assert "张三" not in offered and "李四" in offered  # the page names 张三 as asked


def test_choosing_the_hidden_requester_is_not_refused_and_adds_nobody(told_by, login, user):
    _, r = told_by("employee")
    before = list(Respondent.objects.filter(round=r).values_list("pk", "user", "kind"))
    response = login("union_staff").post(
        url("survey_respondent", r.pk), {"user": user("employee").pk}
    )
    assert response.status_code == 302  # a refusal ("already asked") would say who it is
    assert list(Respondent.objects.filter(round=r).values_list("pk", "user", "kind")) == before
