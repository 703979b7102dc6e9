"""Step 3 (征集协商议题): grievances, their events, topics, and the unit collection registers.

The grievance is the spine: every later record points back to it, and every change of its
status is one `GrievanceEvent` row. Status changes happen only in `grievances.services`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.models import Category, Department, Enterprise, OrgUnit
from grievances.choices import Disclosure, IntakeChannel, Kind, Route, Status
from grievances.events import GrievanceEventType

# Items imported from an office's earlier ledgers (ledger.history) are numbered from this
# serial on, through their year's counter (`GrievanceCounter.history_last`): shown as
# 历-2025-0001, they never take a live number (live serials stay below it, a check on the
# counter says so) and the unique number of an item holds for both.
HISTORY_SERIAL_BASE = 1_000_000_000
HISTORY_PREFIX = "历"


def _display(name, choices):
    """get_<name>_display without Django's hashing of all the field's lazy labels on each call
    (a gettext per label: some 60 per row of the staff list)."""
    labels = dict(choices.choices)
    return lambda self: str(labels.get(getattr(self, name), getattr(self, name)))


class Grievance(models.Model):
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="grievances",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GRIEVANCE)
    channel = models.CharField(
        _("channel"), max_length=12, choices=IntakeChannel.choices, default=IntakeChannel.ONLINE
    )
    disclosure = models.CharField(
        _("disclosure"), max_length=12, choices=Disclosure.choices, default=Disclosure.NAMED
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    title = models.CharField(_("subject"), max_length=120, blank=True)
    content = models.TextField(_("content"), max_length=5000)
    received_at = models.DateTimeField(_("received at"))

    # The requester. For anonymous items all of these stay empty.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievances",
        verbose_name=_("requester account"),
    )
    requester_name = models.CharField(_("requester"), max_length=40, blank=True)
    requester_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("unit")
    )
    requester_phone = models.CharField(_("phone"), max_length=30, blank=True)

    # Anonymous follow-up: a public receipt code and a hashed secret (never the secret itself).
    receipt_code = models.CharField(_("receipt code"), max_length=16, unique=True, null=True)
    receipt_secret_hash = models.CharField(
        max_length=128, blank=True, verbose_name=_("receipt secret hash")
    )
    # The secret itself lives only on the object the intake service returns, to be shown once.
    receipt_secret: str
    # Set on the item an intake service returns for a repeated form token (not stored).
    repeated: bool = False

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="grievances", verbose_name=_("handling departments")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    route = models.CharField(_("route"), max_length=12, choices=Route.choices, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("merged into"),
    )
    topic = models.ForeignKey(
        "Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievances",
        verbose_name=_("topic"),
    )
    public_reply = models.TextField(
        _("reply to the requester"), blank=True, help_text=_("The requester can read this.")
    )

    # A hidden per-form token: the same form posted twice creates one grievance.
    submission_token = models.CharField(
        max_length=40, unique=True, null=True, editable=False, verbose_name=_("submission token")
    )
    register_row = models.OneToOneField(
        "RegisterRow",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievance",
        verbose_name=_("collection register row"),
    )

    # 诉求办理意见: the union chair's opinion and the deputy's approval, with who and when.
    opinion = models.TextField(_("union opinion"), blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opinion by"),
    )
    opinion_at = models.DateTimeField(_("opinion signed at"), null=True, blank=True)
    approval_note = models.TextField(_("approval comment"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    # 职能部门意见（解决措施）
    answer_measures = models.TextField(_("measures"), blank=True)
    answer_due = models.DateField(_("to be done by"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    # 个人信息保护法: words of the item's texts that would identify the requester, one per line,
    # marked by union staff who may see the requester; erased with the identity (below).
    identifying_text = models.TextField(
        _("identifying text"),
        blank=True,
        help_text=_("Words or sentences that would identify the requester, one per line."),
    )
    # When the requester's identity was erased (retention period over, or on request).
    identity_erased_at = models.DateTimeField(
        _("identity erased at"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "serial"], name="grievance_unique_number"
            )
        ]
        indexes = [
            # The staff list: newest first, unfiltered or by status (index scans, no sort).
            models.Index(fields=["enterprise", "-received_at", "-id"], name="grievance_recent"),
            models.Index(
                fields=["enterprise", "status", "-received_at", "-id"],
                name="grievance_status_recent",
            ),
            # A person's own items (their home and "my grievances"): without it SQLite walks
            # the enterprise's items newest first looking for the requester's.
            models.Index(
                fields=["requester", "enterprise", "-received_at", "-id"],
                name="grievance_requester_recent",
                condition=models.Q(requester__isnull=False),
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return format_number(self.year, self.serial)

    @property
    def is_history(self) -> bool:
        """Imported from an earlier ledger (ledger.history), closed as it was there."""
        return self.serial >= HISTORY_SERIAL_BASE

    get_kind_display = _display("kind", Kind)
    get_channel_display = _display("channel", IntakeChannel)
    get_disclosure_display = _display("disclosure", Disclosure)
    get_status_display = _display("status", Status)

    @property
    def is_protected(self) -> bool:
        return self.disclosure != Disclosure.NAMED


def format_number(year: int, serial: int) -> str:
    """An item's number as people write it: 2026-0007, or 历-2025-0001 for imported history."""
    if serial >= HISTORY_SERIAL_BASE:
        return f"{HISTORY_PREFIX}-{year}-{serial - HISTORY_SERIAL_BASE:04d}"
    return f"{year}-{serial:04d}"


