"""Issue 18 point 23: the item's step views go through the one step runner, which asks the
grievance's table before anything else: who may take the step (the requester withdraws, the
department the item waits for answers) and whether its status allows it (409 before the form
is read), with nothing changed when it refuses."""

import datetime

import pytest
from django.utils import timezone

from consult.models import Department
from grievances.models import Status
from tests import factories
from tests.helpers import refused, table_asked

pytestmark = pytest.mark.django_db


def _due() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def _url(g, step):
    return f"/e/demo/grievances/{g.pk}/{step}/"


def test_someone_who_is_not_the_requester_cannot_withdraw_because_the_table_says_so(
    login, make_item
):
    g = make_item("submitted", disclosure="named")
    with table_asked() as asked:
        refused(lambda: login("union_staff").post(_url(g, "withdraw"), {"note": "x"}), 403, g)
    assert asked == [("Grievance", ("withdraw",))]
    assert login("employee").post(_url(g, "withdraw"), {"note": "已解决"}).status_code == 302
    g.refresh_from_db()
    assert g.status == Status.WITHDRAWN


def test_a_department_the_item_no_longer_waits_for_cannot_answer_again(demo, hr, login):
    finance = Department.objects.get(enterprise=demo, name="财务部")
    g = factories.grievance(
        "routed_department", enterprise=demo, departments=[hr, finance], content="加班费少算"
    )
    head = login("dept_head")
    assert (
        head.post(_url(g, "answer"), {"outcome": "measures", "measures": "补发", "due": _due()})
    ).status_code == 302
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT  # the finance department has yet to answer
    with table_asked() as asked:
        refused(
            lambda: head.post(
                _url(g, "answer"), {"outcome": "measures", "measures": "再答", "due": _due()}
            ),
            403,
            g,
        )
    assert asked == [("Grievance", ("answer", "cannot_solve"))]


def test_a_form_posted_in_a_status_its_steps_refuse_answers_409_before_the_form_is_read(
    login, make_item
):
    g = make_item("classified")
    # Empty: the form alone would answer 400; the status refuses approving first.
    refused(lambda: login("admin_deputy").post(_url(g, "approval"), {}), 409, g)


def test_the_step_the_posted_choice_takes_is_asked_of_the_table(login, make_item):
    g = make_item("opinion_signed")
    with table_asked() as asked:
        response = login("admin_deputy").post(
            _url(g, "approval"), {"decision": "return", "note": "再核实"}
        )
    assert response.status_code == 302
    assert asked == [("Grievance", ("approve_routing", "return_routing"))]
    g.refresh_from_db()
    assert g.status == Status.RETURNED
