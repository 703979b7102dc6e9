"""Dashboard panels and menu links of the meetings app (registered in MeetingsConfig.ready)."""

import calendar
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.dashboard import NavLink, Panel, PanelItem
from consult.models import LeadingGroup
from consult.roles import Action
from meetings.models import Meeting, MeetingStatus, Participant, Rsvp
from meetings.selectors import RHYTHM_KINDS, queued_topics
from meetings.workflow import MEETING_FLOW, PAST_DRAFT, UPCOMING

HELD = frozenset({MeetingStatus.HELD, MeetingStatus.MINUTES_FINAL})

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


def period_of(day: datetime.date, months: int) -> tuple[datetime.date, datetime.date]:
    """The calendar period of `months` months (3: the quarter, 1: the month) holding `day`:
    its first and last day."""
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return start, add_months(start, months) - datetime.timedelta(days=1)


def rhythm_items(enterprise, today: datetime.date) -> list[PanelItem]:
    """The leading group's quarterly meeting and the monthly dispatch meeting (领导小组职责
    五、六), counted by calendar quarter and month: due until one is held in the period, then
    quiet; a meeting convened for the period says when it is."""
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
        start, end = period_of(today, months)
        meetings = list(
            Meeting.objects.filter(
                enterprise=enterprise,
                kind__in=RHYTHM_KINDS[key],
                date__range=(start, end),
                status__in=PAST_DRAFT,
            )
            .order_by("date")
            .values_list("status", "date")
        )
        held = [d for status, d in meetings if status in HELD]
        if held:
            note = _("held on %(date)s") % {"date": held[-1].isoformat()}
            items.append(PanelItem(label=label, note=note, urgent=False))
            continue
        if meetings:
            note = _("convened for %(date)s") % {"date": meetings[0][1].isoformat()}
            items.append(PanelItem(label=label, note=note, urgent=False))
            continue
        if (end - today).days <= DUE_SOON_DAYS:
            note = _("not yet held: due by %(date)s") % {"date": end.isoformat()}
            urgent = True
        else:
            note = _("due by %(date)s") % {"date": end.isoformat()}
            urgent = False
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