def parse_number(text: str) -> tuple[int, int] | None:
    """(year, serial) of a number as `format_number` writes it; None when it is not one."""
    text = (text or "").strip()
    history = text.startswith(f"{HISTORY_PREFIX}-")
    if history:
        text = text[len(HISTORY_PREFIX) + 1 :]
    year, dash, serial = text.partition("-")
    if not (dash and year.isdigit() and serial.isdigit() and len(year) == 4):
        return None
    number = int(serial)
    if number >= HISTORY_SERIAL_BASE:
        return None
    return int(year), number + HISTORY_SERIAL_BASE if history else number


class GrievanceCounter(models.Model):
    """The last serial used per enterprise and year; locked row makes numbering gapless.
    `history_last` counts the year's items imported from earlier ledgers (ledger.history)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)
    history_last = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="grievance_counter_unique"),
            models.CheckConstraint(
                condition=models.Q(last__lt=HISTORY_SERIAL_BASE),
                name="grievance_counter_below_history",
            ),
        ]


class GrievanceEvent(models.Model):
    """One change of a grievance (who, when, from, to, note); timelines read these rows."""

    # The newest notification id when the row was written (consult.audit, not stored).
    notifications_before: int | None = None

    grievance = models.ForeignKey(
        Grievance, on_delete=models.PROTECT, related_name="events", verbose_name=_("grievance")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=40, choices=GrievanceEventType.choices)
    from_status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, verbose_name=_("to status")
    )
    note = models.TextField(_("note"), blank=True)
    # Shown to the requester on /track/ and in their notifications.
    public = models.BooleanField(default=False, verbose_name=_("shown to the requester"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    # {field: [old, new]} for each field the step changed.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("grievance event")
        verbose_name_plural = _("grievance events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return str(self.get_action_display())


class DepartmentAnswer(models.Model):
    """职能部门意见: one handling department's answer, measures with a date or the reason it
    cannot solve the item, signed by whoever answered. An item routed to several departments
    moves on when each has answered. A cannot-solve answer the union sends back is kept,
    superseded, and the department answers again."""

    class Outcome(models.TextChoices):
        MEASURES = "measures", _("Measures")
        CANNOT_SOLVE = "cannot_solve", _("Cannot solve")

    grievance = models.ForeignKey(
        Grievance,
        on_delete=models.PROTECT,
        related_name="department_answers",
        verbose_name=_("grievance"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    outcome = models.CharField(_("answer"), max_length=16, choices=Outcome.choices)
    text = models.TextField(_("measures, or why it cannot be solved"))
    due = models.DateField(_("to be done by"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"))
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("department answer")
        verbose_name_plural = _("department answers")
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["grievance", "department"],
                condition=models.Q(superseded_at__isnull=True),
                name="department_answer_unique_current",
            )
        ]

    def __str__(self):
        return f"{self.grievance} {self.department}"

    @property
    def cannot_solve(self) -> bool:
        return self.outcome == self.Outcome.CANNOT_SOLVE


class Topic(models.Model):
    """议题: one or more grievances grouped for handling, and the unit a meeting agenda takes."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being prepared")
        QUEUED = "queued", _("Waiting for a meeting")
        SCHEDULED = "scheduled", _("On a meeting agenda")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="topics", verbose_name=_("enterprise")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("content"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="topics", verbose_name=_("responsible departments")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    note = models.CharField(_("remarks"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
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
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        """The union may refine a topic until it goes on a meeting's agenda."""
        return self.status in {self.Status.OPEN, self.Status.QUEUED}


def _attachment_path(instance, filename):
    # Generated names only: the uploaded file's name is never used on disk.
    return f"grievances/{instance.grievance.enterprise_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    grievance = models.ForeignKey(
        Grievance, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("grievance")
    )
    file = models.FileField(upload_to=_attachment_path, max_length=200, verbose_name=_("file"))
    extension = models.CharField(max_length=10, verbose_name=_("file extension"))
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, verbose_name=_("file type"))
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # Union staff who may see the requester cleared the file as free of identifying content:
    # only then do its name and file reach those who may not see who the requester is.
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    # Erased with the requester's identity: the file is removed from storage, the row stays.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class CollectionRegister(models.Model):
    """征集协商议题记录本: one unit's register, kept by its union leader and handed up."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being kept")
        HANDED_UP = "handed_up", _("Handed up to the enterprise union")
        CONVERTED = "converted", _("Turned into grievances")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, verbose_name=_("unit"))
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("keeper"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    handed_up_at = models.DateTimeField(_("handed up at"), null=True, blank=True)
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection register")
        verbose_name_plural = _("collection registers")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.unit} {self.created_at:%Y-%m-%d}"


class RegisterRow(models.Model):
    register = models.ForeignKey(
        CollectionRegister,
        on_delete=models.PROTECT,
        related_name="rows",
        verbose_name=_("collection register"),
    )
    position = models.PositiveSmallIntegerField(_("no."))
    name = models.CharField(_("name"), max_length=40)
    content = models.TextField(_("content"), max_length=2000)
    raised_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("register row")
        verbose_name_plural = _("register rows")
        ordering = ["register", "position"]

    def __str__(self):
        return f"{self.position}. {self.name}"
