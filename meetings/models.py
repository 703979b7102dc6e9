"""Steps 4–5 (确定协商人员 · 召开协商会议): consultation meetings, their agenda, participants,
chairing script, minutes and the decisions that supervision later turns into tasks.

Status changes happen only in `meetings.services`; each writes one `consult.AuditEvent` row
(the meeting's timeline).
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from consult.messages import MSGID, PARAMS, deferred, render
from consult.models import CurrentManager, Department, Enterprise, display_name
from grievances.models import Topic

# 2026年第3次 / No. 3 of 2026
LABEL = gettext_noop("No. %(number)s of %(year)s")
RHYTHM_LABEL = gettext_noop("%(kind)s %(year)s No. %(number)s")


class MeetingKind(models.TextChoices):
    """协商形式: the forms a consultation may take (handbook step 5) and the rhythm meetings."""

    SPECIAL = "special", _("Special consultation meeting")
    LEADING_GROUP = "leading_group", _("Leading group working meeting")
    JOINT = "joint", _("Joint party–management meeting")
    QUARTERLY = "quarterly", _("Leading group quarterly meeting")
    DISPATCH = "dispatch", _("Dispatch meeting")


# The leading group's quarterly meeting and the monthly dispatch meeting (调度会议) are the
# leading group's own rhythm (领导小组职责 五、六): held without a consultation topic, with an
# agenda of their own, numbered in their own series (2026年第1次调度会议), printed as a plain
# notice and minutes. Every other form is a consultation meeting numbered 2026年第N次.
RHYTHM_KINDS = frozenset({MeetingKind.QUARTERLY, MeetingKind.DISPATCH})
CONSULTATION_SERIES = ""


def series_of(kind: str) -> str:
    """The numbering series of a form of meeting: its own for rhythm meetings."""
    return kind if kind in RHYTHM_KINDS else CONSULTATION_SERIES


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOTICE_PENDING = "notice_pending", _("Notice waiting for approval")
    NOTICE_SENT = "notice_sent", _("Notice approved and sent")
    HELD = "held", _("Held")
    MINUTES_FINAL = "minutes_final", _("Minutes finalised")


def _signin_token() -> str:
    return secrets.token_urlsafe(12)


class Meeting(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    # "" for consultation meetings; the kind for rhythm meetings, numbered apart.
    series = models.CharField(
        _("series"), max_length=16, blank=True, default=CONSULTATION_SERIES, editable=False
    )
    kind = models.CharField(
        _("form"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.SPECIAL
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=120)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host"),
    )
    reply_by = models.DateField(_("reply by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    script = models.TextField(_("chairing script"), blank=True)
    head_remarks = models.TextField(_("administrative head's remarks"), blank=True)
    # A rhythm meeting's own agenda and minutes (a consultation meeting's are per topic).
    agenda = models.TextField(_("agenda"), blank=True)
    minutes_text = models.TextField(_("minutes"), blank=True)
    signin_token = models.CharField(
        max_length=32, default=_signin_token, verbose_name=_("sign-in token")
    )
    notice_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notice approved by"),
    )
    notice_approved_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("notice approved at")
    )
    minutes_finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes finalised by"),
    )
    minutes_finalised_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("minutes finalised at")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "series", "number"], name="meeting_unique_number"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def is_rhythm(self) -> bool:
        return self.series != CONSULTATION_SERIES

    def starts_at(self) -> datetime.datetime:
        """The meeting's start in the site's time zone."""
        return datetime.datetime.combine(
            self.date, self.time, tzinfo=timezone.get_current_timezone()
        )

    @property
    def label(self) -> str:
        # In the reader's language; printed documents render in Chinese (2026年第3次).
        message = self.label_message()
        return render(message[MSGID], message[PARAMS])

    def label_message(self) -> dict:
        """The number as a notification keeps it, shown in the reader's language; rhythm
        meetings are numbered in their own series and say which ("2026年第1次调度会议")."""
        if self.is_rhythm:
            kind = deferred(MeetingKind(self.kind).label)
            return deferred(RHYTHM_LABEL, kind=kind, year=self.year, number=self.number)
        return deferred(LABEL, year=self.year, number=self.number)

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.MINUTES_FINAL

    @property
    def host_name(self) -> str:
        return display_name(self.host)


class MeetingCounter(models.Model):
    """The last meeting number per enterprise and year; the locked row keeps numbers gapless."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=16, blank=True, default=CONSULTATION_SERIES)
    last = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "series"], name="meeting_counter_unique"
            )
        ]


class AgendaItem(models.Model):
    """One topic on a meeting's agenda, with its part of the minutes (会议纪要)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("topic")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    statement = models.TextField(_("employee representative's statement"), blank=True)
    reply = models.TextField(_("management's reply"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("handling departments")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline in working days"), null=True, blank=True
    )
    summary = models.TextField(_("union chair's summary"), blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("removed by"),
    )

    all_objects = models.Manager()
    objects = CurrentManager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "id"]
        default_manager_name = "objects"  # related managers see current rows only
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "topic"],
                condition=models.Q(removed_at__isnull=True),
                name="agenda_unique_topic",
            )
        ]

    def __str__(self):
        return self.topic.title


class ParticipantGroup(models.TextChoices):
    """The handbook's four groups, in the order the notice and the sign-in sheet list them."""

    ADMINISTRATION = "administration", _("Enterprise administration")
    UNION = "union", _("Enterprise union")
    DEPARTMENTS = "departments", _("Administrative departments")
    REPRESENTATIVES = "representatives", _("Employee representatives")


GROUP_ORDER = {g.value: i for i, g in enumerate(ParticipantGroup)}
GROUP_PRINT = {
    ParticipantGroup.ADMINISTRATION: "企业行政",
    ParticipantGroup.UNION: "企业工会",
    ParticipantGroup.DEPARTMENTS: "行政部门",
    ParticipantGroup.REPRESENTATIVES: "职工代表",
}


class Rsvp(models.TextChoices):
    PENDING = "pending", _("Not answered")
    CONFIRMED = "confirmed", _("Will attend")
    LEAVE_REQUESTED = "leave_requested", _("Asked for leave")
    LEAVE_GRANTED = "leave_granted", _("Leave granted")
    LEAVE_REFUSED = "leave_refused", _("Leave refused")


class Participant(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=40, blank=True)
    group = models.CharField(_("group"), max_length=16, choices=ParticipantGroup.choices)
    label = models.CharField(
        _("post, department or unit"), max_length=60, blank=True, help_text=_("e.g. 机加工车间")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    rsvp = models.CharField(_("answer"), max_length=16, choices=Rsvp.choices, default=Rsvp.PENDING)
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    substitute_for = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitutes",
        verbose_name=_("substitute for"),
    )
    attended = models.BooleanField(_("attended"), default=False)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("removed by"),
    )

    all_objects = models.Manager()
    objects = CurrentManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["id"]
        default_manager_name = "objects"  # related managers see current rows only
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False, removed_at__isnull=True),
                name="participant_unique_user",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or display_name(self.user)


class Decision(models.Model):
    """决定事项: what a finalised meeting decided on one topic; supervision turns it into a task.

    Written once when the minutes are finalised and never edited, so nothing decided is lost.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="decision_record",
        verbose_name=_("agenda item"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="meeting_decisions", verbose_name=_("topic")
    )
    text = models.TextField(_("decision"))
    departments = models.ManyToManyField(
        Department, related_name="meeting_decisions", verbose_name=_("handling departments")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "agenda_item__order", "id"]

    def __str__(self):
        return f"{self.meeting.label} {self.topic.title}"
