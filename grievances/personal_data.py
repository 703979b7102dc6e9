"""Step 3's part of a person's data (consult.personal_data): the items they raised under their
name, each with its timeline as they may see it on the item's page, and every recorded view of
their identity. Items raised anonymously are not theirs here: nothing ties them to them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.access import access_for
from consult.models import IdentityView, display_name
from consult.personal_data import Table, when
from consult.roles import Action
from grievances.events import event_label
from grievances.models import Grievance
from grievances.privacy import GRIEVANCE_TYPE, context_label
from grievances.selectors import visible_attachments
from grievances.timeline import timeline_of


def _sees_all_events(access) -> bool:
    """As the item page decides: staff and departments read every event, others the public."""
    return access is not None and (
        access.may(Action.VIEW_ALL_GRIEVANCES) or access.may(Action.ANSWER_AS_DEPARTMENT)
    )


def _timeline(grievance: Grievance, access) -> Table:
    shown = timeline_of(grievance, public_only=not _sees_all_events(access), show_all=True)
    return Table(
        "timeline",
        _("Timeline"),
        [("time", _("time")), ("event", _("event")), ("by", _("by")), ("note", _("note"))],
        [
            {
                "time": when(e.created_at),
                "event": event_label(e.action),
                "by": display_name(e.actor),
                "note": e.note,
            }
            for e in shown.events
        ],
    )


def _attachments(grievance: Grievance, access, user) -> Table:
    return Table(
        "attachments",
        _("Attachments"),
        [("name", _("file name")), ("size", _("size")), ("added", _("created at"))],
        [
            {"name": a.original_name, "size": a.size, "added": when(a.created_at)}
            for a in visible_attachments(grievance, access, user)
        ],
    )


ITEM_COLUMNS = [
    ("enterprise", gettext_lazy("enterprise")),
    ("number", gettext_lazy("number")),
    ("kind", gettext_lazy("kind")),
    ("disclosure", gettext_lazy("disclosure")),
    ("channel", gettext_lazy("channel")),
    ("received", gettext_lazy("received at")),
    ("status", gettext_lazy("status")),
    ("category", gettext_lazy("category")),
    ("title", gettext_lazy("subject")),
    ("content", gettext_lazy("content")),
    ("requester", gettext_lazy("requester")),
    ("unit", gettext_lazy("unit")),
    ("phone", gettext_lazy("phone")),
    ("reply", gettext_lazy("reply to the requester")),
    ("attachments", gettext_lazy("Attachments")),
    ("timeline", gettext_lazy("Timeline")),
]


def items(user) -> list[Table]:
    mine = (
        Grievance.objects.filter(requester=user)
        .select_related("enterprise", "category", "requester_unit__parent")
        .order_by("received_at", "id")
    )
    rows = [_item(g, user) for g in mine]
    table = Table("items", _("My grievances and suggestions"), ITEM_COLUMNS, rows)
    return [table, _views_of_me(user, {g.pk: g for g in mine})]


def _item(g: Grievance, user) -> dict:
    """One of the person's named items, with its attachments and timeline as they see them."""
    access = access_for(user, g.enterprise)
    return {
        "enterprise": g.enterprise.name,
        "number": g.number,
        "kind": g.get_kind_display(),
        "disclosure": g.get_disclosure_display(),
        "channel": g.get_channel_display(),
        "received": when(g.received_at),
        "status": g.get_status_display(),
        "category": g.category.name if g.category else "",
        "title": g.title,
        "content": g.content,
        "requester": g.requester_name or display_name(user),
        "unit": g.requester_unit.label if g.requester_unit else "",
        "phone": g.requester_phone,
        "reply": g.public_reply,
        "attachments": _attachments(g, access, user),
        "timeline": _timeline(g, access),
    }


def _views_of_me(user, mine: dict) -> Table:
    table = Table(
        "identity_views",
        _("Who saw my identity"),
        as_list=True,
        columns=[
            ("time", _("time")),
            ("number", _("item")),
            ("viewer", _("who looked")),
            ("page", _("page")),
        ],
    )
    views = IdentityView.objects.filter(target_type=GRIEVANCE_TYPE, target_id__in=list(mine))
    for v in views.select_related("viewer").order_by("viewed_at", "id"):
        table.rows.append(
            {
                "time": when(v.viewed_at),
                "number": mine[v.target_id].number,
                "viewer": display_name(v.viewer),
                "page": context_label(v.context),
            }
        )
    return table
