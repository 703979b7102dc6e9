"""Dashboard panels and menu links of the meetings app (registered in MeetingsConfig.ready)."""

import calendar
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.dashboard import NavLink, Panel, PanelItem
from consult.models import LeadingGroup
from consult.roles import Action
from meetings.models import Meeting, Participant, Rsvp
from meetings.selectors import RHYTHM_KINDS, last_meeting_date, queued_topics
from meetings.workflow import MEETING_FLOW, UPCOMING

DUE_SOON_DAYS = 14


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _url(meeting: Meeting) -> str:
    return reverse("meeting_detail", kwargs={"code": meeting.enterprise.code, "pk": meeting.pk})


def nav_links(access) -> list[NavLink]:
    if any(
        access.may(a)
        for a in (Action.MANAGE_MEETINGS, Action.APPROVE_MEETING_NOTICE, Action.ATTEND_MEETINGS)
    ):
        return [NavLink(_("Meetings"), reverse("meeting_list", args=[access.enterprise.code]))]
    return []


def invitations_panel(request, access):
    rows = list(
        Participant.objects.filter(
            user=request.user,
            meeting__enterprise=access.enterprise,
            meeting__status__in=UPCOMING,
        ).select_related("meeting__enterprise")
    )
    if not rows:
        return None
    return Panel(
        title=_("Your meeting invitations"),
        items=[
            PanelItem(
                label=f"{p.meeting.label} {p.meeting.date:%Y-%m-%d} {p.meeting.place}",
                url=_url(p.meeting),
                note=p.get_rsvp_display(),
                urgent=p.rsvp == Rsvp.PENDING,
            )
            for p in rows
        ],
        order=20,
    )


def notices_to_approve_panel(request, access):
    if not access.may(Action.APPROVE_MEETING_NOTICE):
        return None
    meetings = list(
        Meeting.objects.filter(enterprise=access.enterprise)
        .filter(MEETING_FLOW.waiting_q(access, steps=["approve_notice"]))
        .select_related("enterprise")
    )
    return Panel(
        title=_("Meeting notices to approve"),
        items=[PanelItem(label=m.label, url=_url(m), urgent=True) for m in meetings],
        total=len(meetings),
        empty_text=_("No notice is waiting for your approval."),
        order=15,
    )


def rhythm_items(enterprise, today: datetime.date) -> list[PanelItem]:
    """When the leading group's quarterly meeting and the dispatch meeting are due."""
    group = LeadingGroup.objects.filter(enterprise=enterprise).first()
    if group is None:
        return []
    items = []
    for key, label, months in (
        ("group", _("Leading group quarterly meeting"), group.group_meeting_interval_months),
        ("dispatch", _("Dispatch meeting"), group.dispatch_meeting_interval_months),
    ):
        if not months:
            continue
        last = last_meeting_date(enterprise, RHYTHM_KINDS[key])
        if last is None:
            items.append(PanelItem(label=label, note=_("none held yet: due now"), urgent=True))
            continue
        due = add_months(last, months)
        if due < today:
            note, urgent = _("overdue since %(date)s") % {"date": due.isoformat()}, True
        elif (due - today).days <= DUE_SOON_DAYS:
            note, urgent = _("due on %(date)s") % {"date": due.isoformat()}, True
        else:
            note, urgent = _("next due on %(date)s") % {"date": due.isoformat()}, False
        items.append(PanelItem(label=label, note=note, urgent=urgent))
    return items


def rhythm_panel(request, access):
    if not access.may(Action.MANAGE_MEETINGS):
        return None
    enterprise = access.enterprise
    items = rhythm_items(enterprise, timezone.localdate())
    queued = queued_topics(enterprise).count()
    items.append(
        PanelItem(
            label=_("Topics waiting for a meeting: %(n)d") % {"n": queued},
            url=reverse("meeting_list", args=[enterprise.code]),
        )
    )
    return Panel(title=_("Meeting rhythm"), items=items, order=25)
