"""Step 3: topics (议题) grouping items waiting for a meeting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consult.workflow import edit
from grievances.events import GrievanceEventType, TopicEvent
from grievances.models import (
    Grievance,
    Topic,
)
from grievances.services._core import record
from grievances.workflow import NEW_TOPIC_STATE, TOPIC_EDITABLE, TOPIC_FLOW, WAITING_FOR_TOPIC


def _check_categories(grievances, *, confirm_mixed: bool) -> None:
    """Items of different categories go into one topic only when the union confirms it; each
    item keeps its own category (the 汇总分类表 lists items by their own class)."""
    names = {g.category_id: g.category.name if g.category else "—" for g in grievances}
    if len(names) > 1 and not confirm_mixed:
        raise ValidationError(
            _(
                "These items are of different categories (%(categories)s). Confirm to group "
                "them into one topic; each item keeps its own category."
            )
            % {"categories": "、".join(sorted(names.values()))},
            code="mixed_categories",
        )


def _check_waiting_for_topic(enterprise_id: int, grievances) -> None:
    """Only items of this enterprise approved for the meeting path, in no topic yet."""
    for g in grievances:
        if g.enterprise_id != enterprise_id or g.status not in WAITING_FOR_TOPIC or g.topic_id:
            raise ValidationError(_("Only items waiting for a meeting and not yet in a topic."))


@transaction.atomic
def topic_create(
    *,
    enterprise,
    by,
    title: str,
    grievances,
    summary: str = "",
    note: str = "",
    category=None,
    confirm_mixed: bool = False,
) -> Topic:
    """Step 3: the union groups items waiting for a meeting into a topic (议题).

    The topic's category is `category` or the earliest item's; items of different categories
    are grouped only with `confirm_mixed`."""
    grievances = list(grievances)
    _check_new_topic(enterprise, grievances, category=category, confirm_mixed=confirm_mixed)
    topic = _new_topic(
        enterprise, grievances, by=by, title=title, summary=summary, note=note, category=category
    )
    _items_assign(topic, grievances, by=by, note=title)
    TOPIC_FLOW.record(topic, TopicEvent.CREATED, by=by, note=title)
    return topic


def _check_new_topic(enterprise, grievances: list, *, category, confirm_mixed: bool) -> None:
    if not grievances:
        raise ValidationError(_("Choose at least one item."))
    _check_waiting_for_topic(enterprise.pk, grievances)
    _check_categories(grievances, confirm_mixed=confirm_mixed)
    if category is not None and category.enterprise_id != enterprise.pk:
        raise ValidationError(_("Choose a category of this enterprise."))


def _new_topic(enterprise, grievances: list, *, by, title, summary, note, category) -> Topic:
    """The topic's row: the items' content, the earliest item's category and responsible
    person unless given, and every item's departments."""
    first = min(grievances, key=lambda g: (g.year, g.serial))
    topic = Topic.objects.create(
        enterprise=enterprise,
        title=title,
        summary=summary or "\n".join(g.content for g in grievances),
        category=category or first.category,
        responsible_person=first.responsible_person,
        note=note,
        status=NEW_TOPIC_STATE,
        created_by=by,
    )
    departments = {d.pk: d for g in grievances for d in g.departments.all()}
    topic.departments.set(departments.values())
    return topic


def _items_assign(topic: Topic, grievances: list, *, by, note: str) -> None:
    Grievance.objects.filter(pk__in=[g.pk for g in grievances]).update(topic=topic)
    for g in grievances:
        record(grievance=g, by=by, action="topic_assigned", note=note)


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
    category=None,
    add_grievances=(),
    remove_grievances=(),
    confirm_mixed: bool = False,
) -> Topic:
    """Step 3: the union refines a topic with management before it goes on an agenda
    (title, content, category, departments, responsible person, remarks; items added from
    those waiting for a meeting or taken off, back to the waiting items)."""
    departments = _check_references(topic, departments, category)
    added, removed = _check_items(topic, add_grievances, remove_grievances, confirm_mixed)
    fields = dict(title=title, summary=summary, responsible_person=responsible_person, note=note)
    _topic_fields_edit(topic, by=by, fields=fields, category=category, departments=departments)
    _items_move(topic, by=by, note=title, added=added, removed=removed)
    return topic


def _check_references(topic: Topic, departments, category) -> list:
    """The departments as a list, once they and the category are known to be the topic's
    enterprise's."""
    departments = list(departments)
    if any(d.enterprise_id != topic.enterprise_id for d in departments):
        raise ValidationError(_("A department belongs to another enterprise."))
    if category is not None and category.enterprise_id != topic.enterprise_id:
        raise ValidationError(_("Choose a category of this enterprise."))
    return departments


def _check_items(topic: Topic, add_grievances, remove_grievances, confirm_mixed: bool):
    """The items to add and those to take off, once the topic is known to keep one."""
    added = list(add_grievances)
    _check_waiting_for_topic(topic.enterprise_id, added)
    removed = [g for g in remove_grievances if g.topic_id == topic.pk]
    kept = [g for g in topic.grievances.select_related("category") if g not in removed]
    if not kept + added:
        raise ValidationError(_("A topic keeps at least one item."))
    if added:
        _check_categories(kept + added, confirm_mixed=confirm_mixed)
    return added, removed


def _topic_fields_edit(topic: Topic, *, by, fields: dict, category, departments: list) -> None:
    before = sorted(topic.departments.values_list("pk", flat=True))
    after = sorted(d.pk for d in departments)
    edit(
        TOPIC_FLOW,
        topic,
        TopicEvent.EDITED,
        by=by,
        fields=fields | {"category": category if category is not None else topic.category},
        allowed=TOPIC_EDITABLE,
        refusal=_("A topic on an agenda or decided can no longer be changed."),
        data={"departments": [before, after]} if before != after else {},
    )
    topic.departments.set(departments)


def _items_move(topic: Topic, *, by, note: str, added: list, removed: list) -> None:
    """Items taken off go back to the waiting items (one topic event lists them)."""
    if removed:
        Grievance.objects.filter(pk__in=[g.pk for g in removed]).update(topic=None)
        for g in removed:
            record(grievance=g, by=by, action=GrievanceEventType.TOPIC_UNASSIGNED, note=note)
        TOPIC_FLOW.record(
            topic,
            TopicEvent.ITEM_REMOVED,
            by=by,
            note="、".join(g.number for g in removed),
            data={"grievances": [g.pk for g in removed]},
        )
    if added:
        _items_assign(topic, added, by=by, note=note)
