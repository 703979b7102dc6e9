"""What step 3 adds to the enterprise home ("what is waiting for me") and to its menu."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from consult.aggregates import cached_figures
from consult.dashboard import NavLink, Panel, PanelItem
from consult.roles import Action
from grievances.models import CollectionRegister, Grievance
from grievances.workflow import ENDED_STATES, GRIEVANCE_FLOW, REGISTER_FLOW, RESOLVED_STATES


def nav_links(access) -> list[NavLink]:
    code = access.enterprise.code
    links = []
    if access.may(Action.SUBMIT_GRIEVANCE):
        links.append(NavLink(_("My grievances"), reverse("grievance_mine", args=[code])))
    if access.may(Action.VIEW_ALL_GRIEVANCES):
        links.append(NavLink(_("Grievances"), reverse("grievance_list", args=[code])))
    if access.may(Action.REGISTER_GRIEVANCE):
        links.append(NavLink(_("Register an item"), reverse("grievance_register", args=[code])))
    if access.may(Action.VERIFY_GRIEVANCE):
        links.append(NavLink(_("Topics"), reverse("topic_list", args=[code])))
    if access.may(Action.KEEP_REGISTER) or access.may(Action.REGISTER_GRIEVANCE):
        links.append(NavLink(_("Collection registers"), reverse("register_list", args=[code])))
    if access.may(Action.APPROVE_ROUTING):
        links.append(NavLink(_("Routing to approve"), reverse("approval_queue", args=[code])))
    if access.may(Action.ANSWER_AS_DEPARTMENT):
        links.append(
            NavLink(_("Items for my department"), reverse("department_queue", args=[code]))
        )
    if access.may(Action.MANAGE_PERSONAL_DATA):
        links.append(NavLink(_("Personal data"), reverse("personal_data", args=[code])))
    return links


def waiting_panel(request, access):
    enterprise = access.enterprise
    code = enterprise.code
    qs = (
        Grievance.objects.filter(enterprise=enterprise)
        .filter(GRIEVANCE_FLOW.waiting_q(access))
        .distinct()
        .order_by("received_at", "id")
    )
    rows = list(qs[:8])
    items = [
        PanelItem(
            label=f"{g.number} {g.content[:30]}",
            url=reverse("grievance_detail", args=[code, g.pk]),
            note=g.get_status_display(),
        )
        for g in rows
    ]
    handed_up = (
        CollectionRegister.objects.filter(enterprise=enterprise)
        .filter(REGISTER_FLOW.waiting_q(access, steps=["convert"]))
        .select_related("unit__parent")
    )
    if access.may(Action.REGISTER_GRIEVANCE):
        for r in handed_up[:5]:
            items.append(
                PanelItem(
                    label=_("Collection register: %(unit)s") % {"unit": r.unit.label},
                    url=reverse("register_detail", args=[code, r.pk]),
                )
            )
    handles = any(
        access.may(a)
        for a in (
            Action.VERIFY_GRIEVANCE,
            Action.SIGN_OPINION,
            Action.APPROVE_ROUTING,
            Action.ANSWER_AS_DEPARTMENT,
            Action.REGISTER_GRIEVANCE,
        )
    )
    if not items and not handles:
        return None
    more = ""
    if access.may(Action.VIEW_ALL_GRIEVANCES):
        more = reverse("grievance_list", args=[code])
    return Panel(
        title=_("Grievances waiting for me"),
        items=items,
        more_url=more,
        empty_text=_("Nothing is waiting for you."),
        order=10,
    )


def aggregate_panel(request, access):
    """The federation's view: this year's figures of the enterprise, no item and no person."""
    if not access.aggregate_only:
        return None
    from django.db.models import Count
    from django.utils import timezone

    year = timezone.localdate().year
    closed = sorted(RESOLVED_STATES)
    ended = sorted(ENDED_STATES)
    counted = cached_figures(
        "year-figures",
        access.enterprise.pk,
        {"year": year},
        lambda: Grievance.objects.filter(enterprise=access.enterprise, year=year).aggregate(
            total=Count("id"),
            resolved=Count("id", filter=Q(status__in=closed)),
            ended=Count("id", filter=Q(status__in=ended)),
        ),
    )
    figures = counted.value
    in_progress = figures["total"] - figures["resolved"] - figures["ended"]
    return Panel(
        title=_("Figures for %(year)s") % {"year": year},
        items=[
            PanelItem(_("Received: %(n)d") % {"n": figures["total"]}),
            PanelItem(_("Being handled: %(n)d") % {"n": in_progress}),
            PanelItem(_("Answered or decided: %(n)d") % {"n": figures["resolved"]}),
            PanelItem(_("Rejected, merged or withdrawn: %(n)d") % {"n": figures["ended"]}),
        ],
        order=5,
        figures=counted,
    )


def my_items_panel(request, access):
    """The person's own items (named or confidential) and where each stands."""
    if access.aggregate_only or not access.may(Action.SUBMIT_GRIEVANCE):
        return None
    code = access.enterprise.code
    rows = list(
        Grievance.objects.filter(enterprise=access.enterprise, requester=request.user).order_by(
            "-received_at", "-id"
        )[:5]
    )
    return Panel(
        title=_("My grievances"),
        items=[
            PanelItem(
                label=f"{g.number} {g.content[:30]}",
                url=reverse("grievance_detail", args=[code, g.pk]),
                note=g.get_status_display(),
            )
            for g in rows
        ],
        more_url=reverse("grievance_mine", args=[code]),
        empty_text=_("You have raised nothing yet. Use “Submit a grievance or suggestion”."),
        order=15,
        action_label=_("Submit a grievance or suggestion"),
        action_url=reverse("grievance_submit", args=[code]),
    )


def grievance_step_taken(sender, obj, step, by, event, **kwargs):
    """A step on an item did the work its earlier notifications asked for (of the union,
    management, departments: see consult.audit.step_done). The requester's news asks nothing
    and stays until they see it."""
    from consult.audit import step_done

    step_done(
        flow=sender,
        step=step,
        enterprise=obj.enterprise,
        url=reverse("grievance_detail", args=[obj.enterprise.code, obj.pk]),
        event=event,
        by=by,
    )
