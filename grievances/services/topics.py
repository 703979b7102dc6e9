"""Step 3: topics (议题) grouping items waiting for a meeting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consult.workflow import edit
from grievances.events import TopicEvent
from grievances.models import (
    Grievance,
    Topic,
)
from grievances.services._core import record
from grievances.workflow import NEW_TOPIC_STATE, TOPIC_EDITABLE, TOPIC_FLOW, WAITING_FOR_TOPIC


def _check_waiting_for_topic(enterprise_id: int, grievances) -> None:
    """Only items of this enterprise approved for the meeting path, in no topic yet."""
    for g in grievances:
        if g.enterprise_id != enterprise_id or g.status not in WAITING_FOR_TOPIC or g.topic_id:
            raise ValidationError(_("Only items waiting for a meeting and not yet in a topic."))


@transaction.atomic
def topic_create(
    *, enterprise, by, title: str, grievances, summary: str = "", note: str = ""
) -> Topic:
    """Step 3: the union groups items waiting for a meeting into a topic (议题)."""
    grievances = list(grievances)
    if not grievances:
        raise ValidationError(_("Choose at least one item."))
    _check_waiting_for_topic(enterprise.pk, grievances)
    first = grievances[0]
    topic = Topic.objects.create(
        enterprise=enterprise,
        title=title,
        summary=summary or "\n".join(g.content for g in grievances),
        category=first.category,
        responsible_person=first.responsible_person,
        note=note,
        status=NEW_TOPIC_STATE,
        created_by=by,
    )
    departments = {d.pk: d for g in grievances for d in g.departments.all()}
    topic.departments.set(departments.values())
    Grievance.objects.filter(pk__in=[g.pk for g in grievances]).update(topic=topic)
    for g in grievances:
        record(grievance=g, by=by, action="topic_assigned", note=title)
    TOPIC_FLOW.record(topic, TopicEvent.CREATED, by=by, note=title)
    return topic


@transaction.atomic
def topic_update(
    *,
    topic: Topic,
    by,
    title: str,
    summary: str,
    responsible_person: str,
    note: str,
    departments,
    add_grievances=(),
) -> Topic:
    """Step 3: the union refines a topic with management before it goes on an agenda
    (title, content, departments, responsible person, remarks, more waiting items)."""
    departments = list(departments)
    if any(d.enterprise_id != topic.enterprise_id for d in departments):
        raise ValidationError(_("A department belongs to another enterprise."))
    added = list(add_grievances)
    _check_waiting_for_topic(topic.enterprise_id, added)
    before = sorted(topic.departments.values_list("pk", flat=True))
    after = sorted(d.pk for d in departments)
    edit(
        TOPIC_FLOW,
        topic,
        TopicEvent.EDITED,
        by=by,
        fields={
            "title": title,
            "summary": summary,
            "responsible_person": responsible_person,
            "note": note,
        },
        allowed=TOPIC_EDITABLE,
        refusal=_("A topic on an agenda or decided can no longer be changed."),
        data={"departments": [before, after]} if before != after else {},
    )
    topic.departments.set(departments)
    if added:
        Grievance.objects.filter(pk__in=[g.pk for g in added]).update(topic=topic)
        for g in added:
            record(grievance=g, by=by, action="topic_assigned", note=title)
    return topic
