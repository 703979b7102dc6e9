"""What step 6 adds to the enterprise home, its menu, the grievance's page, /track/ and the
public page (registered in SupervisionConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.dashboard import NavLink, Panel, PanelItem
from consult.roles import Action
from grievances.sections import has_part
from supervision.clocks import clocks_for
from supervision.models import Bulletin, Escalation
from supervision.selectors import notice_rows, sees_all_tasks, visible_tasks
from supervision.workflow import TASK_FLOW


def nav_links(access) -> list[NavLink]:
    if access.aggregate_only:
        return []
    code = access.enterprise.code
    links = []
    if sees_all_tasks(access):
        links.append(NavLink(_("Supervision"), reverse("supervision_queue", args=[code])))
    elif access.may(Action.ANSWER_AS_DEPARTMENT):
        links.append(NavLink(_("My department's tasks"), reverse("supervision_queue", args=[code])))
    if access.may(Action.SUPERVISE):
        links.append(NavLink(_("Bulletins"), reverse("bulletin_list", args=[code])))
    links.append(NavLink(_("Notice of results"), reverse("supervision_notice", args=[code])))
    return links


def waiting_panel(request, access):
    if access.aggregate_only:
        return None
    code = access.enterprise.code
    today = timezone.localdate()
    items = []
    department_id = access.membership.department_id if access.membership else None
    tasks = visible_tasks(access)
    # The same questions as the queues: which tasks wait for this user's step (the flow's table).
    to_report = tasks.filter(TASK_FLOW.waiting_q(access, steps=["report"]))
    to_tell = tasks.filter(TASK_FLOW.waiting_q(access, steps=["tell"]))
    for t in to_report[:8]:
        items.append(
            PanelItem(
                label=t.title,
                url=reverse("task_detail", args=[code, t.pk]),
                note=_("due %(day)s") % {"day": t.deadline.isoformat()},
                urgent=t.deadline_missed(today),
            )
        )
    if access.may(Action.SUPERVISE):
        for t in to_tell.order_by("inform_due", "id")[:8]:
            items.append(
                PanelItem(
                    label=_("Tell the requester: %(title)s") % {"title": t.title},
                    url=reverse("task_detail", args=[code, t.pk]),
                    note=_("by %(day)s")
                    % {"day": t.inform_due.isoformat() if t.inform_due else ""},
                    urgent=t.inform_missed(today),
                )
            )
        for e in Escalation.objects.filter(
            to_enterprise=access.enterprise, status=Escalation.Status.OPEN
        ).select_related("from_enterprise")[:5]:
            items.append(
                PanelItem(
                    label=_("Handed up by %(name)s") % {"name": e.from_enterprise.name},
                    url=reverse("escalation_detail", args=[code, e.pk]),
                )
            )
    if not items:
        return None
    return Panel(
        title=_("Supervision waiting for me"),
        items=items,
        more_url=reverse("supervision_queue", args=[code])
        if sees_all_tasks(access) or department_id
        else "",
        order=30,
    )


def public_notice_extra(request, enterprise):
    """On /s/<code>/, the results of issued bulletins the union chose to publish."""
    rows = [
        r
        for r in notice_rows(enterprise)
        if r["bulletin"].on_public_page and r["bulletin"].status == Bulletin.Status.ISSUED
    ]
    if not rows:
        return None
    return {"template": "supervision/_notice_rows.html", "context": {"rows": rows}}


def _task_rows(tasks):
    today = timezone.localdate()
    clocks = clocks_for(tasks, today=today)
    return [{"task": t, "clock1": clocks[t.pk][0], "clock2": clocks[t.pk][1]} for t in tasks]


def grievance_section(request, access, grievance):
    """Tasks serving the item with both clocks, on the grievance's page."""
    if not has_part(grievance, "tasks"):
        return None
    tasks = list(grievance.tasks.select_related("lead_department").order_by("id"))
    if not tasks:
        return None
    visible = set(
        visible_tasks(access).filter(pk__in=[t.pk for t in tasks]).values_list("pk", flat=True)
    )
    return {
        "template": "supervision/_grievance_section.html",
        "context": {
            "rows": _task_rows(tasks),
            "visible": visible,
            "code": access.enterprise.code,
            "told": list(grievance.told.all()),
        },
    }


def track_section(grievance):
    """On /track/: when the union will tell the requester, and how they were told."""
    tasks = list(grievance.tasks.order_by("id"))
    if not tasks:
        return None
    return {
        "template": "supervision/_track_section.html",
        "context": {"rows": _task_rows(tasks), "told": list(grievance.told.all())},
    }
