"""Issue 18 point 23: the escalation has a flow (supervision.workflow.ESCALATION_FLOW). Its
answer and its hand-up are steps of that table, taken by the body it was handed up to, each
writing one event on the escalation's timeline and sending one notice; the views go through
the one step runner, so a member of the body that handed it up is refused by the table."""

import pytest

from consult.models import AuditEvent, Notification
from supervision.events import SupervisionEvent as E
from supervision.models import Escalation

from .conftest import url
from .test_escalation_and_identity import _escalate, _grandparent

pytestmark = pytest.mark.django_db


def _escalation(direct_task, login, parent) -> Escalation:
    task = direct_task()
    assert _escalate(task, login, parent).status_code == 302
    return Escalation.objects.get()


def _events(escalation) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type="supervision.escalation", target_id=escalation.pk
        ).values_list("action", flat=True)
    )


def _notices_since(last_id: int) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(id__gt=last_id).values_list("recipient__username", "message")
    )


def _one_notice_each(notices) -> set[str]:
    """One notice of one step: one message, and nobody gets it twice. Its readers."""
    readers = [who for who, _message in notices]
    assert notices and len({m for _who, m in notices}) == 1, notices
    assert len(readers) == len(set(readers)), notices
    return set(readers)


def _last_notice() -> int:
    last = Notification.objects.order_by("-id").first()
    return last.id if last else 0


def test_the_body_that_handed_it_up_cannot_answer_it_itself(direct_task, parent, login):
    from tests.helpers import refused, table_asked

    escalation = _escalation(direct_task, login, parent)
    lower = login("union_staff")
    with table_asked() as asked:
        refused(
            lambda: lower.post(url("escalation_answer", escalation.pk), {"answer": "自己答"}),
            403,
            escalation,
            escalation.task,
        )
        refused(
            lambda: lower.post(url("escalation_hand_up", escalation.pk), {"reason": "再报"}),
            403,
            escalation,
        )
    assert asked == [("Escalation", ("answer",)), ("Escalation", ("hand_up",))]


def test_the_answer_is_one_event_on_the_escalations_timeline_and_one_notice(
    direct_task, parent, login
):
    escalation = _escalation(direct_task, login, parent)
    group = login("g_union_staff")
    since = _last_notice()
    response = group.post(
        url("escalation_answer", escalation.pk, code="group"), {"answer": "集团拨付专项资金"}
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.ANSWERED
    assert escalation.answered_by.username == "g_union_staff"
    assert _events(escalation) == [E.ESCALATION_ANSWER]
    event = AuditEvent.objects.get(action=E.ESCALATION_ANSWER)
    assert (event.from_state, event.to_state) == ("open", "answered")
    assert event.enterprise.code == "group"
    # One notice: the lower union is told to tell the requester (the task's step).
    assert "union_staff" in _one_notice_each(_notices_since(since))
    page = group.get(url("escalation_detail", escalation.pk, code="group")).content.decode()
    assert 'id="escalation-timeline"' in page and "接收报送的上级已答复" in page
    lower = login("union_staff").get(url("escalation_detail", escalation.pk)).content.decode()
    assert "接收报送的上级已答复" in lower


def test_a_second_answer_is_refused_and_changes_nothing(direct_task, parent, login):
    from tests.helpers import refused

    escalation = _escalation(direct_task, login, parent)
    group = login("g_union_staff")
    answer = url("escalation_answer", escalation.pk, code="group")
    assert group.post(answer, {"answer": "已答"}).status_code == 302
    escalation.refresh_from_db()
    response = refused(lambda: group.post(answer, {"answer": "再答"}), 409, escalation)
    assert "已答" in response.content.decode()


def test_the_hand_up_is_one_event_and_one_notice_and_the_answer_goes_down_without_more_notices(
    direct_task, parent, login
):
    _grandparent(parent)
    first = _escalation(direct_task, login, parent)
    group = login("g_union_staff")
    since = _last_notice()
    response = group.post(
        url("escalation_hand_up", first.pk, code="group"), {"reason": "集团预算也已用完"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Escalation.Status.HANDED_UP
    assert _events(first) == [E.ESCALATION_HAND_UP]
    # One notice: the top body's union staff hear of the item handed up to them.
    assert _one_notice_each(_notices_since(since)) == {"p_union_staff"}
    page = group.get(url("escalation_detail", first.pk, code="group")).content.decode()
    assert "本级已再报送上一级" in page

    second = Escalation.objects.exclude(pk=first.pk).get()
    since = _last_notice()
    top = login("p_union_staff")
    assert (
        top.post(url("escalation_answer", second.pk, code="top"), {"answer": "省集团统筹解决"})
    ).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Escalation.Status.ANSWERED
    assert first.answer == second.answer == "省集团统筹解决"
    assert _events(second) == [E.ESCALATION_ANSWER]
    assert _events(first) == [E.ESCALATION_HAND_UP, E.ESCALATION_ANSWER]
    # The lower union is told once (the task's step); the chain's own moves tell nobody.
    assert "union_staff" in _one_notice_each(_notices_since(since))


def test_no_one_may_answer_a_lower_level_by_hand(demo, user):
    """The lower levels of a chain are answered by the answer above, never by a person."""
    from consult.access import access_for
    from supervision.workflow import ESCALATION_FLOW

    step = ESCALATION_FLOW.step("answered_above")
    for username in ("union_chair", "union_staff", "supervisor", "federation"):
        access = access_for(user(username), demo)
        assert not ESCALATION_FLOW.permits(access, user(username), None, step)
