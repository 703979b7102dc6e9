"""Step 6 (工会督导办理): tasks from both paths, tracking visits, telling the requester,
escalation to the parent body, bulletins, and the outbox of reminders.

A task serves one or more grievances (the grievance stays the spine); state changes happen
only in `supervision.services` through `consult.workflow.apply` and the tables of
`supervision.workflow`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.models import Department, Enterprise, display_name
from grievances.models import Grievance
from meetings.models import Decision, Meeting


class TaskSource(models.TextChoices):
    DECISION = "decision", _("Meeting decision")
    DIRECT = "direct", _("Department's answer")
    REMEDY = "remedy", _("Remedy after dissatisfaction")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Being handled by the department")
    REPORTED = "reported", _("Reported to the union")
    ESCALATED = "escalated", _("Handed up to the parent body")
    INFORMED = "informed", _("Requester told")
    WITHDRAWN = "withdrawn", _("Withdrawn: the item went to a consultation meeting")


class Outcome(models.TextChoices):
    """The handbook's three boxes of the 跟踪表."""

    DONE = "done", _("Completed")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPOSSIBLE = "impossible", _("Not possible under present conditions")


class TaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date):
        """Tasks past a deadline of step 6 (see `Task.overdue_q`)."""
        return self.filter(Task.overdue_q(today))


class Task(models.Model):
    """承办事项: what a department must do for one decision or one answered item."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("enterprise")
    )
    source = models.CharField(_("source"), max_length=10, choices=TaskSource.choices)
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task",
        verbose_name=_("decision"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("meeting"),
    )
    grievances = models.ManyToManyField(
        Grievance, related_name="tasks", verbose_name=_("items served")
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("what is to be done"))
    lead_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="lead_tasks", verbose_name=_("lead")
    )
    co_departments = models.ManyToManyField(
        Department, blank=True, related_name="co_tasks", verbose_name=_("co-operating departments")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    started_on = models.DateField(_("began on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    visits_required = models.PositiveSmallIntegerField(_("visits required"), default=0)
    progress = models.TextField(_("progress"), blank=True)
    # The department's report (clock 1: within 3 working days after completion).
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(_("what was done, or why it cannot be done"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    # Clock 2: the union tells the requester within 3 working days of receiving the feedback
    # (the department's report, or the parent body's answer).
    feedback_on = models.DateField(_("feedback received on"), null=True, blank=True)
    inform_due = models.DateField(_("requester to be told by"), null=True, blank=True)
    informed_on = models.DateField(_("requester told on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self):
        return self.title

    # -- derived states: the one definition of "overdue" (issue 18 point 24) -------------------

    @staticmethod
    def overdue_q(today: datetime.date) -> models.Q:
        """Past the department's deadline without a report, or past clock 2 without telling
        the requester: the filter of `is_overdue`, for lists, counts and digests."""
        return models.Q(status=TaskStatus.OPEN, deadline__lt=today) | models.Q(
            status=TaskStatus.REPORTED, inform_due__lt=today
        )

    def deadline_missed(self, today: datetime.date) -> bool:
        """The department has not reported and its deadline has passed."""
        return self.status == TaskStatus.OPEN and self.deadline < today

    def inform_missed(self, today: datetime.date) -> bool:
        """The result was reported and the day to tell the requester has passed."""
        return (
            self.status == TaskStatus.REPORTED
            and self.inform_due is not None
            and self.inform_due < today
        )

    def is_overdue(self, today: datetime.date) -> bool:
        return self.deadline_missed(today) or self.inform_missed(today)

    @property
    def overdue(self) -> bool:
        """`is_overdue` today (for templates)."""
        return self.is_overdue(timezone.localdate())

    @property
    def departments(self):
        """Lead and co-operating departments (used by the flow's department notices)."""
        return Department.objects.filter(
            models.Q(pk=self.lead_department_id) | models.Q(co_tasks=self)
        ).distinct()


class VisitMethod(models.TextChoices):
    SITE = "site", _("On-site visit")
    COVERT = "covert", _("Unannounced visit")
    PHONE = "phone", _("Phone")
    DOCUMENTS = "documents", _("Document check")


METHOD_PRINT = {
    VisitMethod.SITE: "实地走访",
    VisitMethod.COVERT: "暗访",
    VisitMethod.PHONE: "电话",
    VisitMethod.DOCUMENTS: "材料核查",
}


class TrackingVisit(models.Model):
    """跟踪: one visit of the supervision group (management, union, employee representatives)."""

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="visits", verbose_name=_("task")
    )
    visited_on = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices)
    union_members = models.CharField(_("from the union"), max_length=100, blank=True)
    management_members = models.CharField(_("from management"), max_length=100, blank=True)
    representatives = models.CharField(_("employee representatives"), max_length=100, blank=True)
    findings = models.TextField(_("findings"))
    status = models.CharField(_("status found"), max_length=12, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("tracking visit")
        verbose_name_plural = _("tracking visits")
        ordering = ["visited_on", "id"]

    def __str__(self):
        return f"{self.task} {self.visited_on}"

    @property
    def team(self) -> str:
        return "、".join(
            p for p in (self.union_members, self.management_members, self.representatives) if p
        )


class TellMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Face to face")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")


class RequesterTold(models.Model):
    """How and when the union told one requester the process and result (clock 2)."""

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="told", verbose_name=_("task")
    )
    grievance = models.ForeignKey(
        Grievance, on_delete=models.PROTECT, related_name="told", verbose_name=_("grievance")
    )
    method = models.CharField(_("how"), max_length=10, choices=TellMethod.choices)
    told_at = models.DateTimeField(_("when"))
    text = models.TextField(_("what the requester was told"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("told by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("requester told")
        verbose_name_plural = _("requesters told")
        ordering = ["told_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "grievance"], name="told_once_per_task")
        ]

    def __str__(self):
        return f"{self.told_at:%Y-%m-%d} {self.get_method_display()}"


class Escalation(models.Model):
    """分级负责制: a task this level cannot solve, handed up to the parent body."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the parent body")
        HANDED_UP = "handed_up", _("Handed up again to the next level")
        ANSWERED = "answered", _("Answered by the parent body")

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="escalations", verbose_name=_("task")
    )
    from_enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("from enterprise")
    )
    to_enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="escalations_received",
        verbose_name=_("handed up to"),
    )
    # The hand-up this one continues, when the body it went to could not solve it either and
    # handed it up to its own parent (分级负责制, level by level).
    handed_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handed_up_to",
        verbose_name=_("continues"),
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("handed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.task} → {self.to_enterprise}"

    @property
    def answered_by_name(self) -> str:
        return display_name(self.answered_by)


class Bulletin(models.Model):
    """情况通报: the result of supervising one meeting's decided items; editable until issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="bulletins", verbose_name=_("enterprise")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="bulletins", verbose_name=_("meeting")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=100)
    body = models.TextField(_("text"))
    signature = models.CharField(_("signed"), max_length=100)
    dated = models.DateField(_("date"))
    on_public_page = models.BooleanField(_("also on the public page"), default=False)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-dated", "-id"]

    def __str__(self):
        return self.title
