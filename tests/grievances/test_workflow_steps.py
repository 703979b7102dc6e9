"""Grievance steps through the workflow spine: refusals change nothing, steps record what they
changed and read the locked row, the table says who may take what."""

import pytest
from django.core import mail

from consult.outbox.sender import send_due
from consult.workflow import StepRefused
from grievances import services
from grievances.models import Grievance, GrievanceEvent, Status
from grievances.workflow import GRIEVANCE_FLOW

pytestmark = pytest.mark.django_db


def test_a_refused_step_changes_nothing(make_item, member):
    g = make_item("submitted")
    events = GrievanceEvent.objects.count()
    with pytest.raises(StepRefused):
        services.grievance_sign_opinion(
            grievance=g, by=member("union_chair").user, route="meeting", opinion="上会"
        )
    fresh = Grievance.objects.get(pk=g.pk)
    assert fresh.status == Status.SUBMITTED and fresh.opinion == "" and fresh.route == ""
    assert GrievanceEvent.objects.count() == events


def test_a_step_records_the_old_and_new_value_of_what_it_changed(make_item, member):
    g = make_item("opinion_signed")
    services.grievance_return_routing(
        grievance=g, by=member("admin_deputy").user, note="请补充说明"
    )
    event = g.events.order_by("-id").first()
    assert (event.from_status, event.to_status) == (Status.OPINION_SIGNED, Status.RETURNED)
    assert event.changes["approval_note"] == ["", "请补充说明"]


def test_returning_an_opinion_clears_the_approval_on_the_callers_copy_too(make_item, member):
    g = make_item("routed_department")
    # Someone re-signs after a return: the approval of the earlier round must not linger.
    Grievance.objects.filter(pk=g.pk).update(status=Status.OPINION_SIGNED)
    g.refresh_from_db()
    services.grievance_return_routing(grievance=g, by=member("admin_deputy").user, note="重议")
    assert g.approved_by is None and g.approved_at is None and g.status == Status.RETURNED


def test_approval_follows_the_route_in_the_database_not_a_stale_copy(make_item, member):
    g = make_item("opinion_signed")  # signed for the department route
    stale = Grievance.objects.get(pk=g.pk)
    Grievance.objects.filter(pk=g.pk).update(route="meeting")
    services.grievance_approve_routing(grievance=stale, by=member("admin_deputy").user)
    assert stale.status == Status.ROUTED_MEETING


def test_the_department_sees_the_steps_it_may_take_and_no_other(make_item, member):
    from consult.access import access_for

    g = make_item("routed_department")
    head = member("dept_head").user
    assert GRIEVANCE_FLOW.allowed(access_for(head, g.enterprise), head, g) == {
        "answer",
        "cannot_solve",
    }
    staff = member("union_staff").user
    assert GRIEVANCE_FLOW.allowed(access_for(staff, g.enterprise), staff, g) == set()


def test_a_service_rolled_back_after_its_step_sends_no_mail(make_item, member, settings):
    from django.db import transaction

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    g = make_item("submitted")
    send_due()  # the mail of the steps before
    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.grievance_verify(grievance=g, by=member("union_staff").user)
        raise RuntimeError("the request failed after the step")
    send_due()
    assert mail.outbox == []
    assert Grievance.objects.get(pk=g.pk).status == Status.SUBMITTED
